import Foundation
import PipelineTestSupport
import Testing

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

@Suite("pipeline serve")
struct ServeCommandTests {
    @Test("refuses to start with invalid workflow files, showing the diagnostics")
    func invalidWorkflows() async throws {
        let folder = try CommandRunner.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try "id: broken\nversion: one\n".write(
            to: folder.appendingPathComponent("broken.yml"), atomically: true, encoding: .utf8)
        let result = try await CommandRunner.run([
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
    func unknownLanguage() async throws {
        let folder = try CommandRunner.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let database = folder.appendingPathComponent("p.sqlite").path
        for (arguments, environment) in [
            (["--language", "fr"], [:]), ([], ["PIPELINE_LANGUAGE": "fr"]),
        ] as [([String], [String: String])] {
            let result = try await CommandRunner.run(
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
        let reader = output.fileHandleForReading
        let text = try await onOwnThread {
            var text = ""
            let deadline = Date().addingTimeInterval(30)
            while !text.contains("Server started"), Date() < deadline, process.isRunning {
                let chunk = reader.availableData
                if chunk.isEmpty { break }
                text += String(decoding: chunk, as: UTF8.self)
            }
            return text
        }
        #expect(text.contains("A first facilitator token was created"))
        #expect(text.contains("Server started and listening on 127.0.0.1:\(port)"))
        #expect(text.contains("no mail is sent: no --smtp-url (PIPELINE_SMTP_URL) given"))
        process.terminate()  // SIGTERM
        try await onOwnThread { process.waitUntilExit() }
        #expect(process.terminationReason == .exit)
        #expect(process.terminationStatus == 0)

        // The second start finds a token and prints none.
        let again = try await CommandRunner.run([
            "tokens", "list", "--database", folder.appendingPathComponent("p.sqlite").path,
        ])
        #expect(again.output.contains("first facilitator"))
    }

    /// The server runs its tasks on NIO's event loops and reads one idea or a page on the
    /// calling loop, while longer reads (history, counts, regions) go to a reader's queue and
    /// commands to the writer. Mixed at once, none of them may wait on another for ever: a
    /// synchronous read that waited for a reader held by an async read, whose task had to
    /// resume on that same loop, hung the server. A hang shows here as requests that time out.
    @Test("answers reads of every kind and commands at once, without waiting on itself")
    func mixedLoad() async throws {
        let folder = try CommandRunner.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let database = folder.appendingPathComponent("p.sqlite").path
        let created = try await CommandRunner.run([
            "tokens", "create", "--database", database, "--name", "fenna", "--role", "facilitator", "--json",
        ])
        let json = try JSONSerialization.jsonObject(with: Data(created.output.utf8)) as? [String: Any]
        let token = try #require(json?["token"] as? String, "\(created.errors)")
        let instance = try Instance(database: database)
        defer { instance.stop() }
        try await instance.waitUntilHealthy()
        var ids: [String] = []
        // Enough ideas that a comment seldom races another on the same idea (each such race is
        // retried, but a long pile-up on one idea may still end in a 409, which is not a hang).
        for index in 0..<25 {
            let (body, status) = try await instance.submitIdea(index, token: token)
            try #require(status == 201, "\(body)")
            ids.append(try #require(body["id"] as? String))
        }
        let base = instance.base
        let requests: [(method: String, path: String, json: String?)] = (0..<800).map { number in
            let id = ids[number % ids.count]
            switch number % 8 {
            case 0: return ("GET", "/v1/ideas/\(id)", nil)
            case 1: return ("GET", "/v1/ideas?stage=proposal&limit=50", nil)
            case 2: return ("POST", "/v1/ideas/\(id)/comments", #"{"text": "tegelijk"}"#)
            case 3: return ("GET", "/v1/ideas/\(id)/history", nil)
            case 4: return ("GET", "/v1/reports/counts", nil)
            case 5: return ("GET", "/v1/regions", nil)
            case 6: return ("GET", "/v1/ideas/\(id)/gate", nil)
            default: return ("GET", "/health", nil)
            }
        }
        let statuses = try await withThrowingTaskGroup(of: (String, Int).self) { group in
            for request in requests {
                group.addTask {
                    let (_, status) = try await HTTP.send(
                        request.method, base + request.path, token: token, json: request.json)
                    return ("\(request.method) \(request.path)", status)
                }
            }
            var statuses: [(String, Int)] = []
            for try await answer in group { statuses.append(answer) }
            return statuses
        }
        #expect(statuses.count == requests.count)
        let failed = statuses.filter { !(200...201).contains($0.1) }
        #expect(failed.isEmpty, "\(failed.prefix(5))")
        // Every comment was committed.
        var comments = 0
        for id in ids {
            let (body, _) = try await HTTP.send("GET", "\(base)/v1/ideas/\(id)/history", token: token)
            let events = body["events"] as? [[String: Any]] ?? []
            comments += events.filter { ($0["type"] as? String) == "idea.commented" }.count
        }
        #expect(comments == 100)
    }
}
