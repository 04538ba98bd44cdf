import Foundation
import PipelineCore
import PipelineStore
import PipelineStoreSQLite
import PipelineTestSupport
import Testing

@Suite("pipeline adopt and pipeline implementations")
struct AdoptCommandTests {
    @Test("a region adopts a proven idea on the command line; refusals exit with the reason and store nothing")
    func adopt() async throws {
        let folder = try CommandRunner.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let database = folder.appendingPathComponent("pipeline.sqlite").path
        let store = try SQLiteStore(path: database)
        var handler = CommandHandler(store: store, library: BundledWorkflows.library)
        handler.regions = TestRegions.list
        var proven = ProvenIdea(handler: handler, now: Date())
        try await proven.make(id: "idea-1")
        try await store.close()
        let facilitator = ["--database", database, "--actor", "fenna", "--role", "facilitator"]

        let adopted = try await CommandRunner.run(["adopt", "idea-1", "--region", "Rijnmond"] + facilitator)
        #expect(adopted.status == 0, "\(adopted.errors)")
        #expect(adopted.output.contains("implements    idea idea-1, in Rijnmond"), "\(adopted.output)")
        #expect(adopted.output.contains("Aanmelding") || adopted.output.contains("intake"))

        let unknown = try await CommandRunner.run(["adopt", "idea-1", "--region", "Atlantis"] + facilitator)
        #expect(unknown.status == 2)
        #expect(unknown.errors.contains("Atlantis"))
        let own = try await CommandRunner.run(["adopt", "idea-1", "--region", "Twente"] + facilitator)
        #expect(own.status == 1)
        #expect(own.errors.contains("comes from Twente"))
        let twice = try await CommandRunner.run(["adopt", "idea-1", "--region", "Rijnmond"] + facilitator)
        #expect(twice.status == 1)
        #expect(twice.errors.contains("already implements"))
        let missing = try await CommandRunner.run(["adopt", "nothing", "--region", "Zeeland"] + facilitator)
        #expect(missing.status == 3, "\(missing.errors)")

        let list = try await CommandRunner.run(["implementations", "list", "--idea", "idea-1"] + facilitator)
        #expect(list.status == 0)
        #expect(list.output.contains("Rijnmond"))
        let json = try await CommandRunner.run(["implementations", "list", "--json"] + facilitator)
        let page = try #require(try JSONSerialization.jsonObject(with: Data(json.output.utf8)) as? [String: Any])
        let implementations = try #require(page["ideas"] as? [[String: Any]])
        #expect(implementations.count == 1)
        let id = try #require(implementations.first?["id"] as? String)
        let shown = try await CommandRunner.run(["implementations", "show", id] + facilitator)
        #expect(shown.status == 0)
        #expect(shown.output.contains("regional-implementation"))
        #expect(try await CommandRunner.run(["implementations", "show", "idea-1"] + facilitator).status == 3)
        let idea = try await CommandRunner.run(["ideas", "show", "idea-1"] + facilitator)
        #expect(idea.output.contains("adoptions     1: 1 adopting, 0 live"), "\(idea.output)")
        // A submitter of another region's organisation does not see it.
        let submitter = ["--database", database, "--actor", "anna", "--role", "submitter", "--org", "HAP De Linde"]
        let hidden = try await CommandRunner.run(["implementations", "show", id] + submitter)
        #expect(hidden.status == 3)
    }
}
