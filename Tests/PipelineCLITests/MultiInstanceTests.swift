import Foundation
import PipelineTestSupport
import Testing

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// The throwaway PostgreSQL that `scripts/with-postgres.sh` starts (`make test` does).
enum TestPostgres {
    static let url = ProcessInfo.processInfo.environment["PIPELINE_TEST_POSTGRES_URL"]

    /// A new, empty database on that server; its URL.
    static func createDatabase() throws -> String {
        let name = "pipeline_multi_\(UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased())"
        try psql("CREATE DATABASE \(name)")
        var components = URLComponents(string: url ?? "")!
        components.path = "/\(name)"
        return components.string!
    }

    static func dropDatabase(_ databaseURL: String) {
        guard let name = URLComponents(string: databaseURL)?.path.dropFirst() else { return }
        try? psql("DROP DATABASE IF EXISTS \(name) WITH (FORCE)")
    }

    static func psql(_ sql: String, database: String? = nil) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["psql", database ?? url ?? "", "-v", "ON_ERROR_STOP=1", "-qc", sql]
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw TestFailure("psql failed: \(sql)") }
    }
}

struct TestFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// One `pipeline serve` process on the shared database.
final class Instance: @unchecked Sendable {
    let port: Int
    let process = Process()

    /// `arguments` are added to `serve`'s (mail options, for one); `{port}` in them becomes the port.
    init(
        database: String, leaseSeconds: Int = 2, workflows: URL? = nil, arguments: [String] = [],
        port requested: Int? = nil
    ) throws {
        // Below Linux's ephemeral range (32768 and up), so no outgoing connection holds it.
        port = requested ?? Int.random(in: 20_000..<32_000)
        process.executableURL = CommandRunner.executable
        process.arguments =
            [
                "serve", "--database", database, "--port", String(port), "--webhook-allow-network", "127.0.0.0/8",
            ] + (workflows.map { ["--workflows", $0.path] } ?? [])
            + arguments.map { $0.replacingOccurrences(of: "{port}", with: String(port)) }
        process.currentDirectoryURL = CommandRunner.packageRoot
        var environment = ProcessInfo.processInfo.environment
        environment["PIPELINE_WEBHOOK_LEASE_SECONDS"] = String(leaseSeconds)
        environment["PIPELINE_TIMER_LEASE_SECONDS"] = String(leaseSeconds)
        environment["PIPELINE_MAIL_LEASE_SECONDS"] = String(leaseSeconds)
        process.environment = environment
        _ = FileManager.default.createFile(atPath: logPath, contents: nil)
        let log = FileHandle(forWritingAtPath: logPath)
        process.standardOutput = log
        process.standardError = log
        try process.run()
    }

    /// What the instance printed, for failure messages.
    var logPath: String { FileManager.default.temporaryDirectory.appendingPathComponent("instance-\(port).log").path }
    var log: String { (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? "" }

    var base: String { "http://127.0.0.1:\(port)" }

    /// Submits quick-wins idea number `index` through this instance's API.
    func submitIdea(_ index: Int, token: String) async throws -> (body: [String: Any], status: Int) {
        try await HTTP.send(
            "POST", "\(base)/v1/ideas", token: token,
            json: """
                {"workflow": "quick-wins", "organisation": "HAP De Linde", "region": "Twente",
                 "fields": {"title": "Idee \(index)", "summary": "Samen sneller", "cost_eur": 100}}
                """)
    }

    /// Waits until `/health` answers 200 (60 s at most: a generous bound, not a timing assertion).
    func waitUntilHealthy() async throws {
        let deadline = Date().addingTimeInterval(60)
        while Date() < deadline, process.isRunning {
            if let (_, status) = try? await HTTP.send("GET", "\(base)/health"), status == 200 { return }
            try await Task.sleep(for: .milliseconds(100))
        }
        throw TestFailure("instance on port \(port) did not become healthy: \(log.suffix(1_500))")
    }

    /// SIGTERM, and asserts that the instance stops on its own, with exit status 0 (a shutdown
    /// that overran its 4 s budget would not end that way); one that has not stopped after 15 s
    /// is killed, so that a failing test still ends. How long it took is reported, not asserted:
    /// a test never fails because the machine was busy. Returns how long the stop took.
    @discardableResult
    func stop(sourceLocation: SourceLocation = #_sourceLocation) -> Duration {
        guard process.isRunning else { return .zero }
        let started = ContinuousClock.now
        process.terminate()
        let deadline = Date().addingTimeInterval(15)
        while process.isRunning, Date() < deadline { usleep(20_000) }
        let took = ContinuousClock.now - started
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
        #expect(
            process.terminationReason == .exit && process.terminationStatus == 0,
            "instance on port \(port) stopped on SIGTERM after \(took) with \(process.terminationReason) \(process.terminationStatus): \(log.suffix(1_500))",
            sourceLocation: sourceLocation)
        return took
    }
}

