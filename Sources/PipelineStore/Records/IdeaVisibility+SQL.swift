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

extension IdeaVisibility {
    /// The implementations a submitter may read, as an SQL condition over `ideas`: those of their
    /// organisation's region, and those their organisation registered (``Access/canView(_:actor:workflow:)``).
    public func implementationSQLCondition(placeholder: (String) -> String) -> String {
        var allowed = ["(organisation = \(placeholder(organisation)) AND organisation <> '')"]
        if !regions.isEmpty {
            allowed.append("region IN (" + regions.map(placeholder).joined(separator: ", ") + ")")
        }
        return "(" + allowed.joined(separator: " OR ") + ")"
    }
}

extension IdeaQuery {
    /// The records and visibility of this query as SQL conditions over `ideas`, shared by the
    /// SQL backends: ideas have no parent, implementations have one.
    public func recordConditions(placeholder: (String) -> String) -> [String] {
        switch records {
        case .ideas:
            return ["parent_id IS NULL"] + (visibility.map { [$0.sqlCondition(placeholder: placeholder)] } ?? [])
        case .implementations(let parent):
            return [parent.map { "parent_id = \(placeholder($0))" } ?? "parent_id IS NOT NULL"]
                + (visibility.map { [$0.implementationSQLCondition(placeholder: placeholder)] } ?? [])
        }
    }
}
