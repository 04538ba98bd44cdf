import PipelineCore
import Yams

extension FixtureParser {
    static let stepNames = ["go", "kill", "resume", "hold", "recycle", "go_with_conditions", "after"]
    static let expectKeys = [
        "gate", "because", "go", "refused", "stage", "status", "reminded", "escalated", "events",
    ]
    /// The check codes a refused gate can give.
    static let checkCodes: [GateCheck.Code] = [
        .deliverableMissing, .ruleNotMet, .approvalsMissing, .reviewsMissing, .averageBelowPassMark, .conditionOpen,
        .conditionOverdue,
    ]

    /// `decide: go`, `decide: {hold: 30d}`, or a list of decisions and waits run in order:
    /// `decide: [{hold: 30d}, {after: 31d}, resume]`.
    func parseSteps(_ entry: NodeReader.Entry, context: String) -> [Located<FixtureCase.Step>] {
        let nodes: [Node]
        if case .sequence(let sequence) = entry.value { nodes = Array(sequence) } else { nodes = [entry.value] }
        if nodes.isEmpty { reader.error("'decide' of \(context) lists no decision", at: entry.value.mark) }
        if nodes.count > FixtureParser.maximumSteps {
            reader.error("a case has at most \(FixtureParser.maximumSteps) decisions", at: entry.keyMark)
            return []
        }
        return nodes.compactMap { node in
            parseStep(node, context: context).map { Located(value: $0, location: at(node.mark)) }
        }
    }

    private func parseStep(_ node: Node, context: String) -> FixtureCase.Step? {
        let hintAll = "the decisions are " + FixtureParser.stepNames.map { "'\($0)'" }.joined(separator: ", ")
        if case .scalar(let scalar) = node, !scalar.isNull {
            switch scalar.string {
            case "go": return .go
            case "kill": return .kill
            case "resume": return .resume
            case "hold", "recycle", "go_with_conditions", "after":
                let example = ["hold": "{hold: 30d}", "recycle": "{recycle: proposal}", "after": "{after: 30d}"]
                reader.error(
                    "'\(scalar.string)' needs more: write \(example[scalar.string] ?? "{go_with_conditions: [DPIA afgerond]}")",
                    at: node.mark)
                return nil
            default:
                reader.error(
                    "unknown decision '\(scalar.string.clipped)'", at: node.mark,
                    hint: Suggestion.hint(for: scalar.string, in: FixtureParser.stepNames) ?? hintAll)
                return nil
            }
        }
        guard let entries = reader.entries(node, of: "a decision of \(context)") else { return nil }
        guard let first = entries.first else {
            reader.error("a decision is empty", at: node.mark, hint: hintAll)
            return nil
        }
        let allowedKeys = first.key == "go_with_conditions" ? ["go_with_conditions", "due"] : [first.key]
        if let extra = entries.dropFirst().first(where: { !allowedKeys.contains($0.key) || $0.key == first.key }) {
            reader.error(
                "a decision is one key, such as {hold: 30d}; '\(extra.key.clipped)' is one too many", at: extra.keyMark,
                hint: first.key == "go_with_conditions" ? "only 'due' may stand beside go_with_conditions" : nil)
            return nil
        }
        switch first.key {
        case "hold":
            return duration(first, of: "a decision").map(FixtureCase.Step.hold)
        case "after":
            return duration(first, of: "a decision").map(FixtureCase.Step.wait)
        case "recycle":
            guard let name = reader.text(first, of: "a decision"),
                let stage = reference(name, at: first.value.mark, kind: "stage", known: workflow.stages.map(\.id))
            else { return nil }
            return .recycle(to: stage)
        case "go_with_conditions":
            guard let items = list(first, of: "a decision", single: true) else { return nil }
            let texts = items.compactMap { text($0, "a condition") }
            guard texts.count == items.count else { return nil }
            if texts.isEmpty {
                reader.error("go_with_conditions lists no condition", at: first.value.mark)
                return nil
            }
            let due =
                entries.first { $0.key == "due" }.map { duration($0, of: "a decision") }
                ?? StageDuration(amount: 30, unit: .days)
            return due.map { .goWithConditions(texts, due: $0) }
        default:
            reader.error(
                "unknown decision '\(first.key.clipped)'", at: first.keyMark,
                hint: Suggestion.hint(for: first.key, in: FixtureParser.stepNames) ?? hintAll)
            return nil
        }
    }

