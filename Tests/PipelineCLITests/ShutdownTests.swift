import Foundation
import PipelineTestSupport
import Testing

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// The databases `pipeline serve` runs on in these tests: SQLite always, PostgreSQL with a server.
enum ServedDatabase: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case sqlite
    case postgres

    var testDescription: String { rawValue }

    static var available: [ServedDatabase] { allCases.filter { $0 != .postgres || TestPostgres.url != nil } }

    /// A new, empty database of this kind: its `--database` argument, and how to remove it.
    func create() throws -> (location: String, remove: @Sendable () -> Void) {
        switch self {
        case .sqlite:
            let folder = try CommandRunner.temporaryFolder()
            return (folder.appendingPathComponent("p.sqlite").path, { try? FileManager.default.removeItem(at: folder) })
        case .postgres:
            let database = try TestPostgres.createDatabase()
            return (database, { TestPostgres.dropDatabase(database) })
        }
    }
}

@Suite("Stopping on SIGTERM", .serialized)
struct ShutdownTests {
    @Test(
        "SIGTERM under load: stops within 5 s, every answer is a success, nothing acknowledged or delivered is lost",
        arguments: ServedDatabase.available)
    func stopUnderLoad(database kind: ServedDatabase) async throws {
        let (database, remove) = try kind.create()
        defer { remove() }
        let receiver = try RawReceiver()
        // Slow answers, so that deliveries are in flight when the signal comes.
        receiver.whenRequest { _ in usleep(50_000) }
        let created = try await CommandRunner.run([
            "webhooks", "create", "--url", "http://127.0.0.1:\(receiver.port)/hook", "--webhook-allow-network",
            "127.0.0.0/8", "--database", database,
        ])
        #expect(created.status == 0, "\(created.errors)")
        let token = try await MultiInstanceTests().facilitatorToken(database)

        let instance = try Instance(database: database, leaseSeconds: 2)
        try await instance.waitUntilHealthy()
        var ideas: [String] = []
        for index in 0..<8 {
            let (body, status) = try await instance.submitIdea(index, token: token)
            #expect(status == 201, "\(body)")
            ideas.append(body["id"] as? String ?? "")
        }
        let targets = ideas

        // 16 clients comment until the server is gone; SIGTERM comes in the middle of it, once the
        // first comments were answered (on a loaded machine that may take longer than a second).
        let answered = AnswerCount()
        let traffic = Task {
            try await withThrowingTaskGroup(of: (acknowledged: [String], statuses: [Int]).self) { group in
                for client in 0..<16 {
                    group.addTask {
                        var acknowledged: [String] = []
                        var statuses: [Int] = []
                        for number in 0..<10_000 {
                            let idea = targets[(client + number) % targets.count]
                            guard
                                let (_, status) = try? await HTTP.send(
                                    "POST", "\(instance.base)/v1/ideas/\(idea)/comments", token: token,
                                    json: #"{"text": "client \#(client) comment \#(number)"}"#)
                            else { break }  // the server stopped listening
                            statuses.append(status)
                            if (200..<300).contains(status) {
                                acknowledged.append(idea)
                                await answered.add()
                            }
                        }
                        return (acknowledged, statuses)
                    }
                }
                var acknowledged: [String] = []
                var statuses: [Int] = []
                for try await result in group {
                    acknowledged += result.acknowledged
                    statuses += result.statuses
                }
                return (acknowledged, statuses)
            }
        }
        // A limit only ends a hung test; the signal comes while the clients are busy.
        for _ in 0..<1_200 where await answered.count < 16 { try await Task.sleep(for: .milliseconds(100)) }
        try await Task.sleep(for: .milliseconds(500))
        instance.stop()
        let (acknowledged, statuses) = try await traffic.value
        #expect(!acknowledged.isEmpty, "the clients were answered before the signal")
        #expect(statuses.allSatisfy { (200..<300).contains($0) }, "every request that was answered succeeded")

        // After a restart every acknowledged comment is there, and every event reaches the receiver.
        let restarted = try Instance(database: database, leaseSeconds: 2)
        defer { restarted.stop() }
        try await restarted.waitUntilHealthy()
        var events = 0
        for idea in ideas {
            let (body, status) = try await HTTP.send("GET", "\(restarted.base)/v1/ideas/\(idea)/history", token: token)
            #expect(status == 200)
            let history = body["events"] as? [[String: Any]] ?? []
            events += history.count
            let comments = history.filter { $0["type"] as? String == "idea.commented" }.count
            #expect(comments == acknowledged.filter { $0 == idea }.count, "\(idea): every acknowledged comment")
        }
        let deadline = Date().addingTimeInterval(120)
        while receiver.distinctEvents < events, Date() < deadline { try await Task.sleep(for: .milliseconds(100)) }
        #expect(receiver.distinctEvents == events, "every event delivered at least once")
    }
}

/// How many comments the server acknowledged so far, across the clients.
private actor AnswerCount {
    private(set) var count = 0
    func add() { count += 1 }
}
