extension GateEvaluation {
    /// Evaluates every check of `gate` for an idea as it is: its values, approvals, reviews and
    /// the conditions of a conditional go that this gate needs met. Approvals and reviews count
    /// only from eligible people: one whose organisation submitted or co-submitted the idea
    /// (recusal, see ``Access/recusal(of:from:at:)``) does not count, also when their organisation
    /// was named a co-submitter after they acted.
    public static func evaluate(_ gate: Gate, idea: Idea) -> GateEvaluation {
        var approvals = idea.approvals
        var reviews = idea.reviews
        if gate.recusal {
            approvals.removeAll { Access.recusal(of: $0.organisation, from: idea, at: gate) != nil }
            reviews.removeAll { Access.recusal(of: $0.organisation, from: idea, at: gate) != nil }
        }
        return evaluate(
            gate, fields: idea.gateValues, approvals: approvals, reviews: reviews,
            conditions: idea.conditions.filter { $0.gate == gate.id })
    }

    /// Evaluates every check of `gate` for an idea's current values, approvals, reviews and
    /// conditions. Pure and cheap: explanations are only made for rules that fail.
    public static func evaluate(
        _ gate: Gate, fields: FieldValues, approvals: [Approval], reviews: [Review], conditions: [IdeaCondition] = []
    ) -> GateEvaluation {
        var checks: [GateCheck] = []
        checks.reserveCapacity(gate.deliverables.count + gate.mustMeet.count + gate.approvals.count + 1)
        for field in gate.deliverables {
            let isSet = !fields[field].isEmptyValue
            checks.append(
                GateCheck(kind: .deliverable, subject: field, holds: isSet, detail: .deliverable(isSet: isSet)))
        }
        for rule in gate.mustMeet {
            let holds = rule.expression.holds(fields)
            let reasons = holds ? [] : rule.expression.explainFailure(fields)
            checks.append(
                GateCheck(
                    kind: .rule, subject: rule.label ?? rule.source, holds: holds, detail: .rule(reasons: reasons)))
        }
        for quorum in gate.approvals {
            let have = distinctPeople(approvals, role: quorum.role, gate: gate.id)
            checks.append(
                GateCheck(
                    kind: .approvals, subject: quorum.role, holds: have >= quorum.count,
                    detail: .approvals(have: have, need: quorum.count)))
        }
        if let scorecard = gate.scorecard {
            // Counted without building arrays: gate evaluation runs for every card on a board.
            var counted = 0
            var total = 0.0
            for review in reviews where review.gate == gate.id {
                counted += 1
                total += review.weightedScore(on: scorecard)
            }
            let average = counted == 0 ? nil : total / Double(counted)
            let holds = counted >= scorecard.minReviews && (average ?? 0) >= scorecard.passMark
            checks.append(
                GateCheck(
                    kind: .scorecard, subject: scorecard.role, holds: holds,
                    detail: .scorecard(
                        reviews: counted, minReviews: scorecard.minReviews, average: average,
                        passMark: scorecard.passMark)))
        }
        for condition in conditions where condition.gate == gate.id {
            checks.append(
                GateCheck(
                    kind: .condition, subject: condition.text, holds: condition.isMet,
                    detail: .condition(
                        number: condition.number, due: condition.due, metBy: condition.metBy,
                        overdue: condition.overdue)))
        }
        return GateEvaluation(gate: gate.id, checks: checks)
    }

    /// Distinct people among the approvals for `role`; quorums are small, so a scan beats a set.
    private static func distinctPeople(_ approvals: [Approval], role: String, gate: String) -> Int {
        var count = 0
        for (index, approval) in approvals.enumerated() where approval.role == role && approval.gate == gate {
            let seenBefore = approvals[..<index].contains {
                $0.role == role && $0.gate == gate && $0.person == approval.person
            }
            if !seenBefore { count += 1 }
        }
        return count
    }
}
