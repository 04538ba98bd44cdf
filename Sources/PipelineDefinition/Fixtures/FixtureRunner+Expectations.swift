import PipelineCore

extension CaseRun {
    /// Checks each expectation against the idea as it ended; gives each one's words, expected and
    /// actual, and records a mismatch for each that did not come true.
    mutating func checkExpectations() -> (expected: [String], actual: [String]) {
        var expected: [String] = []
        var actual: [String] = []
        for expectation in fixture.expectations {
            let (wanted, got, holds) = check(expectation.value)
            expected.append(wanted)
            actual.append(got)
            if !holds { mismatches.append(.init(location: expectation.location, expected: wanted, actual: got)) }
        }
        mismatches.sort { $0.location < $1.location }
        return (expected, actual)
    }

    private mutating func check(_ expectation: FixtureCase.Expectation) -> (String, String, Bool) {
        guard let idea else { return ("\(expectation)", "no idea", false) }
        switch expectation {
        case .gate(let holds, let because):
            return checkGate(holds: holds, because: because)
        case .go(let stage):
            let wanted = "go to '\(stage)'"
            guard let decided = lastDecision else { return (wanted, "no decision", false) }
            switch decided.outcome {
            case .failure(let error):
                return (wanted, "refused: \(CaseRun.firstLine(error))", false)
            case .success(let events):
                let target = events.lazy.compactMap { event -> String? in
                    if case .advanced(_, _, let to) = event.change { return to }
                    return nil
                }.first
                guard let target else { return (wanted, "'\(decided.step.name)' decided", false) }
                return (wanted, "go to '\(target)'", target == stage)
            }
        case .refused(let text):
            let wanted = "refused: ...\(text)..."
            guard let decided = lastDecision else { return (wanted, "no decision", false) }
            switch decided.outcome {
            case .failure(let error):
                let message = "\(error)"
                return (wanted, "refused: \(message)", message.lowercased().contains(text.lowercased()))
            case .success:
                return (wanted, "'\(decided.step.name)' accepted; the idea is in stage '\(idea.stage)'", false)
            }
        case .stage(let stage):
            return ("stage '\(stage)'", "stage '\(idea.stage)'", idea.stage == stage)
        case .status(let status):
            return ("status \(status.rawValue)", "status \(idea.status.rawValue)", idea.status == status)
        case .reminded(let roles):
            let named = log.flatMap { event -> [String] in
                if case .slaReminder(_, _, let waitingFor) = event.change { return waitingFor }
                return []
            }
            let reminders = log.filter { if case .slaReminder = $0.change { return true } else { return false } }
            return (
                CaseRun.listed("reminded", roles), CaseRun.listed("reminded", reminders.isEmpty ? [] : named),
                Set(named) == Set(roles) && reminders.isEmpty == roles.isEmpty
            )
        case .escalated(let roles):
            let told = log.compactMap { event -> String? in
                if case .slaEscalated(_, _, let role) = event.change { return role }
                return nil
            }
            return (
                CaseRun.listed("escalated to", roles), CaseRun.listed("escalated to", told), Set(told) == Set(roles)
            )
        case .events(let names):
            let types = log.map(\.type)
            var remaining = names[...]
            for event in log {
                guard let next = remaining.first else { break }
                if next == event.type || next == event.change.eventType.name { remaining.removeFirst() }
            }
            // `events: []` says that nothing happened at all.
            return (
                "events " + (names.isEmpty ? "none" : names.joined(separator: ", ")),
                "events " + (types.isEmpty ? "none" : types.joined(separator: ", ")),
                names.isEmpty ? types.isEmpty : remaining.isEmpty
            )
        }
    }

    /// The gate as the last decision met it; without a decision, as it is at the end.
    func gateInQuestion() -> (gate: Gate, evaluation: GateEvaluation)? {
        if lastDecision != nil { return gateBeforeDecision }
        guard var idea, let gate = workflow.gate(leaving: idea.stage) else { return nil }
        if workflow.adoption != nil {
            idea.adoptions = workflow.hasRollup(in: idea.stage) ? fixture.adoptions ?? AdoptionRollup() : nil
        }
        return (gate, GateEvaluation.evaluate(gate, idea: idea))
    }

