import PipelineCore

extension IdeaVisibility {
    /// This visibility as an SQL condition over the `ideas` table, shared by every SQL backend and
    /// every query that lists or counts ideas (lists, counts, reports): so an aggregate never
    /// counts what its reader may not see. `placeholder` binds a value and returns its
    /// placeholder (`?`, `$3`); values never stand in the SQL text.
    public func sqlCondition(placeholder: (String) -> String) -> String {
        var allowed = ["organisation = \(placeholder(organisation))"]
        for shared in sharedStages {
            allowed.append("(workflow_id = \(placeholder(shared.workflowID)) AND stage = \(placeholder(shared.stage)))")
        }
        return "(" + allowed.joined(separator: " OR ") + ")"
    }
}
