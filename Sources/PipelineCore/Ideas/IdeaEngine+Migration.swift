extension IdeaEngine {
    /// A migration of `idea` from its version (`old`) to `new`: one `idea.migrated`, nothing when
    /// it is on `new` already, or a refusal that says why it cannot move.
    static func migrate(_ idea: Idea, from old: Workflow, to new: Workflow, _ event: (Event.Change) -> Event)
        throws(CommandError) -> [Event]
    {
        guard new.id == idea.workflowID else {
            throw .invalidInput(.migrateOtherWorkflow(idea: idea.id, workflow: idea.workflowID, target: new.id))
        }
        if new.version == idea.workflowVersion { return [] }
        return [event(try migration(of: idea, from: old, to: new))]
    }

    /// What moving `idea` from its version `old` to the newer `new` does, by `new`'s `migrate:`
    /// rules: the stage it lands in and the fields it had a value in that are renamed or dropped.
    /// Refused (`notAllowedNow`, saying why and what to write in the file) when the rules do not
    /// cover `old` (``WorkflowMigration/problems(from:to:)``), when the idea's stage has no place
    /// in `new`, or when a value it keeps does not fit its field in `new`.
    ///
    /// ```swift
    /// let change = try IdeaEngine.migration(of: idea, from: version1, to: version2)
    /// // .migrated(fromVersion: 1, toVersion: 2, fromStage: "pilot", toStage: "pilot_run", ...)
    /// ```
    public static func migration(of idea: Idea, from old: Workflow, to new: Workflow) throws(CommandError)
        -> Event.Change
    {
        guard new.version > idea.workflowVersion else {
            throw .notAllowedNow(.migrateNotNewer(idea: idea.id, version: idea.workflowVersion, target: new.version))
        }
        let problems = WorkflowMigration.problems(from: old, to: new)
        guard problems.isEmpty, let rules = new.migration(from: old.version) else {
            throw .notAllowedNow(.migrateRulesIncomplete(problems))
        }
        let stage = rules.target(ofStage: idea.stage)
        guard new.stage(stage) != nil else {
            let mapped = rules.stages[idea.stage] != nil
            throw .notAllowedNow(
                mapped
                    ? .migrateStageMissing(stage: idea.stage, target: stage, version: new.version)
                    : .migrateStageUnmapped(stage: idea.stage, version: new.version, from: old.version))
        }
        var renamed: [String: String] = [:]
        for (field, target) in rules.renamedFields where idea.fields[field] != nil { renamed[field] = target }
        let dropped = rules.droppedFields.filter { idea.fields[$0] != nil }
        let fields = migratedFields(idea.fields, renamed: renamed, dropped: dropped)
        var misfits: [String] = []
        for (id, value) in fields.sorted(by: { $0.key < $1.key }) {
            guard let field = new.field(id) else {
                misfits.append("\(id): not a field of version \(new.version)")
                continue
            }
            if case .failure(let failure) = field.check(value) { misfits.append("\(id): \(failure.message)") }
        }
        guard misfits.isEmpty else {
            throw .notAllowedNow(.migrateValuesMisfit(version: new.version, misfits: misfits))
        }
        return .migrated(
            fromVersion: idea.workflowVersion, toVersion: new.version, fromStage: idea.stage, toStage: stage,
            renamedFields: renamed, droppedFields: dropped)
    }
}
