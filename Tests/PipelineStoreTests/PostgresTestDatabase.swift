import Foundation
import PostgresNIO

@testable import PipelineStorePostgres

/// A new database on the server of `PIPELINE_TEST_POSTGRES_URL`, for one test: tests do not see
/// each other's rows and can run in parallel.
struct PostgresTestDatabase: Sendable {
    let name: String
    /// The server's URL with this database in its path.
    let url: String

    /// Creates a database, runs `body` with it, and drops it afterwards, also when `body` throws.
    static func with(_ body: (PostgresTestDatabase) async throws -> Void) async throws {
        guard let server = Backend.postgresURL else { throw MissingServer() }
        let name = "pipeline_test_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
        var components = URLComponents(string: server)
        components?.path = "/" + name
        guard let url = components?.string else { throw MissingServer() }
        // The name is made here of [a-z0-9_] only, so it can stand in the SQL text.
        try await administer(server, "CREATE DATABASE \(name)")
        do {
            try await body(PostgresTestDatabase(name: name, url: url))
        } catch {
            try? await administer(server, "DROP DATABASE IF EXISTS \(name) WITH (FORCE)")
            throw error
        }
        try await administer(server, "DROP DATABASE IF EXISTS \(name) WITH (FORCE)")
    }

    /// Runs one statement on the server's own database (CREATE and DROP DATABASE cannot run in
    /// the database they are about).
    static func administer(_ server: String, _ sql: String) async throws {
        let client = PostgresClient(configuration: try PostgresURL.configuration(server))
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await client.run() }
            try await client.query(PostgresQuery(unsafeSQL: sql))
            group.cancelAll()
        }
    }

    /// Runs `body` with `count` stores on this database, each with its own pool (as several
    /// servers have), prepared (migrated) at the same time.
    func withStores(
        _ count: Int, options: PostgresStore.Options = .init(), _ body: ([PostgresStore]) async throws -> Void
    ) async throws {
        try await PostgresStore.withStores(url: url, count: count, options: options, body)
    }

    struct MissingServer: Error, CustomStringConvertible {
        var description: String { "PIPELINE_TEST_POSTGRES_URL is not set or not a URL" }
    }
}