    /// `expect:` with one or more of `gate` (+ `because`), `go`, `refused`, `stage`, `status`,
    /// `reminded`, `escalated` and `events`.
    func parseExpectations(_ entry: NodeReader.Entry, steps: [Located<FixtureCase.Step>], context: String)
        -> [Located<FixtureCase.Expectation>]
    {
        let of = "'expect' of \(context)"
        guard let keys = reader.fields(entry.value, of: of, allowed: FixtureParser.expectKeys) else { return [] }
        if keys.isEmpty {
            reader.error("\(of) expects nothing", at: entry.keyMark, hint: "for example expect: {go: next_stage}")
        }
        let stages = workflow.stages.map(\.id)
        var result: [Located<FixtureCase.Expectation>] = []
        func add(_ expectation: FixtureCase.Expectation?, _ item: NodeReader.Entry) {
            if let expectation { result.append(Located(value: expectation, location: at(item.keyMark))) }
        }
        // In file order, so that failures are reported in the order they are written.
        let ordered = keys.values.sorted { at($0.keyMark) < at($1.keyMark) }
        for item in ordered {
            switch item.key {
            case "gate":
                guard let word = reader.text(item, of: of) else { continue }
                switch word {
                case "holds":
                    if let because = keys["because"] {
                        reader.error(
                            "because says why a gate refuses; this one holds", at: because.keyMark,
                            hint: "write gate: refused, or remove because")
                        continue
                    }
                    add(.gate(holds: true, because: nil), item)
                case "refused":
                    add(.gate(holds: false, because: keys["because"].flatMap { parseReasons($0, of: of) }), item)
                default:
                    reader.error(
                        "gate must be 'holds' or 'refused', not '\(word.clipped)'", at: item.value.mark,
                        hint: Suggestion.hint(for: word, in: ["holds", "refused"]))
                }
            case "because":
                if keys["gate"] == nil {
                    reader.error(
                        "because needs gate: refused beside it", at: item.keyMark,
                        hint: "write gate: refused above because")
                }
            case "go":
                guard let name = reader.text(item, of: of),
                    let stage = reference(name, at: item.value.mark, kind: "stage", known: stages)
                else { continue }
                if keys["refused"] != nil {
                    reader.error("a decision is either a go or refused, not both", at: item.keyMark)
                    continue
                }
                if let last = steps.last(where: { $0.value.isDecision }) {
                    switch last.value {
                    case .go, .goWithConditions: break
                    default:
                        reader.error(
                            "go expects the last decision to be a go, but it is '\(last.value.name)'", at: item.keyMark,
                            hint: "expect stage: or status: after other decisions")
                        continue
                    }
                }
                add(.go(to: stage), item)
            case "refused":
                add(reader.text(item, of: of).map { .refused(containing: $0) }, item)
            case "stage":
                guard let name = reader.text(item, of: of) else { continue }
                add(reference(name, at: item.value.mark, kind: "stage", known: stages).map { .stage($0) }, item)
            case "status":
                guard let word = reader.text(item, of: of) else { continue }
                let statuses = Idea.Status.allCases.map(\.rawValue)
                add(
                    reference(word, at: item.value.mark, kind: "status", known: statuses).flatMap(Idea.Status.init).map
                    { .status($0) }, item)
            case "reminded", "escalated":
                guard let roles = parseRoles(item, of: of) else { continue }
                add(item.key == "reminded" ? .reminded(roles) : .escalated(roles), item)
            case "events":
                guard let items = list(item, of: of, single: true) else { continue }
                let known = EventType.all.filter(\.isRecordEvent).map(\.name)
                let names = items.compactMap { node in
                    text(node, "an event type").flatMap {
                        reference($0, at: node.mark, kind: "event type", known: known)
                    }
                }
                if names.count == items.count { add(.events(names), item) }
            default:
                continue
            }
        }
        return result
    }

