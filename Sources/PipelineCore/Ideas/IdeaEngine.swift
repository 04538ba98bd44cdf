import Foundation

/// The engine: a decider. `decide` turns a command into events or a typed refusal; `evolve`
/// applies an event to an idea's state. No clock, no storage, no network: the caller passes `now`.
///
/// ```swift
/// let events = try IdeaEngine.decide(.decide(.go), state: idea, workflow: workflow, actor: facilitator, now: now)
/// let next = events.reduce(idea) { IdeaEngine.evolve($0, $1) }
/// ```
public enum IdeaEngine {
    public static let maximumTextLength = 4_000

    public static func decide(_ command: Command, state: Idea?, workflow: Workflow, actor: Actor, now: Date)
        throws(CommandError) -> [Event]
    {
        if case .submit(let id, let organisation, let region, let fields) = command {
            guard state == nil else { throw .alreadyExists(idea: id) }
            return try submit(id: id, organisation: organisation, region: region, fields: fields, workflow, actor, now)
        }
        guard let idea = state, Access.canView(idea, actor: actor, workflow: workflow) else {
            throw .notFound(idea: state?.id ?? "")
        }
        guard let stage = workflow.stage(idea.stage) else {
            throw .notAllowedNow(
                .stageNotInWorkflow(stage: idea.stage, workflow: workflow.id, version: workflow.version))
        }
        if !actor.isSystem { try Access.requireActsIn(idea.region, actor: actor) }
        func event(_ change: Event.Change) -> Event {
            Event(ideaID: idea.id, actor: actor, at: now, change: change, isImplementation: idea.isImplementation)
        }

        switch command {
        case .submit:
            preconditionFailure("handled above")
        case .updateFields(let changes):
            try Access.requireCanEdit(idea, actor: actor, stage: stage)
            try requireOpen(idea, for: .changeFields)
            let checked = try workflow.checkFields(changes, editable: Set(stage.editable)).get()
            let real = checked.filter { idea.fields[$0.key] != $0.value }
            return real.isEmpty ? [] : [event(.updated(changes: real))]
        case .approve(let comment):
            let gate = try currentGate(idea, stage, workflow)
            try Access.requireCanApprove(gate, actor: actor)
            try Access.requireNotRecused(idea, gate: gate, actor: actor, for: .approve)
            try requireOpen(idea, for: .approve)
            if idea.approvals.contains(where: { $0.person == actor.name && $0.gate == gate.id }) {
                throw .notAllowedNow(.alreadyApproved(person: actor.name, gate: gate.id))
            }
            return [event(.approved(gate: gate.id, role: actor.role, comment: try optionalText(comment, .comment)))]
        case .review(let scores, let comment):
            let gate = try currentGate(idea, stage, workflow)
            guard let scorecard = gate.scorecard else { throw .notAllowedNow(.noScorecard(gate: gate.id)) }
            try Access.requireCanReview(scorecard, gate: gate, actor: actor)
            try Access.requireNotRecused(idea, gate: gate, actor: actor, for: .score)
            try requireOpen(idea, for: .review)
            try checkScores(scores, scorecard)
            return [event(.reviewed(gate: gate.id, scores: scores, comment: try text(comment, .comment)))]
        case .comment(let comment):
            try Access.requireCanComment(idea, actor: actor, workflow: workflow)
            return [event(.commented(text: try text(comment, .comment)))]
        case .decide(let decision):
            try Access.requireCanDecide(actor)
            return try decide(decision, idea, stage, workflow, event, now: now)
        case .meetCondition(let number, let note):
            try Access.requireCanDecide(actor)
            return try meetCondition(number, note: note, idea, event)
        case .fire(let timer):
            guard actor.isSystem else { throw .forbidden(.timersSystemOnly) }
            return fire(timer, idea, stage, workflow, event, now: now)
        case .assignOwner(let person):
            return try assignOwner(person, idea, actor: actor, event)
        case .setCoSubmitters(let organisations):
            return try setCoSubmitters(organisations, idea, actor: actor, event)
        case .assignGatekeepers(let people):
            return try assignGatekeepers(people, idea, workflow, actor: actor, event)
        case .migrate(let target):
            try Access.requireCanMigrate(actor)
            return try migrate(idea, from: workflow, to: target, event)
        }
    }

    /// A go through the gate of the idea's stage: the events, the gate and the stage it leads to.
    static func go(_ idea: Idea, _ stage: Stage, _ workflow: Workflow, _ event: (Event.Change) -> Event)
        throws(CommandError) -> (events: [Event], gate: Gate, target: Stage)
    {
        let gate = try currentGate(idea, stage, workflow)
        try requireOpen(idea, for: .decideGo)
        let evaluation = GateEvaluation.evaluate(gate, idea: idea)
        guard evaluation.holds else { throw .gateNotMet(evaluation) }
        guard let route = gate.route(for: idea.gateValues), let target = workflow.stage(route.to) else {
            throw .notAllowedNow(.noRoute(gate: gate.id, conditions: gate.routes.compactMap(\.guardSource)))
        }
        var events = [event(.advanced(gate: gate.id, from: stage.id, to: target.id))]
        switch target.terminal {
        case .completed?: events.append(event(.completed(stage: target.id)))
        case .stopped?:
            events.append(event(.killed(reason: "gate '\(gate.id)' leads to '\(target.id)'", from: target.id, to: nil)))
        case nil: break
        }
        return (events, gate, target)
    }

