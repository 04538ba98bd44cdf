import Foundation

extension IdeaEngine {
    /// How long an idea held by its SLA ladder stays held before it resurfaces for review.
    public static let slaHoldReview: TimeInterval = 30 * 86_400

    /// A go with conditions for the gate ahead: the go's events, then `idea.conditions_set`.
    static func conditionalGo(
        _ terms: [IdeaCondition.Terms], _ idea: Idea, _ stage: Stage, _ workflow: Workflow,
        _ event: (Event.Change) -> Event, now: Date
    ) throws(CommandError) -> [Event] {
        let gate = try currentGate(idea, stage, workflow)
        guard gate.conditionalGo else {
            throw .notAllowedNow(.conditionalGoNotAllowed(gate: gate.id))
        }
        guard !terms.isEmpty else { throw .invalidInput(.conditionsMissing) }
        if let limit = gate.maxConditions, terms.count > limit {
            throw .invalidInput(
                limit == 1 ? .oneConditionOnly(gate: gate.id) : .tooManyConditions(gate: gate.id, max: limit))
        }
        var conditions: [Event.ConditionTerms] = []
        for (offset, term) in terms.enumerated() {
            let text = try text(term.text, .condition)
            guard CalendarDay.end(of: term.due) > now else {
                throw .invalidInput(.conditionDuePassed(number: offset + 1, due: term.due))
            }
            conditions.append(Event.ConditionTerms(number: offset + 1, text: text, due: term.due))
        }
        let (events, _, target) = try go(idea, stage, workflow, event)
        guard let next = workflow.gate(leaving: target.id), !target.isTerminal else {
            throw .notAllowedNow(.goLeadsToNoGate(stage: target.id))
        }
        return events + [event(.conditionsSet(gate: gate.id, nextGate: next.id, conditions: conditions))]
    }

    static func meetCondition(_ number: Int, note: String?, _ idea: Idea, _ event: (Event.Change) -> Event)
        throws(CommandError) -> [Event]
    {
        guard !idea.isClosed else { throw .notAllowedNow(.closed(status: idea.status)) }
        guard let condition = idea.conditions.first(where: { $0.number == number }) else {
            let numbers = idea.conditions.map(\.number)
            throw .invalidInput(
                numbers.isEmpty
                    ? .noConditions(idea: idea.id) : .noSuchCondition(idea: idea.id, number: number, numbers: numbers))
        }
        if let person = condition.metBy { throw .notAllowedNow(.conditionAlreadyMet(number: number, person: person)) }
        return [event(.conditionMet(number: number, note: try optionalText(note, .note)))]
    }

    /// What a due timer does. A timer the idea has outgrown (another stage, no longer on hold, a
    /// condition met) does nothing: the store cancels those with the command that moved the idea,
    /// so this only guards against a timer that was planned by a different rule.
    static func fire(
        _ timer: IdeaTimer, _ idea: Idea, _ stage: Stage, _ workflow: Workflow, _ event: (Event.Change) -> Event,
        now: Date
    ) -> [Event] {
        switch timer.kind {
        case .slaRemind, .slaEscalate, .slaHold:
            guard idea.status == .active, idea.stage == timer.subject else { return [] }
            switch timer.kind {
            case .slaRemind:
                return [
                    event(
                        .slaReminder(
                            stage: stage.id, enteredAt: idea.waitingSince,
                            waitingFor: whoMustAct(idea, stage, workflow)))
                ]
            case .slaEscalate:
                return [
                    event(
                        .slaEscalated(
                            stage: stage.id, enteredAt: idea.waitingSince,
                            escalateTo: stage.ladder?.escalateTo ?? Actor.facilitator))
                ]
            default:
                return [
                    event(.autoHeld(stage: stage.id, reason: "SLA", until: now.addingTimeInterval(slaHoldReview)))
                ]
            }
        case .holdReview:
            guard idea.status == .onHold, idea.hold?.reviewDue != true else { return [] }
            let resumes = stage.onReview == .resume
            let due = event(.holdReviewDue(until: timer.dueAt, resumes: resumes))
            return resumes ? [due, event(.resumed)] : [due]
        case .conditionDue:
            guard !idea.isClosed, let number = Int(timer.subject),
                let condition = idea.conditions.first(where: { $0.number == number }),
                !condition.isMet, !condition.overdue
            else { return [] }
            return [event(.conditionOverdue(number: number, text: condition.text, due: condition.due))]
        }
    }

    /// Who must act for the idea to go on, by role: the submitter while fields, rules or
    /// conditions of the gate are open, the approving and reviewing roles while their part is
    /// missing, the facilitators when the gate holds (or the stage has none) and waits for a decision.
    public static func whoMustAct(_ idea: Idea, _ stage: Stage, _ workflow: Workflow) -> [String] {
        guard let gate = workflow.gate(leaving: stage.id) else { return [Actor.facilitator] }
        let evaluation = GateEvaluation.evaluate(gate, idea: idea)
        guard !evaluation.holds else { return [Actor.facilitator] }
        var roles: [String] = []
        for check in evaluation.failures {
            let role: String
            switch check.kind {
            case .deliverable, .rule, .condition: role = Actor.submitter
            case .approvals, .scorecard: role = check.subject
            }
            if !roles.contains(role) { roles.append(role) }
        }
        return roles
    }
}

extension Idea {
    /// When the current wait began: entering the stage, or the last resume after a hold.
    public var waitingSince: Date { resumedAt.map { max($0, stageEnteredAt) } ?? stageEnteredAt }
}
