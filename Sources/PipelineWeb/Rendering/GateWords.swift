import Foundation
import PipelineCore

/// A gate's checks in a person's language, with the workflow's field labels and role names
/// instead of ids: "Kosten (euro) is 340.000, mag hoogstens 250.000 zijn", "1 van 3
/// beoordelingen door Lid beoordelingscommissie, norm 3,5". The idea page and the API's
/// `GET /v1/ideas/{id}/gate` word checks with it, so both say the same.
///
/// ```swift
/// let words = wording.words(for: workflow, language: "nl")
/// words.message(check)  // "Kosten (euro) ontbreekt"
/// ```
public struct GateWords: GateCheckWording {
    public let workflow: Workflow
    let labels: Labels

    init(workflow: Workflow, labels: Labels) {
        self.workflow = workflow
        self.labels = labels
    }

    public var language: String { labels.language }

    /// What the check is about: a field's label, a rule's label, "Akkoord van Poortwachter".
    public func label(_ check: GateCheck) -> String {
        switch check.kind {
        case .deliverable: return subjectName(check.subject)
        case .rule: return check.subject
        case .approvals: return labels.format("check_approvals", ["role": role(check.subject)])
        case .scorecard: return labels.format("check_scorecard", ["role": role(check.subject)])
        case .condition:
            guard case .condition(_, let due, _, _) = check.detail else { return check.subject }
            return labels.format("check_condition", ["text": check.subject, "date": DutchFormat.day(due)])
        }
    }

    /// The gate as a whole: "De poort staat open …" or "De poort wacht nog op 2 punt(en)".
    public func summary(_ evaluation: GateEvaluation) -> String {
        if evaluation.holds { return labels["gate_holds"] }
        return labels.format("gate_waits_count", ["count": String(evaluation.failures.count)])
    }

    /// The check in one sentence that stands on its own (the API's `message`, a refused go):
    /// "Kosten (euro) ontbreekt", "1 van 2 akkoorden van Poortwachter".
    public func message(_ check: GateCheck) -> String {
        switch check.detail {
        case .deliverable(let isSet):
            return labels.format(isSet ? "reason_set" : "reason_not_set", ["subject": label(check)])
        case .rule where check.holds: return labels.format("reason_rule_met", ["rule": check.subject])
        case .condition: return label(check) + ": " + state(check)
        default: return state(check)
        }
    }

    /// Where the check stands, beside its label in the page's checklist: the numbers of the
    /// engine's check, each rule's reasons worded.
    func state(_ check: GateCheck) -> String {
        switch check.detail {
        case .deliverable(let isSet):
            return labels[isSet ? "check_deliverable_set" : "check_deliverable_missing"]
        case .rule(let reasons):
            return check.holds ? labels["check_met"] : reasons.map(message).joined(separator: "; ")
        case .approvals(let have, let need):
            return labels.format(
                need == 1 ? "check_approvals_one" : "check_approvals_count",
                ["have": String(have), "need": String(need), "role": role(check.subject)])
        case .scorecard(let reviews, let minReviews, let average, let passMark):
            let one = minReviews == 1
            return labels.format(
                average == nil
                    ? (one ? "check_reviews_one" : "check_reviews_count")
                    : (one ? "check_reviews_one_average" : "check_reviews_count_average"),
                [
                    "reviews": String(reviews), "need": String(minReviews), "role": role(check.subject),
                    "pass": DutchFormat.number(passMark), "average": average.map(Self.score) ?? "",
                ])
        case .condition(_, _, let metBy, let overdue):
            if let metBy { return labels.format("check_condition_met", ["person": metBy]) }
            return labels[overdue ? "check_condition_overdue" : "check_condition_open"]
        }
    }

