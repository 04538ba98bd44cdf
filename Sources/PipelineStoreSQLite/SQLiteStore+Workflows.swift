import Foundation
import GRDB
import PipelineStore

extension SQLiteStore {
    public func archiveWorkflowVersions(_ versions: [WorkflowVersionText], at: Date) async throws(StoreError)
        -> [WorkflowVersionText]
    {
        try await write { db in
            for version in versions {
                try db.execute(
                    sql: """
                        INSERT INTO workflow_versions (workflow_id, version, path, source, first_run_at)
                        VALUES (?, ?, ?, ?, ?) ON CONFLICT (workflow_id, version) DO NOTHING
                        """,
                    arguments: [version.workflowID, version.version, version.path, version.source, at.milliseconds])
            }
            return try SQLiteStore.workflowVersions(db)
        }
    }

    public func workflowVersions() async throws(StoreError) -> [WorkflowVersionText] {
        try await read { db in try SQLiteStore.workflowVersions(db) }
    }

    private static func workflowVersions(_ db: Database) throws -> [WorkflowVersionText] {
        try Row.fetchAll(
            db,
            sql: """
                SELECT workflow_id, version, path, source, first_run_at FROM workflow_versions
                ORDER BY workflow_id, version
                """
        ).map { row in
            WorkflowVersionText(
                workflowID: row[0], version: row[1], path: row[2], source: row[3],
                firstRunAt: Date(milliseconds: row[4]))
        }
    }

    public func ideaCounts(workflowID: String) async throws(StoreError) -> [Int: Int] {
        try await read { db in
            let rows = try Row.fetchAll(
                db,
                sql: "SELECT workflow_version, COUNT(*) FROM ideas WHERE workflow_id = ? GROUP BY workflow_version",
                arguments: [workflowID])
            return Dictionary(uniqueKeysWithValues: rows.map { (row: Row) -> (Int, Int) in (row[0], row[1]) })
        }
    }
}
