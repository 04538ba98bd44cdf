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

    /// A new, empty store of this kind, and how to remove it afterwards.
    func makeStore() throws -> (store: any Store, cleanup: @Sendable () -> Void) {
        switch self {
        case .sqlite:
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
                "pipeline-store-\(UUID().uuidString)")
            let store = try SQLiteStore(path: folder.appendingPathComponent("pipeline.sqlite").path)
            return (store, { try? FileManager.default.removeItem(at: folder) })
        }
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
