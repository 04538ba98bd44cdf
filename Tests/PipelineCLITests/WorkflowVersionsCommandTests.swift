import Foundation
import PipelineTestSupport
import Testing

/// Workflow versions kept in the database: ideas pinned to a version keep its rules after the
/// file moves on or goes, and a file that changes a version the database ran is refused.
@Suite("pipeline workflows versions, and versions kept in the database")
struct WorkflowVersionsCommandTests {
    @Test("a changed file must raise its version; the old version's ideas keep its rules, also when the file is gone")
    func versionsOutliveTheirFiles() async throws {
        let folder = try CommandRunner.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let workflows = folder.appendingPathComponent("workflows")
        try FileManager.default.createDirectory(at: workflows, withIntermediateDirectories: true)
        for name in ["primary-care-innovation.yml", "quick-wins.yml", "regional-implementation.yml"] {
            try FileManager.default.copyItem(
                at: CommandRunner.packageRoot.appendingPathComponent("workflows/\(name)"),
                to: workflows.appendingPathComponent(name))
        }
        let store = ["--database", folder.appendingPathComponent("db.sqlite").path, "--workflows", workflows.path]
        let facilitator = ["--actor", "fenna", "--role", "facilitator"]
        func run(_ arguments: [String]) async throws -> CommandResult { try await CommandRunner.run(arguments + store) }

        #expect(try await run(["demo"]).status == 0)
        var versions = try await run(["workflows", "versions", "primary-care-innovation", "--json"])
        #expect(versions.status == 0, "\(versions.errors)")
        var rows = try Self.rows(versions)
        #expect(rows.map { $0["version"] as? Int } == [1])
        #expect(rows.first?["state"] as? String == "current")
        let ideas = rows.first?["ideas"] as? Int ?? 0
        #expect(ideas > 10)
        let listed = try await run(["ideas", "list", "--stage", "business_case"] + facilitator)
        let id = try #require(listed.output.split(separator: "\n").dropFirst().first?.split(separator: " ").first)

        // The pass mark moves without a new version: refused, pointing at `version:`, nothing run.
        let main = workflows.appendingPathComponent("primary-care-innovation.yml")
        let text = try String(contentsOf: main, encoding: .utf8)
        try text.replacingOccurrences(of: "pass_mark: 3.5", with: "pass_mark: 4.5")
            .write(to: main, atomically: true, encoding: .utf8)
        let refused = try await run(["gate", String(id)] + facilitator)
        #expect(refused.status == 1)
        #expect(
            refused.errors.contains(
                "\(main.path):5:1: error: workflow 'primary-care-innovation' version 1 is not the version 1 this database has run"
            ), "\(refused.errors)")
        #expect(refused.errors.contains("hint: raise 'version:' to 2"))
        // Comments and layout are not a change of what the version means.
        try ("# Een opmerking\n" + text + "\n\n").write(to: main, atomically: true, encoding: .utf8)
        #expect(try await run(["gate", String(id)] + facilitator).status == 0)

        // Version 2 with the new pass mark: new ideas start on it, the old ideas keep 3.5.
        try text.replacingOccurrences(of: "pass_mark: 3.5", with: "pass_mark: 4.5")
            .replacingOccurrences(of: "\nversion: 1\n", with: "\nversion: 2\n")
            .write(to: main, atomically: true, encoding: .utf8)
        let gate = try await run(["gate", String(id)] + facilitator)
        #expect(gate.status == 0, "\(gate.errors)")
        #expect(gate.output.contains("pass mark 3.5"), "\(gate.output)")
        versions = try await run(["workflows", "versions", "primary-care-innovation", "--json"])
        rows = try Self.rows(versions)
        #expect(rows.map { $0["version"] as? Int } == [1, 2])
        #expect(rows.map { $0["state"] as? String } == ["archived", "current"])
        #expect(rows.map { $0["ideas"] as? Int } == [ideas, 0])

        // The file is deleted: its ideas still load, on the version the database kept.
        try FileManager.default.removeItem(at: main)
        let shown = try await run(["gate", String(id)] + facilitator)
        #expect(shown.status == 0, "\(shown.errors)")
        #expect(shown.output.contains("pass mark 3.5"))
        rows = try await Self.rows(try run(["workflows", "versions", "primary-care-innovation", "--json"]))
        #expect(rows.map { $0["state"] as? String } == ["archived", "archived"])
        #expect(try await run(["workflows", "versions", "primary-care-innovation"]).output.contains("archived"))

        let unknown = try await run(["workflows", "versions", "bestaat-niet"])
        #expect(unknown.status == 3)
        #expect(unknown.errors.contains("never run a workflow 'bestaat-niet'"))
    }

    static func rows(_ result: CommandResult) throws -> [[String: Any]] {
        let object = try JSONSerialization.jsonObject(with: Data(result.output.utf8)) as? [String: Any]
        return object?["versions"] as? [[String: Any]] ?? []
    }
}