    /// One reason a rule does not hold: "Kosten (euro) ontbreekt", "Financiering moet Subsidie zijn".
    public func message(_ reason: RuleReason) -> String {
        let subject = subjectName(reason.subject)
        switch reason.code {
        case .notSet: return labels.format("reason_not_set", ["subject": subject])
        case .notTrue: return labels.format("reason_not_true", ["subject": subject])
        case .mustNotBeSet: return labels.format("reason_must_not_be_set", ["subject": subject])
        case .mustBeEmpty: return labels.format("reason_must_be_empty", ["subject": subject])
        case .isEmpty: return labels.format("reason_is_empty", ["subject": subject])
        case .comparison:
            var expected = reason.expected.map { value(value: $0, of: reason.expectedField ?? reason.field) } ?? "?"
            if let other = reason.expectedField { expected = "\(subjectName(other)) (\(expected))" }
            let actual = reason.actual.map { value(value: $0, of: reason.field) } ?? "?"
            return labels.format(
                "reason_\(Self.operatorKey(reason.operator))",
                ["subject": subject, "actual": actual, "expected": expected])
        case .notHeld:
            let shown = reason.values.keys.sorted().map { name in
                labels.format(
                    "reason_value",
                    ["subject": subjectName(name), "value": value(value: reason.values[name]!, of: name)])
            }
            return labels.format(
                shown.isEmpty ? "reason_not_held" : "reason_not_held_values",
                ["expression": reason.expression, "values": shown.joined(separator: ", ")])
        case .noneOf:
            return labels.format(
                "reason_none_of",
                ["alternatives": reason.alternatives.map(message).joined(separator: labels["reason_or"])])
        }
    }

    /// A field's label, a roll-up value's name ("Regio's live"), or the text as written.
    public func subjectName(_ name: String) -> String {
        if let field = workflow.field(name) { return field.label }
        guard name.hasPrefix(AdoptionRollup.prefix) else { return name }
        let rest = name.dropFirst(AdoptionRollup.prefix.count)
        for (kind, key) in [("sum.", "rollup_sum"), ("median.", "rollup_median")] where rest.hasPrefix(kind) {
            return labels.format(key, ["field": String(rest.dropFirst(kind.count))])
        }
        let key = "rollup_\(rest)"
        return labels.words[key] ?? name
    }

    /// A value as the page shows the field's values: choice labels, yes/no, Dutch numbers and euros.
    private func value(value: Value, of field: String?) -> String {
        FieldForm.display(value, field: field.flatMap(workflow.field), labels: labels)
    }

    private func role(_ id: String) -> String { workflow.roles.first { $0.id == id }?.name ?? id }

    static func score(_ number: Double) -> String { DutchFormat.number((number * 10).rounded() / 10) }

    /// The label key's suffix for an operator: `le` for `<=`.
    static func operatorKey(_ op: PipelineCore.Expression.BinaryOperator?) -> String {
        switch op {
        case .less: return "lt"
        case .lessOrEqual: return "le"
        case .greater: return "gt"
        case .greaterOrEqual: return "ge"
        case .equal: return "eq"
        case .notEqual: return "ne"
        case .in: return "in"
        case .notIn: return "not_in"
        default: return "eq"
        }
    }
}

/// The gate's words in every language the pages speak: one per server, shared by the pages and
/// the API.
public struct GateWording: Sendable {
    let languages: PageLanguages

    public init(defaultLanguage: String) throws {
        self.languages = try PageLanguages(default: defaultLanguage)
    }

    init(languages: PageLanguages) { self.languages = languages }

    /// Every language by code, the default first.
    public var codes: [String] { languages.codes }
    public var defaultLanguage: String { languages.preferred.language }

    /// The words for `workflow` in `language`; nil for a language the pages do not speak.
    public func words(for workflow: Workflow, language: String) -> GateWords? {
        languages[language].map { GateWords(workflow: workflow, labels: $0) }
    }

    /// The first language of an `Accept-Language` header (`nl-NL,nl;q=0.9,en;q=0.8`) that the
    /// pages speak, by quality; the default when none is.
    public func language(accepting header: String?) -> String {
        guard let header else { return defaultLanguage }
        var choices: [(code: String, quality: Double, order: Int)] = []
        for (order, part) in header.split(separator: ",").prefix(20).enumerated() {
            let pieces = part.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
            guard let tag = pieces.first?.lowercased(), !tag.isEmpty else { continue }
            let quality = pieces.dropFirst().first { $0.hasPrefix("q=") }.flatMap { Double($0.dropFirst(2)) } ?? 1
            let code = String(tag.split(separator: "-").first ?? "")
            if languages[code] != nil, quality > 0 { choices.append((code, quality, order)) }
        }
        return choices.sorted { ($0.quality, -$0.order) > ($1.quality, -$1.order) }.first?.code ?? defaultLanguage
    }
}