    private mutating func checkGate(holds: Bool, because: [FixtureCase.Reason]?) -> (String, String, Bool) {
        guard let (gate, evaluation) = gateInQuestion() else {
            let stage = idea?.stage ?? fixture.stage
            return (holds ? "the gate holds" : "the gate refuses a go", "stage '\(stage)' has no gate", false)
        }
        let failures = evaluation.failures
        let got =
            evaluation.holds
            ? "gate '\(gate.id)' holds"
            : "gate '\(gate.id)' refuses, because " + failures.map(CaseRun.reason).joined(separator: ", ")
        if holds {
            if evaluation.holds { coverage.holdingGates.insert(gate.id) }
            return ("gate '\(gate.id)' holds", got, evaluation.holds)
        }
        guard let because else {
            return ("gate '\(gate.id)' refuses", got, !evaluation.holds)
        }
        let wanted = "gate '\(gate.id)' refuses, because " + because.map(\.description).joined(separator: ", ")
        let matched = failures.filter { check in because.contains { CaseRun.matches($0, check, gate: gate) } }
        let everyReasonFound = because.allSatisfy { reason in
            failures.contains { CaseRun.matches(reason, $0, gate: gate) }
        }
        let ok = !evaluation.holds && matched.count == failures.count && everyReasonFound
        if ok {
            for check in matched {
                coverage.refusals.insert(.init(gate: gate.id, code: check.code.rawValue, subject: check.subject))
            }
        }
        return (wanted, got, ok)
    }

    /// Whether a reason of `because:` names a failing check: by its code (and subject), or by the
    /// code (and field) of one of its rule's reasons.
    static func matches(_ reason: FixtureCase.Reason, _ check: GateCheck, gate: Gate) -> Bool {
        if reason.code == check.code.rawValue {
            guard let subject = reason.subject else { return true }
            if subject == check.subject { return true }
            // A rule with a label may also be named by its expression.
            return check.kind == .rule && gate.mustMeet.contains { $0.label == check.subject && $0.source == subject }
        }
        guard case .rule(let reasons) = check.detail else { return false }
        return flattened(reasons).contains { ruleReason in
            ruleReason.code.rawValue == reason.code
                && (reason.subject == nil || reason.subject == ruleReason.field || reason.subject == ruleReason.subject)
        }
    }

    static func flattened(_ reasons: [RuleReason]) -> [RuleReason] {
        reasons.flatMap { [$0] + flattened($0.alternatives) }
    }

    /// `rule_not_met 'Kosten boven ...'`: a failing check as a reason of `because:` names it.
    static func reason(_ check: GateCheck) -> String {
        "\(check.code.rawValue) '\(check.subject)'"
    }

    static func listed(_ verb: String, _ roles: [String]) -> String {
        roles.isEmpty ? "not \(verb.split(separator: " ").first ?? "")" : "\(verb) " + roles.joined(separator: ", ")
    }

    static func firstLine(_ error: CommandError) -> String {
        if case .gateNotMet(let evaluation) = error { return "gate '\(evaluation.gate)' does not hold" }
        return "\(error)"
    }

    /// The checklist of the gate in question (see ``gateInQuestion()``), as `pipeline gate` shows
    /// it, with the code of each check that fails (what `because:` names).
    func checklist() -> [String] {
        guard let (gate, evaluation) = gateInQuestion() else { return [] }
        var lines = ["gate '\(gate.id)' (\(gate.name)) \(evaluation.holds ? "holds" : "does not hold")"]
        for check in evaluation.checks {
            guard !check.holds else {
                lines.append("  ✓ \(check.explanation)")
                continue
            }
            var line = "  ✗ \(CaseRun.reason(check)): \(check.explanation)"
            if case .rule(let reasons) = check.detail, !reasons.isEmpty {
                // The rule reasons' codes, which `because:` may name too.
                line +=
                    " ("
                    + CaseRun.flattened(reasons).filter { $0.code != .noneOf }
                    .map { "\($0.code.rawValue): \($0.field ?? $0.subject)" }.joined(separator: ", ") + ")"
            }
            lines.append(line)
        }
        return lines
    }
}
