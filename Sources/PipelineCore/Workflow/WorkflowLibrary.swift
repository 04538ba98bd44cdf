/// The workflows a server or command knows, every version of each. New ideas start on the
/// latest version; an idea in flight keeps the version it was submitted on.
public struct WorkflowLibrary: Sendable {
    public let workflows: [Workflow]

    public init(_ workflows: [Workflow]) {
        self.workflows = workflows
    }

    /// The highest version of a workflow.
    public func latest(_ id: String) -> Workflow? {
        workflows.filter { $0.id == id }.max { $0.version < $1.version }
    }

    public func workflow(_ id: String, version: Int) -> Workflow? {
        workflows.first { $0.id == id && $0.version == version }
    }

    /// Every (workflow, stage) whose ideas all participants may see.
    public var sharedStages: [(workflowID: String, stage: String)] {
        workflows.flatMap { workflow in workflow.stages.filter(\.shared).map { (workflow.id, $0.id) } }
    }
}