enum HTTP {
    static let session: URLSession = {
        let configuration = URLSessionConfiguration.ephemeral
        configuration.httpMaximumConnectionsPerHost = 64
        configuration.timeoutIntervalForRequest = 60
        return URLSession(configuration: configuration)
    }()

    static func send(_ method: String, _ url: String, token: String? = nil, json: String? = nil) async throws
        -> (body: [String: Any], status: Int)
    {
        var request = URLRequest(url: URL(string: url)!)
        request.httpMethod = method
        if let token { request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization") }
        if let json {
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
            request.httpBody = Data(json.utf8)
        }
        let (data, response) = try await session.data(for: request)
        let body = (try? JSONSerialization.jsonObject(with: data) as? [String: Any]) ?? [:]
        return (body, (response as? HTTPURLResponse)?.statusCode ?? 0)
    }
}

@Suite(
    "Several instances on one PostgreSQL",
    .serialized,
    .enabled(
        if: TestPostgres.url != nil, "PIPELINE_TEST_POSTGRES_URL not set: multi-instance PostgreSQL tests skipped"))
struct MultiInstanceTests {
    /// A facilitator token, made with the CLI on the shared database.
    func facilitatorToken(_ database: String) async throws -> String {
        let created = try await CommandRunner.run([
            "tokens", "create", "--database", database, "--name", "fenna", "--role", "facilitator", "--json",
        ])
        let json = try JSONSerialization.jsonObject(with: Data(created.output.utf8)) as? [String: Any]
        guard let token = json?["token"] as? String else { throw TestFailure("no token: \(created.errors)") }
        return token
    }

