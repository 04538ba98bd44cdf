import Foundation
import PipelineTestSupport
import Testing

#if canImport(FoundationXML)
import FoundationXML
#endif

@Suite("pipeline test")
struct TestCommandTests {
    /// A copy of the bundled workflows and their tests in a temporary folder, `change`d.
    func copyOfBundled(in folder: URL, change: (String) -> String = { $0 }) throws {
        let workflows = CommandRunner.packageRoot.appendingPathComponent("workflows")
        let tests = folder.appendingPathComponent("tests")
        try FileManager.default.createDirectory(at: tests, withIntermediateDirectories: true)
        for name in try FileManager.default.contentsOfDirectory(atPath: workflows.path) where name.hasSuffix(".yml") {
            let text = try String(contentsOf: workflows.appendingPathComponent(name), encoding: .utf8)
            try (name == "primary-care-innovation.yml" ? change(text) : text).write(
                to: folder.appendingPathComponent(name), atomically: true, encoding: .utf8)
            try FileManager.default.copyItem(
                at: workflows.appendingPathComponent("tests/\(name)"), to: tests.appendingPathComponent(name))
        }
    }

    /// The line of the test file where `text` stands.
    func line(of text: String, in file: URL) throws -> Int {
        let lines = try String(contentsOf: file, encoding: .utf8).split(
            separator: "\n", omittingEmptySubsequences: false)
        return try #require(lines.firstIndex { $0.contains(text) }) + 1
    }

    @Test("the bundled tests pass: exit 0, a line per file and the summary last", arguments: [[], ["workflows"]])
    func bundled(arguments: [String]) async throws {
        let result = try await CommandRunner.run(["test"] + arguments)
        #expect(result.status == 0, "\(result.output)\(result.errors)")
        let lines = result.output.split(separator: "\n")
        #expect(lines.contains("workflows/tests/quick-wins.yml: 14 cases, 0 failed"))
        #expect(lines.last?.wholeMatch(of: /\d+ cases, 0 failed/) != nil, "\(result.output)")
        #expect(result.errors.isEmpty)
    }

    @Test("one test file runs on the workflows of the folder above its folder")
    func oneFile() async throws {
        let result = try await CommandRunner.run(["test", "workflows/tests/quick-wins.yml"])
        #expect(result.status == 0, "\(result.output)\(result.errors)")
        #expect(result.output == "workflows/tests/quick-wins.yml: 14 cases, 0 failed\n14 cases, 0 failed\n")
    }

