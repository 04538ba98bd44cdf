import Foundation
import PipelineCore
import Yams

extension FixtureParser {
    /// `fields: {cost_eur: 340000, funding: eigen_middelen, partners: [mbo, hbo]}`: each value read
    /// with its field's type and checked as the engine checks it (`Workflow.checkFields`). An empty
    /// value (`funding: ~`) leaves the field unfilled.
    /// `fields: {cost_eur: 340000, funding: eigen_middelen, partners: [mbo, hbo]}`: each value read
    /// with its field's type and checked as the engine checks it (`Workflow.checkFields`). An empty
    /// value (`funding: ~`) leaves the field unfilled. `<<: *anchor` first takes the fields of
    /// another case (a YAML merge key); the case's own values then replace them.
    func parseFields(_ entry: NodeReader.Entry, context: String) -> FieldValues {
        guard let entries = reader.entries(entry.value, of: "fields of \(context)") else { return [:] }
        var values: FieldValues = [:]
        for item in entries where item.key == "<<" {
            let merged: [Node]
            if case .sequence(let sequence) = item.value { merged = Array(sequence) } else { merged = [item.value] }
            for node in merged {
                guard case .mapping = node else {
                    reader.error(
                        "'<<' merges the fields of another case: write <<: *name, not \(node.kindName)", at: node.mark)
                    continue
                }
                values.merge(
                    parseFields(NodeReader.Entry(key: "fields", keyMark: item.keyMark, value: node), context: context)
                ) {
                    _, merged in merged
                }
            }
        }
        for item in entries where item.key != "<<" {
            guard let id = reference(item.key, at: item.keyMark, kind: "field", known: workflow.fields.map(\.id)),
                let field = workflow.field(id)
            else { continue }
            if case .scalar(let scalar) = item.value, scalar.isNull {
                values[id] = nil
                continue
            }
            guard let value = value(item.value, of: field) else { continue }
            switch workflow.checkFields([id: value], editable: nil) {
            case .success(let checked):
                values[id] = checked[id] ?? nil
            case .failure(let error):
                var hint: String?
                if case .text(let text) = value {
                    hint = Suggestion.hint(for: text, in: field.type.options.map(\.value))
                }
                if case .list(let items) = value {
                    let unknown = items.compactMap { item -> String? in
                        guard case .text(let text) = item, !field.type.options.contains(where: { $0.value == text })
                        else { return nil }
                        return text
                    }
                    hint = unknown.first.flatMap { Suggestion.hint(for: $0, in: field.type.options.map(\.value)) }
                }
                reader.error("field \(error.description)", at: item.value.mark, hint: hint)
            }
        }
        return values
    }

    /// A YAML value as a value of `field`'s type, before its constraints are checked.
    private func value(_ node: Node, of field: FieldDefinition) -> Value? {
        let what = "'\(field.id)' (a \(field.type.name) field)"
        switch field.type {
        case .text, .url, .choice, .date:
            return text(node, what).map(Value.text)
        case .number, .integer, .money:
            guard case .scalar(let scalar) = node, !scalar.isQuoted,
                let number = Double(scalar.string.replacingUnderscores), number.isFinite,
                scalar.string.unicodeScalars.allSatisfy({ "0123456789.-+_".unicodeScalars.contains($0) })
            else {
                reader.error(
                    "\(what) must be a number, not \(node.kindName)", at: node.mark,
                    hint: "write the number without quotes, e.g. \(field.id): 250000")
                return nil
            }
            return .number(number)
        case .boolean:
            guard case .scalar(let scalar) = node, !scalar.isQuoted, ["true", "false"].contains(scalar.string) else {
                reader.error("\(what) must be true or false, not \(node.kindName)", at: node.mark)
                return nil
            }
            return .boolean(scalar.string == "true")
        case .list:
            guard case .sequence(let sequence) = node else {
                reader.error(
                    "\(what) must be a list of options, not \(node.kindName)", at: node.mark,
                    hint: "write \(field.id): [\(field.type.options.prefix(2).map(\.value).joined(separator: ", "))]")
                return nil
            }
            var items: [Value] = []
            for item in sequence {
                guard let option = text(item, "an option of \(what)") else { return nil }
                items.append(.text(option))
            }
            return .list(items)
        }
    }

