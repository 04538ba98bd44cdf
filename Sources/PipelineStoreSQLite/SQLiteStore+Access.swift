import Foundation
import GRDB
import PipelineCore
import PipelineStore

extension SQLiteStore {
    public func addToken(_ token: TokenRecord) async throws(StoreError) {
        try await write { db in
            try db.execute(
                sql: """
                    INSERT INTO tokens (id, name, role, organisation, hash, created_at, revoked_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    token.id, token.name, token.role, token.organisation, token.hash, token.createdAt.milliseconds,
                    token.revokedAt?.milliseconds,
                ])
        }
    }

    public func token(hash: String) async throws(StoreError) -> TokenRecord? {
        try await read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM tokens WHERE hash = ?", arguments: [hash]).map(SQLiteStore.token)
        }
    }

    public func tokens() async throws(StoreError) -> [TokenRecord] {
        try await read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM tokens ORDER BY created_at, id").map(SQLiteStore.token)
        }
    }

    public func revokeToken(id: String, at time: Date) async throws(StoreError) -> Bool {
        try await write { db in
            try db.execute(
                sql: "UPDATE tokens SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL",
                arguments: [time.milliseconds, id])
            return db.changesCount > 0
        }
    }

    public func idempotencyRecord(principal: String, key: String) async throws(StoreError) -> IdempotencyRecord? {
        try await read { db in
            try Row.fetchOne(
                db, sql: "SELECT * FROM idempotency_keys WHERE principal = ? AND key = ?", arguments: [principal, key]
            ).map { row in
                let milliseconds: Int64 = row["created_at"]
                return IdempotencyRecord(
                    principal: row["principal"], key: row["key"], requestHash: row["request_hash"],
                    status: row["status"],
                    body: row["body"], createdAt: Date(timeIntervalSince1970: Double(milliseconds) / 1000))
            }
        }
    }

    public func saveIdempotencyRecord(_ record: IdempotencyRecord) async throws(StoreError) {
        try await write { db in
            try db.execute(
                sql: """
                    INSERT OR IGNORE INTO idempotency_keys (principal, key, request_hash, status, body, created_at)
                    VALUES (?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    record.principal, record.key, record.requestHash, record.status, record.body,
                    record.createdAt.milliseconds,
                ])
        }
    }

    public func ping() async throws(StoreError) {
        _ = try await read { db in try Int.fetchOne(db, sql: "SELECT 1") }
    }

    public func counts(
        groupedBy dimension: CountDimension, workflowID: String?, visibility: IdeaVisibility?
    ) async throws(StoreError) -> [IdeaCount] {
        // The column comes from the enum, never from input.
        let column: String
        switch dimension {
        case .stage: column = "stage"
        case .region: column = "region"
        case .theme: column = "theme"
        }
        let (condition, arguments) = SQLiteStore.countCondition(workflowID: workflowID, visibility: visibility)
        return try await read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT workflow_id, \(column) AS value, status, COUNT(*) AS count FROM ideas WHERE \(condition)
                    GROUP BY workflow_id, \(column), status ORDER BY workflow_id, \(column), status
                    """, arguments: arguments
            ).map { row in
                IdeaCount(
                    workflowID: row["workflow_id"], value: row["value"], status: row["status"], count: row["count"])
            }
        }
    }

    private static func token(_ row: Row) -> TokenRecord {
        let created: Int64 = row["created_at"]
        let revoked: Int64? = row["revoked_at"]
        return TokenRecord(
            id: row["id"], name: row["name"], role: row["role"], organisation: row["organisation"], hash: row["hash"],
            createdAt: Date(timeIntervalSince1970: Double(created) / 1000),
            revokedAt: revoked.map { Date(timeIntervalSince1970: Double($0) / 1000) })
    }
}
