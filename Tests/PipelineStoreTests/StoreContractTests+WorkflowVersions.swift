import Foundation
import PipelineStore
import Testing

/// The workflow versions a database has run: the same on every backend.
extension StoreContractTests {
    static func version(_ number: Int, _ text: String, id: String = "primary-care-innovation") -> WorkflowVersionText {
        WorkflowVersionText(workflowID: id, version: number, path: "workflows/\(id).yml", source: text)
    }

    @Test(
        "a version is stored with its text the first time it runs, and keeps that text; ideas are counted by version",
        arguments: Backend.available)
    func workflowVersions(backend: Backend) async throws {
        try await backend.withStore { store in
            #expect(try await store.workflowVersions().isEmpty)
            var stored = try await store.archiveWorkflowVersions(
                [Self.version(1, "first text"), Self.version(1, "x", id: "quick-wins")], at: StoreFixture.now)
            #expect(stored.map { "\($0.workflowID)@\($0.version)" } == ["primary-care-innovation@1", "quick-wins@1"])
            #expect(stored.first?.source == "first text")
            #expect(stored.first?.firstRunAt.map { abs($0.timeIntervalSince(StoreFixture.now)) < 0.001 } == true)

            // Run again with a changed text and a new version: the old one keeps its first text.
            stored = try await store.archiveWorkflowVersions(
                [Self.version(1, "changed text"), Self.version(2, "second")], at: StoreFixture.now + 60)
            #expect(stored.map(\.source) == ["first text", "second", "x"])
            #expect(try await store.workflowVersions() == stored)
            // Texts as large as a workflow file may be, with any character YAML allows (not NUL),
            // read back as written.
            let large = String(repeating: "naam: 'Zorg – één\t\u{1F600}\r\n'\n", count: 20_000)
            stored = try await store.archiveWorkflowVersions([Self.version(3, large)], at: StoreFixture.now)
            #expect(stored.first { $0.version == 3 }?.source == large)

            #expect(try await store.ideaCounts(workflowID: "primary-care-innovation") == [:])
            let handler = CommandHandler(store: store, library: StoreFixture.library)
            _ = try await StoreFixture.submit(handler, id: "idea-1")
            _ = try await StoreFixture.submit(handler, id: "idea-2")
            #expect(try await store.ideaCounts(workflowID: "primary-care-innovation") == [1: 2])
            #expect(try await store.ideaCounts(workflowID: "nope") == [:])
        }
    }
}
