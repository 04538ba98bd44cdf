import Foundation
import PipelineTestSupport
import Testing

/// `pipeline serve` reloads its workflow files on SIGHUP and on `POST /v1/workflows/reload`: a
/// valid set replaces the old one for new ideas; an invalid one is refused with its diagnostics
/// (in the log, in the answer), and the running set stays.
@Suite("pipeline serve reloads its workflows")
struct WorkflowReloadTests {
    @Test("SIGHUP and POST /v1/workflows/reload: a new version is taken, a broken file is refused and the old set kept")
    func reload() async throws {
        let folder = try CommandRunner.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let workflows = folder.appendingPathComponent("workflows")
        try FileManager.default.createDirectory(at: workflows, withIntermediateDirectories: true)
        for name in ["primary-care-innovation.yml", "quick-wins.yml", "regional-implementation.yml"] {
            try FileManager.default.copyItem(
                at: CommandRunner.packageRoot.appendingPathComponent("workflows/\(name)"),
                to: workflows.appendingPathComponent(name))
        }
        let database = folder.appendingPathComponent("p.sqlite").path
        let admin = try #require(
            try await CommandRunner.run([
                "tokens", "create", "--name", "beheer", "--role", "admin", "--database", database, "--workflows",
                workflows.path,
            ]).output.firstMatch(of: /pl_[A-Za-z0-9_-]+/).map { String($0.0) })
        let facilitator = try #require(
            try await CommandRunner.run([
                "tokens", "create", "--name", "fenna", "--role", "facilitator", "--database", database, "--workflows",
                workflows.path,
            ]).output.firstMatch(of: /pl_[A-Za-z0-9_-]+/).map { String($0.0) })
        let instance = try Instance(database: database, workflows: workflows)
        defer { instance.stop() }
        try await instance.waitUntilHealthy()
        func versions() async throws -> [String: Int] {
            let (body, _) = try await HTTP.send("GET", "\(instance.base)/v1/workflows", token: facilitator)
            let list = body["workflows"] as? [[String: Any]] ?? []
            return Dictionary(
                list.map { ($0["id"] as? String ?? "", $0["version"] as? Int ?? 0) }, uniquingKeysWith: { a, _ in a })
        }
        #expect(try await versions()["quick-wins"] == 1)
        let (first, submitted) = try await instance.submitIdea(1, token: facilitator)
        #expect(submitted == 201, "\(first)")

        // Version 2 of quick-wins, taken on SIGHUP: new ideas start on it, the first keeps version 1.
        let quickWins = workflows.appendingPathComponent("quick-wins.yml")
        let text = try String(contentsOf: quickWins, encoding: .utf8)
        try text.replacingOccurrences(of: "\nversion: 1\n", with: "\nversion: 2\n")
            .replacingOccurrences(of: "name: Snelle verbeteringen", with: "name: Snelle verbeteringen (v2)")
            .write(to: quickWins, atomically: true, encoding: .utf8)
        kill(instance.process.processIdentifier, SIGHUP)
        try await Self.waitUntil("the log says the workflows were reloaded", instance) {
            instance.log.contains("workflows reloaded")
        }
        #expect(try await versions()["quick-wins"] == 2)
        let (second, _) = try await instance.submitIdea(2, token: facilitator)
        #expect((second["workflow"] as? [String: Any])?["version"] as? Int == 2, "\(second)")
        let id = try #require((first["id"] as? String))
        let (kept, _) = try await HTTP.send("GET", "\(instance.base)/v1/ideas/\(id)", token: facilitator)
        #expect((kept["workflow"] as? [String: Any])?["version"] as? Int == 1)

        // A broken file: refused over HTTP with file:line:col, and on SIGHUP in the log; version 2 stays.
        try text.replacingOccurrences(of: "\nversion: 1\n", with: "\nversion: 2\n")
            .replacingOccurrences(of: "stages:", with: "stagse:")
            .write(to: quickWins, atomically: true, encoding: .utf8)
        let (refused, status) = try await HTTP.send("POST", "\(instance.base)/v1/workflows/reload", token: admin)
        #expect(status == 422, "\(refused)")
        #expect((refused["type"] as? String)?.hasSuffix("/invalid-workflows") == true)
        let diagnostics = refused["diagnostics"] as? [String] ?? []
        #expect(
            diagnostics.contains { $0.contains("quick-wins.yml:") && $0.contains("error:") && $0.contains("stagse") },
            "\(diagnostics)")
        kill(instance.process.processIdentifier, SIGHUP)
        try await Self.waitUntil("the log says the files were refused", instance) {
            instance.log.contains("workflows not reloaded; the running set stays")
        }
        #expect(try await versions()["quick-wins"] == 2)
        #expect(try await instance.submitIdea(3, token: facilitator).status == 201, "the server still works")

        // Only admins reload; a fixed file is taken again.
        let (_, forbidden) = try await HTTP.send("POST", "\(instance.base)/v1/workflows/reload", token: facilitator)
        #expect(forbidden == 403)
        try text.replacingOccurrences(of: "\nversion: 1\n", with: "\nversion: 3\n")
            .write(to: quickWins, atomically: true, encoding: .utf8)
        let (reloaded, ok) = try await HTTP.send("POST", "\(instance.base)/v1/workflows/reload", token: admin)
        #expect(ok == 200, "\(reloaded)")
        #expect(try await versions()["quick-wins"] == 3)
        #expect(instance.process.isRunning)
    }

    /// Waits for `condition` (60 s at most: a generous bound, not a timing assertion).
    static func waitUntil(_ what: String, _ instance: Instance, _ condition: () -> Bool) async throws {
        let deadline = Date().addingTimeInterval(60)
        while !condition() {
            guard Date() < deadline else { throw TestFailure("\(what): \(instance.log.suffix(1_500))") }
            try await Task.sleep(for: .milliseconds(50))
        }
    }
}
