import Foundation
import PipelineTestSupport
import Testing

@Suite("pipeline validate and pipeline graph")
struct ValidateCommandTests {
    let main = CommandRunner.packageRoot.appendingPathComponent("workflows/primary-care-innovation.yml")

    func brokenCopy(in folder: URL, _ change: (String) -> String) throws -> URL {
        let text = try String(contentsOf: main, encoding: .utf8)
        let file = folder.appendingPathComponent("broken.yml")
        try change(text).write(to: file, atomically: true, encoding: .utf8)
        return file
    }

    @Test("the bundled workflows are valid: exit 0")
    func bundledValid() async throws {
        let result = try await CommandRunner.run(["validate"])
        #expect(result.status == 0, "\(result.errors)")
        #expect(result.output.contains("3 workflow files valid"))
        #expect(
            result.output.contains("workflows/primary-care-innovation.yml: valid: primary-care-innovation version 1"))
        #expect(result.errors.isEmpty)
    }

    @Test("a broken copy exits 1 with path:line:column diagnostics")
    func brokenExitsOne() async throws {
        let folder = try CommandRunner.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = try brokenCopy(in: folder) {
            $0.replacingOccurrences(of: "funding == \"subsidie\"", with: "fundign == \"subsidie\"")
                .replacingOccurrences(of: "      remind: 60d", with: "      remind: 60 days")
        }
        let result = try await CommandRunner.run(["validate", file.path])
        #expect(result.status == 1)
        #expect(result.errors.contains("\(file.path):149:15: error: remind '60 days' is not a duration"))
        #expect(result.errors.contains("\(file.path):207:37: error: unknown field 'fundign'"))
        #expect(result.errors.contains("= hint: did you mean 'funding'?"))
        #expect(result.output.contains("1 of 1 workflow file invalid, 2 errors"))
    }

    @Test("--json prints every diagnostic for editors and CI")
    func json() async throws {
        let folder = try CommandRunner.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = try brokenCopy(in: folder) { $0.replacingOccurrences(of: "stages:", with: "stagez:") }
        let result = try await CommandRunner.run(["validate", "--json", file.path])
        #expect(result.status == 1)
        let report = try #require(
            try JSONSerialization.jsonObject(with: Data(result.output.utf8)) as? [String: Any])
        #expect(report["valid"] as? Bool == false)
        let diagnostics = try #require(report["diagnostics"] as? [[String: Any]])
        #expect(diagnostics.count == 1)
        #expect(diagnostics.first?["line"] as? Int == 134)
        #expect(diagnostics.first?["column"] as? Int == 1)
        #expect(diagnostics.first?["message"] as? String == "unknown key 'stagez' in the workflow")
        #expect(diagnostics.first?["hint"] as? String == "did you mean 'stages'?")
    }

    @Test(
        "usage errors exit 2",
        arguments: [
            ["validate", "/no/such/path"], ["validate", "--bogus"], ["graph"],
            ["graph", "workflows/quick-wins.yml", "--format", "png"],
            ["frobnicate"],
        ])
    func usage(arguments: [String]) async throws {
        let result = try await CommandRunner.run(arguments)
        #expect(result.status == 2, "\(arguments): \(result.errors)")
        #expect(!result.errors.isEmpty)
    }

    @Test("a folder without workflow files is a usage error")
    func emptyFolder() async throws {
        let folder = try CommandRunner.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let result = try await CommandRunner.run(["validate", folder.path])
        #expect(result.status == 2)
        #expect(result.errors.contains("no workflow files"))
    }

    @Test("graph prints mermaid and dot")
    func graph() async throws {
        let mermaid = try await CommandRunner.run(["graph", "workflows/primary-care-innovation.yml"])
        #expect(mermaid.status == 0)
        #expect(mermaid.output.hasPrefix("flowchart LR\n"))
        let dot = try await CommandRunner.run(["graph", "workflows/quick-wins.yml", "--format", "dot"])
        #expect(dot.status == 0)
        #expect(dot.output.hasPrefix("digraph \"quick-wins\" {"))
    }

    @Test("graph of an invalid file exits 1 with diagnostics and no diagram")
    func graphInvalid() async throws {
        let folder = try CommandRunner.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = try brokenCopy(in: folder) { $0.replacingOccurrences(of: "to: completed", with: "to: complete") }
        let result = try await CommandRunner.run(["graph", file.path])
        #expect(result.status == 1)
        #expect(result.output.isEmpty)
        #expect(result.errors.contains("error: unknown stage 'complete'"))
    }

    @Test("every command has --help")
    func help() async throws {
        for arguments in [["--help"], ["validate", "--help"], ["graph", "--help"]] {
            let result = try await CommandRunner.run(arguments)
            #expect(result.status == 0)
            #expect(result.output.contains("USAGE:"))
        }
    }
}