    /// `adoptions: {live: 5, evaluated: 2}`: the idea's roll-up, for rules on `adoptions.*`.
    func parseAdoptions(_ entry: NodeReader.Entry, context: String) -> AdoptionRollup? {
        guard workflow.adoption != nil else {
            reader.error(
                "workflow '\(workflow.id)' has no adoption by regions, so its ideas have no adoptions",
                at: entry.keyMark, hint: "remove adoptions from \(context)")
            return nil
        }
        let allowed = ["adopting", "live", "evaluated", "stopped"]
        guard let keys = reader.fields(entry.value, of: "adoptions of \(context)", allowed: allowed) else {
            return nil
        }
        var counts: [String: Int] = [:]
        for key in allowed {
            guard let item = keys[key] else { continue }
            guard let count = wholeNumber(item.value, "'\(key)' of adoptions", in: 0...10_000) else { continue }
            counts[key] = count
        }
        var rollup = AdoptionRollup()
        rollup.adopting = counts["adopting"] ?? 0
        rollup.evaluated = counts["evaluated"] ?? 0
        rollup.live = counts["live"] ?? rollup.evaluated
        rollup.stopped = counts["stopped"] ?? 0
        if rollup.evaluated > rollup.live, let item = keys["evaluated"] {
            reader.error(
                "evaluated implementations are live too: evaluated \(rollup.evaluated) is more than live \(rollup.live)",
                at: item.value.mark, hint: "live counts every running implementation, evaluated ones included")
        }
        return rollup
    }

    /// `conditions: [DPIA afgerond, {text: Akkoord zorgverzekeraar, due: 10d, met: true}]`: conditions
    /// of the stage's gate, as a conditional go at the gate before left them; due after 30 days
    /// unless `due` says otherwise.
    func parseConditions(_ entry: NodeReader.Entry, stage: String?, gate: Gate?, context: String)
        -> [FixtureCase.Condition]
    {
        guard let items = reader.items(entry, of: context) else { return [] }
        if let stage, gate == nil {
            reader.error(
                "stage '\(stage)' has no gate to hold conditions", at: entry.keyMark,
                hint: "conditions belong to the gate of the case's stage")
            return []
        }
        if items.count > FixtureParser.maximumConditions {
            reader.error("a case has at most \(FixtureParser.maximumConditions) conditions", at: entry.keyMark)
            return []
        }
        var conditions: [FixtureCase.Condition] = []
        for item in items {
            if case .scalar = item {
                guard let text = text(item, "a condition") else { continue }
                conditions.append(.init(text: text, due: StageDuration(amount: 30, unit: .days), met: false))
                continue
            }
            guard
                let keys = reader.fields(
                    item, of: "a condition of \(context)", allowed: ["text", "due", "met"], required: ["text"]),
                let text = reader.text(keys["text"], of: "a condition")
            else { continue }
            let due = keys["due"].map { duration($0, of: "a condition") } ?? StageDuration(amount: 30, unit: .days)
            let met = keys["met"].map { reader.boolean($0, of: "a condition") } ?? false
            guard let due, let met else { continue }
            conditions.append(.init(text: text, due: due, met: met))
        }
        return conditions
    }

