import Foundation
import PipelineCore
import PipelineDefinition
import PipelineStore
import PipelineStorePostgres
import PipelineStoreSQLite
import PipelineTestSupport
import Testing

/// The backends the contract suite runs on. PostgreSQL needs a server: `PIPELINE_TEST_POSTGRES_URL`,
/// which `scripts/with-postgres.sh` (and so `make test`) sets.
enum Backend: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case sqlite
    case postgres

    var testDescription: String { rawValue }

    /// The server the PostgreSQL tests make their databases on, when there is one.
    static let postgresURL: String? = ProcessInfo.processInfo.environment["PIPELINE_TEST_POSTGRES_URL"].flatMap {
        $0.isEmpty ? nil : $0
    }

    /// Why PostgreSQL tests are left out, shown in the test report beside each of them.
    static let postgresSkipped: Comment = "PIPELINE_TEST_POSTGRES_URL not set: PostgreSQL store tests skipped"

    /// The backends this run tests: PostgreSQL only with a server (tests that need one say so
    /// when they are skipped: see `postgresSkipped`).
    static var available: [Backend] { allCases.filter { $0 != .postgres || postgresURL != nil } }

    /// Runs `body` on a new, empty store of this kind, then closes and removes it, also when
    /// `body` throws. Each PostgreSQL store gets a database of its own, so tests run in parallel.
    func withStore(_ body: (any Store & StoreInspection) async throws -> Void) async throws {
        switch self {
        case .sqlite:
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
                "pipeline-store-\(UUID().uuidString)")
            defer { try? FileManager.default.removeItem(at: folder) }
            let store = try SQLiteStore(path: folder.appendingPathComponent("pipeline.sqlite").path)
            try await Backend.run(body, on: store)
        case .postgres:
            try await PostgresTestDatabase.with { database in
                // Tests run in parallel, each with its own store: a small pool each.
                var options = PostgresStore.Options()
                options.maximumConnections = 10
                try await PostgresStore.withStore(url: database.url, options: options) { store in try await body(store)
                }
            }
        }
    }

    private static func run(
        _ body: (any Store & StoreInspection) async throws -> Void, on store: any Store & StoreInspection
    ) async throws {
        do {
            try await body(store)
        } catch {
            try? await store.close()
            throw error
        }
        try await store.close()
    }
}

enum StoreFixture {
    static let library = BundledWorkflows.library

    static let facilitator = Actor(name: "fenna", role: "facilitator")
    static let now = Date(timeIntervalSince1970: 1_790_000_000.25)

    static func submitter(_ organisation: String) -> Actor {
        Actor(name: "indiener-\(organisation)", role: "submitter", organisation: organisation)
    }

    static let fields: FieldValues = [
        "title": .text("Gedeelde triagistenpool"),
        "summary": .text(String(repeating: "Een pool van triagisten die posten delen. ", count: 3)),
        "theme": .text("anders_besturen"),
    ]

    @discardableResult
    static func submit(
        _ handler: CommandHandler, id: String, organisation: String = "HAP De Linde", region: String = "Twente",
        at time: Date = now, fields: FieldValues = fields
    ) async throws -> Idea {
        try await handler.submit(
            id: id, workflowID: "primary-care-innovation", organisation: organisation, region: region, fields: fields,
            actor: submitter(organisation), now: time
        ).idea
    }
}
