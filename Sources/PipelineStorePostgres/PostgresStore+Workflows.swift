import Foundation
import PipelineStore
import PostgresNIO

extension PostgresStore {
    public func archiveWorkflowVersions(_ versions: [WorkflowVersionText], at: Date) async throws(StoreError)
        -> [WorkflowVersionText]
    {
        try await transaction { connection in
            for version in versions {
                try await connection.query(
                    """
                    INSERT INTO workflow_versions (workflow_id, version, path, source, first_run_at)
                    VALUES (\(version.workflowID), \(version.version), \(version.path), \(version.source),
                            \(at.milliseconds))
                    ON CONFLICT (workflow_id, version) DO NOTHING
                    """, logger: logger)
            }
            return try await connection.rows(PostgresStore.versionsQuery, logger: logger, PostgresStore.version)
        }
    }

    public func workflowVersions() async throws(StoreError) -> [WorkflowVersionText] {
        try await rows(PostgresStore.versionsQuery, PostgresStore.version)
    }

    private static var versionsQuery: PostgresQuery {
        "SELECT workflow_id, version, path, source, first_run_at FROM workflow_versions ORDER BY workflow_id, version"
    }

    private static func version(_ row: PostgresRow) throws -> WorkflowVersionText {
        let (id, version, path, source, firstRun) = try row.decode((String, Int, String, String, Int64).self)
        return WorkflowVersionText(
            workflowID: id, version: version, path: path, source: source, firstRunAt: Date(milliseconds: firstRun))
    }

    public func ideaCounts(workflowID: String) async throws(StoreError) -> [Int: Int] {
        let rows = try await rows(
            """
            SELECT workflow_version, COUNT(*) FROM ideas WHERE workflow_id = \(workflowID) GROUP BY workflow_version
            """
        ) { row in try row.decode((Int, Int).self) }
        return Dictionary(uniqueKeysWithValues: rows)
    }
}