    /// `approvals: [facilitator, gatekeeper, gatekeeper]` or `approvals: {gatekeeper: 2}`: one
    /// approval per person, each another person with the role.
    func parseApprovals(_ entry: NodeReader.Entry, context: String) -> [Located<String>] {
        let roles = workflow.roles.map(\.id)
        var approvals: [Located<String>] = []
        if case .mapping = entry.value {
            for item in reader.entries(entry.value, of: "approvals of \(context)") ?? [] {
                guard let role = reference(item.key, at: item.keyMark, kind: "role", known: roles),
                    let count = wholeNumber(
                        item.value, "the number of approvals", in: 0...FixtureParser.maximumApprovals)
                else { continue }
                approvals += Array(repeating: Located(value: role, location: at(item.keyMark)), count: count)
            }
        } else {
            for item in list(entry, of: context, single: true) ?? [] {
                guard let name = text(item, "an approval's role"),
                    let role = reference(name, at: item.mark, kind: "role", known: roles)
                else { continue }
                approvals.append(Located(value: role, location: at(item.mark)))
            }
        }
        if approvals.count > FixtureParser.maximumApprovals {
            reader.error("a case has at most \(FixtureParser.maximumApprovals) approvals", at: entry.keyMark)
        }
        return approvals
    }

    /// `reviews: [4, 4, 3]` (each review the same score on every criterion) or items such as
    /// `{impact: 4, feasibility: 3, scalability: 4, value: 2}`; `reviews: {gatekeeper: [...]}` names
    /// the scorecard's role.
    func parseReviews(_ entry: NodeReader.Entry, stage: String?, gate: Gate?, context: String)
        -> [Located<[String: Int]>]
    {
        guard let stage else { return [] }
        guard let gate, let scorecard = gate.scorecard else {
            reader.error(
                gate.map { "gate '\($0.id)' of stage '\(stage)' has no scorecard to review" }
                    ?? "stage '\(stage)' has no gate to review",
                at: entry.keyMark,
                hint: workflow.gates.contains { $0.scorecard != nil }
                    ? "the scorecards are at "
                        + workflow.gates.filter { $0.scorecard != nil }.map { "'\($0.id)'" }.joined(separator: ", ")
                    : "no gate of workflow '\(workflow.id)' has a scorecard")
            return []
        }
        var listEntry = entry
        if case .mapping = entry.value {
            guard let entries = reader.entries(entry.value, of: "reviews of \(context)") else { return [] }
            guard entries.count == 1, let only = entries.first else {
                reader.error(
                    "reviews names one role, the scorecard's ('\(scorecard.role)')", at: entry.value.mark,
                    hint: "write reviews: {\(scorecard.role): [4, 4, 3]}")
                return []
            }
            guard only.key == scorecard.role else {
                reader.error(
                    "the scorecard of gate '\(gate.id)' is filled in by '\(scorecard.role)', not '\(only.key.clipped)'",
                    at: only.keyMark, hint: Suggestion.hint(for: only.key, in: [scorecard.role]))
                return []
            }
            listEntry = only
        }
        guard let items = reader.items(listEntry, of: context) else { return [] }
        if items.count > FixtureParser.maximumReviews {
            reader.error("a case has at most \(FixtureParser.maximumReviews) reviews", at: entry.keyMark)
            return []
        }
        let criteria = scorecard.criteria.map(\.id)
        var reviews: [Located<[String: Int]>] = []
        for item in items {
            if case .scalar = item {
                guard let score = wholeNumber(item, "a score", in: -1_000...1_000) else { continue }
                reviews.append(
                    Located(
                        value: Dictionary(uniqueKeysWithValues: criteria.map { ($0, score) }), location: at(item.mark)))
                continue
            }
            guard let entries = reader.entries(item, of: "a review of \(context)") else { continue }
            var scores: [String: Int] = [:]
            for score in entries {
                guard let criterion = reference(score.key, at: score.keyMark, kind: "criterion", known: criteria),
                    let number = wholeNumber(score.value, "the score of '\(criterion)'", in: -1_000...1_000)
                else { continue }
                scores[criterion] = number
            }
            reviews.append(Located(value: scores, location: at(item.mark)))
        }
        return reviews
    }
}
