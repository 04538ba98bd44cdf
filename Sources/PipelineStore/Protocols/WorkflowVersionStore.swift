import Foundation

/// One version of a workflow file as a server ran it: its text, kept in the database so that
/// ideas pinned to it keep working after the file changes or goes.
public struct WorkflowVersionText: Sendable, Hashable {
    public let workflowID: String
    public let version: Int
    /// The file it was read from, as given then (`workflows/primary-care-innovation.yml`).
    public let path: String
    public let source: String
    /// When a server first ran it; nil for a version not stored yet.
    public let firstRunAt: Date?

    public init(workflowID: String, version: Int, path: String, source: String, firstRunAt: Date? = nil) {
        self.workflowID = workflowID
        self.version = version
        self.path = path
        self.source = source
        self.firstRunAt = firstRunAt
    }
}

/// The workflow versions a database has run.
public protocol WorkflowVersionStore: Sendable {
    /// Stores each version the database has not seen (a version it has keeps the text it was
    /// first run with) and answers every stored version, by workflow and version.
    func archiveWorkflowVersions(_ versions: [WorkflowVersionText], at: Date) async throws(StoreError)
        -> [WorkflowVersionText]

    /// Every stored version, by workflow and version.
    func workflowVersions() async throws(StoreError) -> [WorkflowVersionText]

    /// How many ideas and implementations each version of a workflow holds, by version.
    func ideaCounts(workflowID: String) async throws(StoreError) -> [Int: Int]
}
