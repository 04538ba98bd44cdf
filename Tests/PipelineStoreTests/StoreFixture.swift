import Foundation
import PipelineCore
import PipelineDefinition
import PipelineStore
import PipelineStoreSQLite
import Testing

/// The backends the contract suite runs on. PostgreSQL joins with its own issue.
enum Backend: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case sqlite

    var testDescription: String { rawValue }

    /// The backends this run tests.
    static var available: [Backend] { allCases }

    /// Runs `body` on a new, empty store of this kind, then closes and removes it, also when
    /// `body` throws.
    func withStore(_ body: (any Store) async throws -> Void) async throws {
        switch self {
        case .sqlite:
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
                "pipeline-store-\(UUID().uuidString)")
            defer { try? FileManager.default.removeItem(at: folder) }
            let store = try SQLiteStore(path: folder.appendingPathComponent("pipeline.sqlite").path)
            try await Backend.run(body, on: store)
        }
    }

    private static func run(_ body: (any Store) async throws -> Void, on store: any Store) async throws {
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
    static let library: WorkflowLibrary = {
        let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("workflows")
        let sources = ["primary-care-innovation.yml", "quick-wins.yml"].map { name in
            WorkflowSource(
                path: name,
                text: (try? String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)) ?? "")
        }
        return WorkflowLibrary(WorkflowDefinition.loadAll(sources).entries.map(\.workflow))
    }()

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
