import Foundation

extension IdeaEngine {
    /// A region adopts `parent`: the first event (`idea.adopted`) of a new record, the region's
    /// implementation, which follows `workflow` (the implementation workflow that the parent's
    /// workflow names under `adoption:`) from its first stage.
    ///
    /// Refused when the idea is not in an adoptable stage, is stopped or on hold, comes from that
    /// region itself, or the region already implements it (a stopped implementation does not
    /// count: the region may try again); when the actor may not register adoptions for the
    /// region (``Access/requireCanAdopt(for:actor:)``); and when the fields do not fit. The
    /// implementation's `title`, when its workflow has one and none is given, is the idea's.
    public static func adopt(
        _ parent: Idea, parentWorkflow: Workflow, implementationID: String, region: String, organisation: String?,
        fields: FieldValues, workflow: Workflow, siblings: [Idea], actor: Actor, now: Date
    ) throws(CommandError) -> [Event] {
        guard Access.canView(parent, actor: actor, workflow: parentWorkflow) else { throw .notFound(idea: parent.id) }
        if let idea = parent.parent {
            throw .invalidInput(.adoptImplementation(parent.id, idea: idea))
        }
        guard let adoption = parentWorkflow.adoption, adoption.workflowID == workflow.id,
            workflow.kind == .implementation
        else {
            throw .notAllowedNow(.noAdoption(workflow: parentWorkflow.id))
        }
        guard parentWorkflow.isAdoptable(parent.stage) else {
            let stage = parentWorkflow.stage(parent.stage)?.name ?? parent.stage
            let adoptable = parentWorkflow.stages.filter(\.adoptable).map(\.id)
            throw .notAllowedNow(
                .stageNotAdoptable(idea: parent.id, stage: parent.stage, stageName: stage, adoptable: adoptable))
        }
        switch parent.status {
        case .killed: throw .notAllowedNow(.adoptStopped(idea: parent.id))
        case .onHold: throw .notAllowedNow(.adoptOnHold(idea: parent.id))
        case .active, .completed: break
        }
        try Access.requireCanAdopt(for: region, actor: actor)
        guard region != parent.region else {
            throw .invalidInput(.adoptOwnRegion(idea: parent.id, region: region))
        }
        if let running = siblings.first(where: { $0.region == region && $0.status != .killed }) {
            throw .notAllowedNow(.alreadyImplemented(region: region, idea: parent.id, implementation: running.id))
        }
        guard let first = workflow.initialStage else {
            throw .invalidInput(.workflowWithoutStages(workflow: workflow.id))
        }
        guard !implementationID.isEmpty, implementationID.count <= 100 else {
            throw .invalidInput(.implementationIdLength)
        }
        let organisation = actor.role == Actor.submitter ? actor.organisation ?? "" : organisation ?? ""
        var given = fields
        if workflow.field("title") != nil, given["title"] == nil, let title = parent.title {
            given["title"] = .text(title)
        }
        let checked = try workflow.checkFields(
            given.mapValues { $0 }, editable: Set(first.editable + (given["title"] != nil ? ["title"] : []))
        ).get()
        var values: FieldValues = [:]
        for (key, value) in checked { if let value { values[key] = value } }
        let missing = workflow.fields.filter { $0.required && values[$0.id] == nil }
        if !missing.isEmpty {
            throw .invalidFields(missing.map { FieldProblem(field: $0.id, .fieldRequired) })
        }
        let change = Event.Change.adopted(
            parent: parent.id, workflowID: workflow.id, workflowVersion: workflow.version, organisation: organisation,
            region: region, stage: first.id, fields: values)
        return [Event(ideaID: implementationID, actor: actor, at: now, change: change)]
    }
}
