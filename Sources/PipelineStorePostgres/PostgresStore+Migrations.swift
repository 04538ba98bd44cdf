import PipelineStore
import PostgresNIO

extension PostgresStore {
    /// The advisory lock that lets one server at a time migrate a database ("pipe" in ASCII).
    static let migrationLock: Int64 = 0x7069_7065

    /// Runs the migrations the database lacks, all in one transaction that first takes the
    /// migration lock: servers starting together wait for each other, and the later ones find
    /// nothing left to do. A failing migration leaves the database as it was.
    func migrate() async throws(StoreError) {
        try await transaction { connection in
            try await connection.query("SELECT pg_advisory_xact_lock(\(PostgresStore.migrationLock))", logger: logger)
            try await connection.query(
                """
                CREATE TABLE IF NOT EXISTS schema_migrations (
                    identifier TEXT PRIMARY KEY,
                    applied_at TIMESTAMPTZ NOT NULL DEFAULT now()
                )
                """, logger: logger)
            let applied = Set(
                try await connection.rows("SELECT identifier FROM schema_migrations", logger: logger) { row in
                    try row.decode(String.self)
                })
            for migration in PostgresSchema.migrations where !applied.contains(migration.identifier) {
                for statement in migration.statements {
                    try await connection.query(PostgresQuery(unsafeSQL: statement), logger: logger)
                }
                try await connection.query(
                    "INSERT INTO schema_migrations (identifier) VALUES (\(migration.identifier))", logger: logger)
            }
        }
    }

    /// The names of the migrations this database has run, oldest first (in the order of
    /// `PostgresSchema.migrations`; any this release does not know, from a newer one, last).
    public func appliedMigrations() async throws(StoreError) -> [String] {
        let applied = Set(
            try await rows("SELECT identifier FROM schema_migrations") { row in try row.decode(String.self) })
        let known = PostgresSchema.migrations.map(\.identifier)
        return known.filter(applied.contains) + applied.subtracting(known).sorted()
    }
}