    @Test("three instances, 64 clients racing on 100 ideas: every history is one unbroken chain, no update lost")
    func racingClients() async throws {
        let database = try TestPostgres.createDatabase()
        defer { TestPostgres.dropDatabase(database) }
        let token = try await facilitatorToken(database)
        // Started together: their migrations and first-token checks race too.
        let instances = try (0..<3).map { _ in try Instance(database: database) }
        defer { for instance in instances { instance.stop() } }
        for instance in instances { try await instance.waitUntilHealthy() }

        var submitted: [String] = []
        for index in 0..<100 {
            let (body, status) = try await instances[index % 3].submitIdea(index, token: token)
            #expect(status == 201, "\(body)")
            submitted.append(body["id"] as? String ?? "")
        }
        let ideas = submitted

        // 64 clients, 10 comments each, on random ideas through random instances, no If-Match:
        // a conflict is decided again on the new version, server-side.
        let acknowledged = try await withThrowingTaskGroup(of: [String].self) { group in
            for client in 0..<64 {
                group.addTask {
                    var mine: [String] = []
                    for number in 0..<10 {
                        let idea = ideas.randomElement()!
                        let (_, status) = try await HTTP.send(
                            "POST", "\(instances.randomElement()!.base)/v1/ideas/\(idea)/comments", token: token,
                            json: #"{"text": "client \#(client) comment \#(number)"}"#)
                        if (200..<300).contains(status) { mine.append(idea) }
                    }
                    return mine
                }
            }
            var all: [String] = []
            for try await mine in group { all += mine }
            return all
        }
        #expect(acknowledged.count > 600, "almost every comment is accepted (\(acknowledged.count) of 640)")

        var expected: [String: Int] = [:]
        for idea in acknowledged { expected[idea, default: 0] += 1 }
        for (index, idea) in ideas.enumerated() {
            let (body, status) = try await HTTP.send(
                "GET", "\(instances[index % 3].base)/v1/ideas/\(idea)/history", token: token)
            #expect(status == 200)
            let events = body["events"] as? [[String: Any]] ?? []
            let sequences = events.compactMap { $0["sequence"] as? Int }
            #expect(sequences == Array(1...max(1, sequences.count)), "\(idea): one unbroken chain")
            let comments = events.filter { $0["type"] as? String == "idea.commented" }.count
            #expect(comments == expected[idea, default: 0], "\(idea): every acknowledged comment is there")
        }
    }

    @Test("an instance killed during a delivery burst: the other finishes its deliveries, in order per idea")
    func killOneInstance() async throws {
        let database = try TestPostgres.createDatabase()
        defer { TestPostgres.dropDatabase(database) }
        let receiver = try RawReceiver()
        let created = try await CommandRunner.run([
            "webhooks", "create", "--url", "http://127.0.0.1:\(receiver.port)/hook", "--webhook-allow-network",
            "127.0.0.0/8", "--database", database,
        ])
        #expect(created.status == 0, "\(created.errors)")
        let demo = try await CommandRunner.run(["demo", "--database", database])
        #expect(demo.status == 0, "\(demo.errors)")
        #expect(try await StoredEvents.count(database) == CommandRunner.demoEvents(demo), "the demo's events")

        let victim = try Instance(database: database)
        let survivor = try Instance(database: database)
        defer {
            victim.stop()
            survivor.stop()
        }
        // The receiver kills one instance when the 20th message arrives, before answering it.
        let pid = victim.process.processIdentifier
        receiver.whenRequest { count in if count == 20 { kill(pid, SIGKILL) } }

        let expected = try await StoredEvents.waitUntilReceived(database, seconds: 120) { receiver.distinctEvents }
        while victim.process.isRunning { try await Task.sleep(for: .milliseconds(20)) }
        #expect(victim.process.terminationReason == .uncaughtSignal, "the victim was killed mid-burst")
        #expect(survivor.process.isRunning)
        let sequences = receiver.sequencesByIdea
        let records = try await StoredEvents.records(database)
        #expect(sequences.count == records, "a history of every idea and implementation")
        #expect(receiver.distinctEvents == expected, "every event at least once")
        for (idea, received) in sequences {
            var highest = 0
            for sequence in received {
                #expect(sequence <= highest + 1, "\(idea) received \(received)")
                highest = max(highest, sequence)
            }
        }
    }

    @Test("an instance started on a newer schema migrates while another keeps serving")
    func migrationWhileRunning() async throws {
        let database = try TestPostgres.createDatabase()
        defer { TestPostgres.dropDatabase(database) }
        let token = try await facilitatorToken(database)
        let running = try Instance(database: database)
        defer { running.stop() }
        try await running.waitUntilHealthy()
        // Make the database four migrations older (v6 to v9), as an earlier release would have
        // left it. Not v10-people: the running instance is this build standing in for an older
        // release, and this build needs v10's tables for every request (a token is read with its
        // person) and every submit (the organisations register); a release from before v10 needs
        // none of them. The store suite migrates a database without v10 (SQLite's earlier-schema
        // test) and two stores migrate one PostgreSQL database at once, v10 included.
        try TestPostgres.psql(
            """
            DROP INDEX outbox_unfinished;
            DELETE FROM schema_migrations WHERE identifier = 'v9-outbox-unfinished';
            DROP TABLE timers;
            DELETE FROM schema_migrations WHERE identifier = 'v8-timers';
            DROP TABLE sessions;
            DELETE FROM schema_migrations WHERE identifier = 'v7-sessions';
            DROP INDEX delivery_attempts_by_outbox;
            ALTER TABLE outbox ALTER COLUMN event_position SET NOT NULL;
            DELETE FROM schema_migrations WHERE identifier = 'v6-operator-notices';
            """, database: database)

        // Commands keep flowing through the running instance while the newer one starts.
        let traffic = Task {
            var statuses: [Int] = []
            for index in 0..<40 {
                let (_, status) = try await running.submitIdea(index, token: token)
                statuses.append(status)
            }
            return statuses
        }
        let newer = try Instance(database: database)
        defer { newer.stop() }
        try await newer.waitUntilHealthy()
        let statuses = try await traffic.value
        #expect(statuses.allSatisfy { $0 == 201 }, "\(statuses)")
        let listed = try await CommandRunner.run([
            "ideas", "list", "--database", database, "--json", "--actor", "fenna", "--role", "facilitator",
        ])
        #expect(listed.status == 0, "\(listed.errors)")
        let (body, status) = try await HTTP.send("GET", "\(newer.base)/v1/ideas?limit=100", token: token)
        #expect(status == 200)
        #expect((body["ideas"] as? [[String: Any]])?.count == 40)
        #expect(running.process.isRunning && newer.process.isRunning)
    }
}
