import Foundation
import PipelineCore
import PipelineStore
import PostgresNIO

extension PostgresStore {
    public func addToken(_ token: TokenRecord) async throws(StoreError) {
        try await execute(
            """
            INSERT INTO tokens (id, name, role, organisation, hash, created_at, revoked_at, person_id)
            VALUES (\(token.id), \(token.name), \(token.role), \(token.organisation), \(token.hash),
                    \(token.createdAt.milliseconds), \(token.revokedAt?.milliseconds), \(token.personID))
            """
        )
    }

    public func token(hash: String) async throws(StoreError) -> TokenRecord? {
        var binds = PostgresBindings()
        binds.append(hash)
        return try await rows(
            PostgresQuery(unsafeSQL: PostgresStore.tokenQuery + " WHERE t.hash = $1", binds: binds), PostgresStore.token
        ).first
    }

    public func tokens() async throws(StoreError) -> [TokenRecord] {
        try await rows(
            PostgresQuery(unsafeSQL: PostgresStore.tokenQuery + " ORDER BY t.created_at, t.id"), PostgresStore.token)
    }

    public func revokeToken(id: String, at time: Date) async throws(StoreError) -> Bool {
        try await changes(
            """
            UPDATE tokens SET revoked_at = \(time.milliseconds) WHERE id = \(id) AND revoked_at IS NULL
            RETURNING id
            """
        ) > 0
    }

    public func idempotencyRecord(principal: String, key: String) async throws(StoreError) -> IdempotencyRecord? {
        try await rows(
            """
            SELECT principal, key, request_hash, status, body, created_at FROM idempotency_keys
            WHERE principal = \(principal) AND key = \(key)
            """
        ) { row in
            let (principal, key, requestHash, status, body, createdAt) = try row.decode(
                (String, String, String, Int, String, Int64).self)
            return IdempotencyRecord(
                principal: principal, key: key, requestHash: requestHash, status: status, body: body,
                createdAt: Date(timeIntervalSince1970: Double(createdAt) / 1000))
        }.first
    }

    public func saveIdempotencyRecord(_ record: IdempotencyRecord) async throws(StoreError) {
        try await execute(
            """
            INSERT INTO idempotency_keys (principal, key, request_hash, status, body, created_at)
            VALUES (\(record.principal), \(record.key), \(record.requestHash), \(record.status), \(record.body),
                    \(record.createdAt.milliseconds))
            ON CONFLICT (principal, key) DO NOTHING
            """
        )
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
        // NULLS FIRST: ideas without a theme come first, as in SQLite.
        let (condition, binds) = PostgresStore.countCondition(workflowID: workflowID, visibility: visibility)
        return try await rows(
            PostgresQuery(
                unsafeSQL: """
                    SELECT workflow_id, \(column), status, COUNT(*) FROM ideas WHERE \(condition)
                    GROUP BY workflow_id, \(column), status
                    ORDER BY workflow_id, \(column) NULLS FIRST, status
                    """, binds: binds)
        ) { row in
            let (workflow, value, status, count) = try row.decode((String, String?, String, Int).self)
            return IdeaCount(workflowID: workflow, value: value, status: status, count: count)
        }
    }

    public func regionCounts(visibility: IdeaVisibility?) async throws(StoreError) -> [RegionCount] {
        let (condition, binds) = PostgresStore.countCondition(workflowID: nil, visibility: visibility)
        return try await rows(
            PostgresQuery(
                unsafeSQL: """
                    SELECT region, workflow_id, stage, theme, status, COUNT(*) FROM ideas WHERE \(condition)
                    GROUP BY region, workflow_id, stage, theme, status
                    ORDER BY region, workflow_id, stage, theme NULLS FIRST, status
                    """, binds: binds)
        ) { row in
            let (region, workflow, stage, theme, status, count) = try row.decode(
                (String, String, String, String?, String, Int).self)
            return RegionCount(
                region: region, workflowID: workflow, stage: stage, theme: theme, status: status, count: count)
        }
    }

    /// Tokens with their person as they are now: name, organisation, whether active and whether
    /// they still hold the token's role.
    private static let tokenQuery = """
        SELECT t.id, t.name, t.role, t.organisation, t.hash, t.created_at, t.revoked_at, t.person_id,
               p.name, p.active, o.name,
               EXISTS (SELECT 1 FROM person_roles r WHERE r.person_id = t.person_id AND r.role = t.role COLLATE "C"),
               COALESCE(o.region, (SELECT region FROM organisations WHERE name = t.organisation)),
               ARRAY(SELECT region FROM person_regions WHERE person_id = t.person_id ORDER BY region)
        FROM tokens t
        LEFT JOIN people p ON p.id = t.person_id
        LEFT JOIN organisations o ON o.id = p.organisation_id
        """

    private static func token(_ row: PostgresRow) throws -> TokenRecord {
        let (
            id, name, role, organisation, hash, created, revoked, personID, personName, active, personOrganisation,
            holdsRole, organisationRegion, personRegions
        ) = try row.decode(
            (
                String, String, String, String?, String, Int64, Int64?, String?, String?, Bool?, String?, Bool, String?,
                [String]
            ).self)
        return TokenRecord(
            id: id, name: name, role: role, organisation: organisation, hash: hash,
            createdAt: Date(timeIntervalSince1970: Double(created) / 1000),
            revokedAt: revoked.map { Date(timeIntervalSince1970: Double($0) / 1000) }, personID: personID,
            holder: personName.map { name in
                TokenRecord.Holder(
                    name: name, organisation: personOrganisation, active: active ?? false, holdsRole: holdsRole,
                    regions: personRegions)
            }, organisationRegion: organisationRegion)
    }
}