    private static func decide(
        _ decision: Decision, _ idea: Idea, _ stage: Stage, _ workflow: Workflow, _ event: (Event.Change) -> Event,
        now: Date
    ) throws(CommandError) -> [Event] {
        switch decision {
        case .go:
            return try go(idea, stage, workflow, event).events
        case .conditionalGo(let terms):
            return try conditionalGo(terms, idea, stage, workflow, event, now: now)
        case .recycle(let target, let reason):
            try requireOpen(idea, for: .recycle)
            let reason = try text(reason, .reason)
            guard let current = workflow.stages.firstIndex(where: { $0.id == stage.id }),
                let index = workflow.stages.firstIndex(where: { $0.id == target })
            else { throw .invalidInput(.recycleUnknownStage(target)) }
            guard index < current, !workflow.stages[index].isTerminal else {
                let earlier = workflow.stages[..<current].filter { !$0.isTerminal }.map(\.id)
                throw .invalidInput(
                    earlier.isEmpty ? .recycleNoneEarlier(stage: stage.id) : .recycleNotEarlier(earlier: earlier))
            }
            return [event(.recycled(from: stage.id, to: target, reason: reason))]
        case .hold(let reason, let until):
            try requireOpen(idea, for: .hold)
            let held = event(.held(reason: try text(reason, .reason), until: until))
            guard let until else { throw .invalidInput(.holdNeedsReviewDate) }
            if until <= held.at { throw .invalidInput(.reviewDatePast) }
            return [held]
        case .resume:
            guard idea.status == .onHold else { throw .notAllowedNow(.notOnHold(status: idea.status)) }
            return [event(.resumed)]
        case .kill(let reason):
            guard !idea.isClosed else { throw .notAllowedNow(.alreadyClosed(status: idea.status)) }
            let reason = try text(reason, .reason)
            let target = workflow.stages.first { $0.terminal == .stopped }
            return [event(.killed(reason: reason, from: stage.id, to: target?.id))]
        }
    }

    private static func submit(
        id: String, organisation: String, region: String, fields: FieldValues, _ workflow: Workflow, _ actor: Actor,
        _ now: Date
    ) throws(CommandError) -> [Event] {
        guard let first = workflow.initialStage else {
            throw .invalidInput(.workflowWithoutStages(workflow: workflow.id))
        }
        try Access.requireCanSubmit(for: organisation, actor: actor)
        guard !id.isEmpty, id.count <= 100 else { throw .invalidInput(.ideaIdLength) }
        let organisation = try text(organisation, .organisation, limit: 200)
        let region = try text(region, .region, limit: 200)
        let checked = try workflow.checkFields(fields.mapValues { $0 }, editable: Set(first.editable)).get()
        var values: FieldValues = [:]
        for (key, value) in checked { if let value { values[key] = value } }
        let missing = workflow.fields.filter { $0.required && values[$0.id] == nil }
        if !missing.isEmpty {
            throw .invalidFields(missing.map { FieldProblem(field: $0.id, .fieldRequired) })
        }
        let change = Event.Change.submitted(
            workflowID: workflow.id, workflowVersion: workflow.version, organisation: organisation, region: region,
            stage: first.id, fields: values)
        return [Event(ideaID: id, actor: actor, at: now, change: change)]
    }

    // MARK: - Checks shared by several commands

    static func currentGate(_ idea: Idea, _ stage: Stage, _ workflow: Workflow) throws(CommandError) -> Gate {
        guard let gate = workflow.gate(leaving: stage.id) else {
            throw .notAllowedNow(
                stage.isTerminal ? .stageTerminal(stage: stage.id) : .stageWithoutGate(stage: stage.id))
        }
        return gate
    }

    static func requireOpen(_ idea: Idea, for action: Refusal.Action) throws(CommandError) {
        switch idea.status {
        case .active: return
        case .onHold: throw .notAllowedNow(.onHold(before: action))
        case .completed, .killed: throw .notAllowedNow(.closedNoDecisions(status: idea.status))
        }
    }

    private static func checkScores(_ scores: [String: Int], _ scorecard: Scorecard) throws(CommandError) {
        let criteria = scorecard.criteria.map(\.id)
        if let unknown = scores.keys.sorted().first(where: { !criteria.contains($0) }) {
            throw .invalidInput(.unknownCriterion(unknown, criteria: criteria))
        }
        let missing = criteria.filter { scores[$0] == nil }
        if !missing.isEmpty { throw .invalidInput(.criteriaMissing(missing)) }
        for id in criteria where !scorecard.scale.contains(scores[id]!) {
            throw .invalidInput(.scoreOutOfScale(score: scores[id]!, criterion: id, scale: scorecard.scale))
        }
    }

    static func text(_ value: String, _ name: Refusal.Subject, limit: Int = maximumTextLength) throws(CommandError)
        -> String
    {
        let trimmed = value.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty else { throw .invalidInput(.textRequired(name)) }
        guard trimmed.count <= limit else { throw .invalidInput(.textTooLong(name, limit: limit)) }
        return trimmed
    }

    static func optionalText(_ value: String?, _ name: Refusal.Subject) throws(CommandError) -> String? {
        guard let value, !value.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else { return nil }
        return try text(value, name)
    }
}

extension Idea.Status {
    /// The status in a sentence: "on hold", "completed".
    public var words: String { self == .onHold ? "on hold" : rawValue }
}
