import Foundation
import PipelineTestSupport
import Testing

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

@Suite("pipeline serve")
struct ServeCommandTests {
    @Test("refuses to start with invalid workflow files, showing the diagnostics")
    func invalidWorkflows() throws {
        let folder = try CommandRunner.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try "id: broken\nversion: one\n".write(
            to: folder.appendingPathComponent("broken.yml"), atomically: true, encoding: .utf8)
        let result = try CommandRunner.run([
            "serve", "--workflows", folder.path, "--database", folder.appendingPathComponent("p.sqlite").path, "--port",
            "0",
        ])
        #expect(result.status == 1)
        #expect(
            result.errors.contains(
                "broken.yml:2:10: error: 'version' of the workflow must be a whole number, not 'one'"))
    }

    @Test("serves the pages in Dutch, or in the language --language names")
    func language() async throws {
        let folder = try CommandRunner.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let database = folder.appendingPathComponent("p.sqlite").path
        for (arguments, language, words) in [([], "nl", "Inloggen"), (["--language", "en"], "en", "Sign in")] {
            let instance = try Instance(database: database, arguments: arguments)
            defer { instance.stop() }
            try await instance.waitUntilHealthy()
            let (data, _) = try await HTTP.session.data(from: URL(string: "\(instance.base)/signin")!)
            let page = String(decoding: data, as: UTF8.self)
            #expect(page.contains("<html lang=\"\(language)\">"), "\(arguments)")
            #expect(page.contains("<h1>\(words)</h1>"), "\(arguments)")
        }
    }

    @Test("refuses a language the pages do not speak, from --language or PIPELINE_LANGUAGE")
    func unknownLanguage() throws {
        let folder = try CommandRunner.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let database = folder.appendingPathComponent("p.sqlite").path
        for (arguments, environment) in [
            (["--language", "fr"], [:]), ([], ["PIPELINE_LANGUAGE": "fr"]),
        ] as [([String], [String: String])] {
            let result = try CommandRunner.run(
                ["serve", "--database", database, "--port", "0"] + arguments, environment: environment)
            #expect(result.status == 2, "\(arguments) \(environment): \(result.errors)")
            #expect(result.errors.contains("the pages speak en or nl, not 'fr'"), "\(result.errors)")
        }
    }

    @Test("serves, prints a first token once, and stops gracefully on SIGTERM")
    func gracefulStop() async throws {
        let folder = try CommandRunner.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let port = Int.random(in: 20_000..<32_000)
        let process = Process()
        process.executableURL = CommandRunner.executable
        process.arguments = [
            "serve", "--database", folder.appendingPathComponent("p.sqlite").path, "--port", String(port),
        ]
        process.currentDirectoryURL = CommandRunner.packageRoot
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        var text = ""
        let deadline = Date().addingTimeInterval(30)
        while !text.contains("Server started"), Date() < deadline, process.isRunning {
            let chunk = output.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            text += String(decoding: chunk, as: UTF8.self)
        }
        #expect(text.contains("A first facilitator token was created"))
        #expect(text.contains("Server started and listening on 127.0.0.1:\(port)"))
        #expect(text.contains("no mail is sent: no --smtp-url (PIPELINE_SMTP_URL) given"))
        process.terminate()  // SIGTERM
        process.waitUntilExit()
        #expect(process.terminationReason == .exit)
        #expect(process.terminationStatus == 0)

        // The second start finds a token and prints none.
        let again = try CommandRunner.run([
            "tokens", "list", "--database", folder.appendingPathComponent("p.sqlite").path,
        ])
        #expect(again.output.contains("first facilitator"))
    }
}