    @Test("a pass mark raised from 3.5 to 3.6 fails the case on the mark, at its place, exit 1")
    func mutatedPassMark() async throws {
        let folder = try CommandRunner.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try copyOfBundled(in: folder) { $0.replacingOccurrences(of: "pass_mark: 3.5", with: "pass_mark: 3.6") }
        let result = try await CommandRunner.run(["test", folder.path])
        #expect(result.status == 1, "\(result.output)\(result.errors)")
        let file = folder.appendingPathComponent("tests/primary-care-innovation.yml")
        let name = try line(of: "Precies op de drempel van 3,5 is genoeg", in: file)
        #expect(
            result.output.contains(
                "\(file.path):\(name + 9):7: case 'Precies op de drempel van 3,5 is genoeg': expected go to 'pilot', got refused: gate 'business_case_review' does not hold\n"
                    + "    gate 'business_case_review' (Beoordeling businesscase) does not hold\n"), "\(result.output)")
        #expect(
            result.output.contains(
                "      ✗ average_below_pass_mark 'gatekeeper': 3 of 3 reviews by gatekeeper, average 3.5, pass mark 3.6"
            ))
        #expect(result.output.contains("\(file.path): 54 cases, 1 failed\n"))
        #expect(result.output.hasSuffix(" cases, 1 failed\n"))
    }

    @Test("--json and --junit: one document for editors and CI, well-formed")
    func jsonAndJUnit() async throws {
        let folder = try CommandRunner.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try copyOfBundled(in: folder) { $0.replacingOccurrences(of: "pass_mark: 3.5", with: "pass_mark: 3.6") }
        let junit = folder.appendingPathComponent("junit.xml")
        let result = try await CommandRunner.run(["test", "--json", "--junit", junit.path, folder.path])
        #expect(result.status == 1)
        let report = try #require(try JSONSerialization.jsonObject(with: Data(result.output.utf8)) as? [String: Any])
        #expect(report["passed"] as? Bool == false)
        #expect(report["failed"] as? Int == 1)
        let cases = try #require(report["cases"] as? [[String: Any]])
        #expect(cases.count == report["total"] as? Int)
        let failing = cases.filter { $0["passed"] as? Bool == false }
        #expect(failing.compactMap { $0["name"] as? String } == ["Precies op de drempel van 3,5 is genoeg"])
        for item in failing {
            #expect(item["file"] as? String == folder.appendingPathComponent("tests/primary-care-innovation.yml").path)
            #expect((item["line"] as? Int ?? 0) > 0)
            #expect(item["column"] as? Int == 5)
            #expect(item["expected"] as? String == "go to 'pilot'")
            #expect(item["actual"] as? String == "refused: gate 'business_case_review' does not hold")
        }
        let xml = try Data(contentsOf: junit)
        #if canImport(FoundationXML)
        let document = try XMLDocument(data: xml)
        let suites = try #require(document.rootElement()).elements(forName: "testsuite")
        #expect(suites.count == 3)
        let failures = suites.flatMap { $0.elements(forName: "testcase") }.filter {
            !$0.elements(forName: "failure").isEmpty
        }
        #expect(failures.count == 1)
        #else
        #expect(String(decoding: xml, as: UTF8.self).contains("<failure message="))
        #endif
    }

    @Test("a test file with mistakes exits 2 with path:line:column and a suggestion; the other files still run")
    func brokenTestFile() async throws {
        let folder = try CommandRunner.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try copyOfBundled(in: folder)
        let broken = folder.appendingPathComponent("tests/broken.yml")
        try """
        workflow: quick-wins
        cases:
          - name: typefout
            stage: try_otu
            expect: {go: adopted}
        """.write(to: broken, atomically: true, encoding: .utf8)
        let result = try await CommandRunner.run(["test", folder.path])
        #expect(result.status == 2)
        #expect(result.errors.contains("\(broken.path):4:12: error: unknown stage 'try_otu'\n"), "\(result.errors)")
        #expect(
            result.errors.contains(
                "   4 |     stage: try_otu\n     |            ^\n     = hint: did you mean 'try_out'?"))
        #expect(result.output.contains("\(broken.path): not run: the file has errors\n"))
        #expect(result.output.hasSuffix(" cases, 0 failed, 1 file with errors\n"), "\(result.output)")
    }

    @Test("a 50 MB test file is refused from its size, a FIFO is a usage error, binary junk a diagnostic")
    func hostileFiles() async throws {
        let folder = try CommandRunner.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try copyOfBundled(in: folder)
        let huge = folder.appendingPathComponent("tests/huge.yml").path
        #expect(FileManager.default.createFile(atPath: huge, contents: nil))
        let handle = try #require(FileHandle(forWritingAtPath: huge))
        try handle.truncate(atOffset: 50_000_000)
        try handle.close()
        let junk = folder.appendingPathComponent("tests/junk.yml")
        try Data([0x77, 0x6F, 0x72, 0x6B, 0x0A, 0xFF, 0xFE, 0x00, 0x01]).write(to: junk)
        let result = try await CommandRunner.run(["test", folder.path])
        #expect(result.status == 2)
        #expect(result.errors.contains("\(huge):1:1: error: test file is larger than 1 MiB (50000000 bytes)"))
        #expect(result.errors.contains("\(junk.path):2:1: error: the file is not valid UTF-8 here"), "\(result.errors)")
        #expect(result.output.hasSuffix(" cases, 0 failed, 2 files with errors\n"), "\(result.output)")
        let fifo = folder.appendingPathComponent("tests/pipe.yml").path
        #expect(mkfifo(fifo, 0o600) == 0)
        let blocked = try await CommandRunner.run(["test", folder.path])
        #expect(blocked.status == 2)
        #expect(blocked.errors.contains("not a regular file: \(fifo)"))
    }

    @Test("an invalid workflow exits 2 with its diagnostics")
    func invalidWorkflow() async throws {
        let folder = try CommandRunner.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try copyOfBundled(in: folder) { $0.replacingOccurrences(of: "pass_mark: 3.5", with: "pass_mark: 9") }
        let result = try await CommandRunner.run(["test", folder.path])
        #expect(result.status == 2)
        #expect(result.errors.contains("primary-care-innovation.yml:"), "\(result.errors)")
        #expect(
            result.errors.contains("primary-care-innovation.yml:218:18: error: pass_mark 9 is outside the scale 1 to 5")
        )
        #expect(result.errors.contains("tests/primary-care-innovation.yml:5:11: error: unknown workflow"))
        #expect(result.errors.contains("= hint: a workflow file has errors; fix it first"))
        #expect(result.output.hasSuffix(" cases, 0 failed, 2 files with errors\n"), "\(result.output)")
    }

    @Test(
        "usage errors exit 2",
        arguments: [
            ["test", "/no/such/path"], ["test", "--bogus"], ["test", "Tests/PipelineCLITests"],
            ["test", "workflows/quick-wins.yml"],
        ])
    func usage(arguments: [String]) async throws {
        let result = try await CommandRunner.run(arguments)
        #expect(result.status == 2, "\(arguments): \(result.errors)")
        #expect(!result.errors.isEmpty)
    }

    @Test("validate and a workflows folder ignore the tests/ folder beside the workflows")
    func validateIgnoresTests() async throws {
        let folder = try CommandRunner.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try copyOfBundled(in: folder)
        let result = try await CommandRunner.run(["validate", folder.path])
        #expect(result.status == 0, "\(result.errors)")
        #expect(result.output.hasSuffix("3 workflow files valid\n"))
        #expect(!result.output.contains("tests"))
    }

    @Test("serve --require-tests refuses to start when a case fails, and starts when all pass")
    func requireTests() async throws {
        let folder = try CommandRunner.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try copyOfBundled(in: folder) { $0.replacingOccurrences(of: "pass_mark: 3.5", with: "pass_mark: 4.5") }
        let database = folder.appendingPathComponent("p.sqlite").path
        let refused = try await CommandRunner.run([
            "serve", "--require-tests", "--workflows", folder.path, "--database", database, "--port", "0",
        ])
        #expect(refused.status == 1)
        #expect(refused.errors.contains("case 'Een goede businesscase gaat door naar de pilot': expected"))
        #expect(refused.errors.contains("not starting: --require-tests, and the workflows' tests do not pass"))
        #expect(!FileManager.default.fileExists(atPath: database), "nothing was opened")

        let instance = try Instance(
            database: database, workflows: CommandRunner.packageRoot.appendingPathComponent("workflows"),
            arguments: ["--require-tests"])
        defer { instance.stop() }
        try await instance.waitUntilHealthy()
        #expect(instance.log.contains("workflow tests: "))
        #expect(instance.log.contains(" cases, 0 failed"))
    }

    @Test("serve --require-tests refuses a workflow without a test file")
    func requireTestsForEveryWorkflow() async throws {
        let folder = try CommandRunner.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try copyOfBundled(in: folder)
        try FileManager.default.removeItem(at: folder.appendingPathComponent("tests/quick-wins.yml"))
        let result = try await CommandRunner.run([
            "serve", "--require-tests", "--workflows", folder.path, "--database",
            folder.appendingPathComponent("p.sqlite").path, "--port", "0",
        ])
        #expect(result.status == 1)
        #expect(result.errors.contains("workflow 'quick-wins' has no test file in \(folder.path)/tests"))
        try FileManager.default.removeItem(at: folder.appendingPathComponent("tests"))
        let none = try await CommandRunner.run([
            "serve", "--require-tests", "--workflows", folder.path, "--database",
            folder.appendingPathComponent("p.sqlite").path, "--port", "0",
        ])
        #expect(none.status == 1)
        #expect(none.errors.contains("not starting: --require-tests, but \(folder.path)/tests holds no test files"))
    }
}
