import Foundation
import GRDB
import PipelineCore
import PipelineStore

extension SQLiteStore {
    public func addToken(_ token: TokenRecord) async throws(StoreError) {
        try await write { db in
            try db.execute(
                sql: """
                    INSERT INTO tokens (id, name, role, organisation, hash, created_at, revoked_at, person_id)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    token.id, token.name, token.role, token.organisation, token.hash, token.createdAt.milliseconds,
                    token.revokedAt?.milliseconds, token.personID,
                ])
        }
    }

    public func token(hash: String) async throws(StoreError) -> TokenRecord? {
        try readHere(oneStatement: true) { db in
            try Row.fetchOne(db, sql: "\(SQLiteStore.tokenQuery) WHERE t.hash = ?", arguments: [hash]).map(
                SQLiteStore.token)
        }
    }

    public func tokens() async throws(StoreError) -> [TokenRecord] {
        try await read { db in
            try Row.fetchAll(db, sql: "\(SQLiteStore.tokenQuery) ORDER BY t.created_at, t.id").map(SQLiteStore.token)
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
        try readHere(oneStatement: true) { db in
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
        _ = try readHere(oneStatement: true) { db in try Int.fetchOne(db, sql: "SELECT 1") }
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

    public func regionCounts(visibility: IdeaVisibility?) async throws(StoreError) -> [RegionCount] {
        let (condition, arguments) = SQLiteStore.countCondition(workflowID: nil, visibility: visibility)
        return try await read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT region, workflow_id, stage, theme, status, COUNT(*) AS count FROM ideas WHERE \(condition)
                    GROUP BY region, workflow_id, stage, theme, status
                    ORDER BY region, workflow_id, stage, theme, status
                    """, arguments: arguments
            ).map { row in
                RegionCount(
                    region: row["region"], workflowID: row["workflow_id"], stage: row["stage"], theme: row["theme"],
                    status: row["status"], count: row["count"])
            }
        }
    }

    /// Tokens with their person as they are now: name, organisation, whether active and whether
    /// they still hold the token's role.
    private static let tokenQuery = """
        SELECT t.*, p.name AS person_name, p.active AS person_active, o.name AS person_organisation,
               EXISTS (SELECT 1 FROM person_roles r WHERE r.person_id = t.person_id AND r.role = t.role) AS holds_role,
               COALESCE(o.region, (SELECT region FROM organisations WHERE name = t.organisation)) AS organisation_region,
               (SELECT group_concat(region, char(10)) FROM person_regions WHERE person_id = t.person_id)
                   AS person_regions
        FROM tokens t
        LEFT JOIN people p ON p.id = t.person_id
        LEFT JOIN organisations o ON o.id = p.organisation_id
        """

    private static func token(_ row: Row) -> TokenRecord {
        let created: Int64 = row["created_at"]
        let revoked: Int64? = row["revoked_at"]
        let personName: String? = row["person_name"]
        return TokenRecord(
            id: row["id"], name: row["name"], role: row["role"], organisation: row["organisation"], hash: row["hash"],
            createdAt: Date(timeIntervalSince1970: Double(created) / 1000),
            revokedAt: revoked.map { Date(timeIntervalSince1970: Double($0) / 1000) }, personID: row["person_id"],
            holder: personName.map { name in
                TokenRecord.Holder(
                    name: name, organisation: row["person_organisation"], active: row["person_active"],
                    holdsRole: row["holds_role"],
                    regions: (row["person_regions"] as String?).map { $0.split(separator: "\n").map(String.init) } ?? []
                )
            }, organisationRegion: row["organisation_region"])
    }
}