    /// The roles of `reminded:` and `escalated:`: the workflow's roles, submitters and facilitators.
    private func parseRoles(_ entry: NodeReader.Entry, of context: String) -> [String]? {
        guard let items = list(entry, of: context, single: true) else { return nil }
        var known = workflow.roles.map(\.id)
        for role in [Actor.submitter, Actor.facilitator] where !known.contains(role) { known.append(role) }
        let roles = items.compactMap { node in
            text(node, "a role").flatMap { reference($0, at: node.mark, kind: "role", known: known) }
        }
        return roles.count == items.count ? roles : nil
    }

    /// `because: [rule_not_met: "Kosten ...", approvals_missing: gatekeeper, deliverable_missing]`.
    private func parseReasons(_ entry: NodeReader.Entry, of context: String) -> [FixtureCase.Reason]? {
        guard let items = list(entry, of: context, single: true) else { return nil }
        if items.isEmpty {
            reader.error(
                "because lists no reason", at: entry.value.mark,
                hint: "leave because out to accept any reason, or name them: [rule_not_met: ...]")
            return nil
        }
        var reasons: [FixtureCase.Reason] = []
        for item in items {
            var code: String
            var subject: (text: String, mark: Mark?)?
            var codeMark = item.mark
            switch item {
            case .scalar:
                guard let text = text(item, "a reason") else { continue }
                code = text
            case .mapping:
                guard let entries = reader.entries(item, of: "a reason"), entries.count == 1, let only = entries.first
                else {
                    reader.error(
                        "a reason is a code and what it is about, such as 'deliverable_missing: cost_eur'",
                        at: item.mark)
                    continue
                }
                code = only.key
                codeMark = only.keyMark
                guard let text = reader.text(only, of: "a reason") else { continue }
                subject = (text, only.value.mark)
            default:
                reader.error("a reason must be a code, not \(item.kindName)", at: item.mark)
                continue
            }
            guard let reason = checkedReason(code, subject: subject, at: codeMark) else { continue }
            reasons.append(reason)
        }
        return reasons.count == items.count ? reasons : nil
    }

    /// A reason whose code exists and whose subject names something of the workflow.
    private func checkedReason(_ code: String, subject: (text: String, mark: Mark?)?, at mark: Mark?)
        -> FixtureCase.Reason?
    {
        let checkCodes = FixtureParser.checkCodes.map(\.rawValue)
        let reasonCodes = RuleReason.Code.allCases.map(\.rawValue)
        guard checkCodes.contains(code) || reasonCodes.contains(code) else {
            reader.error(
                "unknown reason '\(code.clipped)'", at: mark,
                hint: Suggestion.hint(for: code, in: checkCodes + reasonCodes)
                    ?? "the reasons are " + checkCodes.map { "'\($0)'" }.joined(separator: ", ")
                    + ", or a rule reason: " + reasonCodes.map { "'\($0)'" }.joined(separator: ", "))
            return nil
        }
        guard let subject else { return FixtureCase.Reason(code: code, subject: nil) }
        let known: [String]?
        let kind: String
        switch GateCheck.Code(rawValue: code) {
        case .deliverableMissing?:
            (known, kind) = (workflow.fields.map(\.id), "field")
        case .approvalsMissing?, .reviewsMissing?, .averageBelowPassMark?:
            (known, kind) = (workflow.roles.map(\.id), "role")
        case .ruleNotMet?:
            let rules = workflow.gates.flatMap(\.mustMeet)
            (known, kind) = (
                rules.map { $0.label ?? $0.source } + rules.filter { $0.label != nil }.map(\.source), "rule"
            )
        case .conditionOpen?, .conditionOverdue?:
            (known, kind) = (nil, "condition")
        default:
            // A rule reason is about a field or a roll-up value, or an expression such as len(summary).
            let isName = subject.text.allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" || $0 == "." }
            let names =
                workflow.fields.map(\.id) + AdoptionRollup.fields(outcomes: workflow.adoption?.outcomes ?? []).map(\.id)
            (known, kind) = (isName ? names : nil, "field")
        }
        if let known, !known.contains(subject.text) {
            _ = reference(subject.text, at: subject.mark, kind: kind, known: known)
            return nil
        }
        return FixtureCase.Reason(code: code, subject: subject.text)
    }
}
