extension IdeaEngine {
    /// Applies one event to an idea's state. Total: an event that does not fit is ignored
    /// rather than trusted (only `submitted` creates an idea).
    public static func evolve(_ state: Idea?, _ event: Event) -> Idea? {
        if case .submitted(let workflowID, let version, let organisation, let region, let stage, let fields) = event
            .change
        {
            guard state == nil else { return state }
            return Idea(
                id: event.ideaID, workflowID: workflowID, workflowVersion: version, organisation: organisation,
                region: region, submittedBy: event.actor.name, submittedAt: event.at, stage: stage, status: .active,
                fields: fields, approvals: [], reviews: [], stageEnteredAt: event.at, updatedAt: event.at, version: 1)
        }
        if case .adopted(let parent, let workflowID, let version, let organisation, let region, let stage, let fields) =
            event.change
        {
            guard state == nil else { return state }
            return Idea(
                id: event.ideaID, workflowID: workflowID, workflowVersion: version, organisation: organisation,
                region: region, submittedBy: event.actor.name, submittedAt: event.at, stage: stage, status: .active,
                fields: fields, approvals: [], reviews: [], stageEnteredAt: event.at, updatedAt: event.at, version: 1,
                parent: parent)
        }
        guard var idea = state else { return nil }
        switch event.change {
        case .submitted, .adopted:
            break
        case .updated(let changes):
            for (field, value) in changes { idea.fields[field] = value }
        case .approved(let gate, let role, let comment):
            idea.approvals.append(
                Approval(
                    person: event.actor.name, role: role, gate: gate, at: event.at, comment: comment,
                    organisation: event.actor.organisation))
        case .reviewed(let gate, let scores, let comment):
            // A person's latest review replaces their earlier one: reviews count distinct people.
            idea.reviews.removeAll { $0.person == event.actor.name && $0.gate == gate }
            idea.reviews.append(
                Review(
                    person: event.actor.name, gate: gate, scores: scores, comment: comment, at: event.at,
                    organisation: event.actor.organisation))
        case .advanced(_, _, let to), .recycled(_, let to, _):
            enter(to, &idea, at: event)
        case .completed:
            idea.status = .completed
        case .held(let reason, let until):
            idea.status = .onHold
            idea.hold = Idea.Hold(reason: reason, until: until, bySLA: false)
        case .autoHeld(_, let reason, let until):
            idea.status = .onHold
            idea.hold = Idea.Hold(reason: reason, until: until, bySLA: true)
        case .holdReviewDue:
            idea.hold?.reviewDue = true
        case .resumed:
            idea.status = .active
            idea.hold = nil
            idea.slaMark = nil
            idea.resumedAt = event.at
        case .slaReminder:
            idea.slaMark = .reminded
        case .slaEscalated:
            idea.slaMark = .escalated
        case .conditionsSet(let gate, let nextGate, let conditions):
            idea.conditions += conditions.map {
                IdeaCondition(number: $0.number, text: $0.text, due: $0.due, fromGate: gate, gate: nextGate)
            }
        case .conditionMet(let number, let note):
            if let index = idea.conditions.firstIndex(where: { $0.number == number }) {
                idea.conditions[index].metBy = event.actor.name
                idea.conditions[index].metAt = event.at
                idea.conditions[index].note = note
            }
        case .conditionOverdue(let number, _, _):
            if let index = idea.conditions.firstIndex(where: { $0.number == number }) {
                idea.conditions[index].overdue = true
            }
        case .killed(_, _, let to):
            idea.status = .killed
            if let to { enter(to, &idea, at: event) }
        case .commented:
            break
        case .ownerAssigned(let owner, _):
            idea.owner = owner
        case .coSubmittersSet(let organisations):
            idea.coSubmitters = organisations
        case .gatekeepersAssigned(let stage, _, let gatekeepers):
            // An assignment belongs to the stage it was made in.
            if stage == idea.stage { idea.gatekeepers = gatekeepers }
        case .migrated(_, let toVersion, _, let toStage, let renamed, let dropped):
            // Not a move: the idea keeps its time in the stage, approvals, reviews, conditions and
            // people; they count where the new version's gates have the same ids.
            idea.workflowVersion = toVersion
            idea.stage = toStage
            idea.fields = migratedFields(idea.fields, renamed: renamed, dropped: dropped)
        }
        idea.updatedAt = event.at
        idea.version += 1
        return idea
    }

    /// Field values after a migration: renamed ones under their new id (all at once, so that two
    /// fields may swap names), dropped ones gone.
    public static func migratedFields(_ fields: FieldValues, renamed: [String: String], dropped: [String])
        -> FieldValues
    {
        var result = fields
        for field in dropped { result[field] = nil }
        for old in renamed.keys { result[old] = nil }
        for (old, new) in renamed { if let value = fields[old] { result[new] = value } }
        return result
    }

    /// Entering a stage starts its gate afresh: approvals, reviews, conditions (a conditional go
    /// gives new ones right after), assigned gatekeepers and the SLA ladder count from here.
    private static func enter(_ stage: String, _ idea: inout Idea, at event: Event) {
        idea.stage = stage
        idea.stageEnteredAt = event.at
        idea.approvals = []
        idea.reviews = []
        idea.conditions = []
        idea.gatekeepers = []
        idea.slaMark = nil
        idea.resumedAt = nil
    }
}
