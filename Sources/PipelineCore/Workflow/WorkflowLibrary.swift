/// The workflows a server or command knows, every version of each. New ideas start on the
/// latest version of a workflow file; an idea in flight keeps the version it was submitted on,
/// also when that version is no longer in a file but only in the database's archive.
public struct WorkflowLibrary: Sendable {
    /// The versions in the workflow files: what new ideas start on.
    public let workflows: [Workflow]
    /// Versions only the database still holds (their file changed to a newer version, or went):
    /// ideas pinned to them load and move on them; no new idea starts on one.
    public let archived: [Workflow]

    public init(_ workflows: [Workflow], archived: [Workflow] = []) {
        self.workflows = workflows
        self.archived = archived
    }

    /// The highest version of a workflow in the files.
    public func latest(_ id: String) -> Workflow? {
        workflows.filter { $0.id == id }.max { $0.version < $1.version }
    }

    /// A version from the files or the archive.
    public func workflow(_ id: String, version: Int) -> Workflow? {
        workflows.first { $0.id == id && $0.version == version }
            ?? archived.first { $0.id == id && $0.version == version }
    }

    /// Every known version of a workflow, by number.
    public func versions(of id: String) -> [Int: Workflow] {
        var versions: [Int: Workflow] = [:]
        for workflow in archived + workflows where workflow.id == id { versions[workflow.version] = workflow }
        return versions
    }

    /// Every (workflow, stage) whose ideas all participants may see, in any version, once.
    public var sharedStages: [(workflowID: String, stage: String)] {
        var seen: Set<String> = []
        return (workflows + archived).flatMap { workflow in
            workflow.stages.filter(\.shared).map { (workflow.id, $0.id) }
        }.filter { seen.insert("\($0.0)\u{0}\($0.1)").inserted }
    }
}
