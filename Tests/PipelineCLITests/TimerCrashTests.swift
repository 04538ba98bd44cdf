import Foundation
import PipelineCore
import PipelineStore
import PipelineStorePostgres
import PipelineStoreSQLite
import PipelineTestSupport
import Testing

/// Due timers in the real server: 1,000 ideas whose whole SLA ladder (remind, escalate, hold:
/// 3,000 timers) fell due while no server ran, fired by `pipeline serve` — killed in the middle
/// and restarted, or two instances on one PostgreSQL database — each exactly once.
@Suite("Timers across a crash and across instances", .serialized)
struct TimerCrashTests {
    static let ideas = 1_000

    /// Submits the ideas through the engine on a clock four hours back, so that their ladders
    /// (1h, 2h, 3h) are all due now; 32 at a time.
    static func seed(_ store: any Store) async throws {
        let clock = ManualClock(now: Date().addingTimeInterval(-4 * 3_600))
        let handler = CommandHandler(store: store, library: TimedWorkflow.library, clock: clock)
        try await withThrowingTaskGroup(of: Void.self) { group in
            for index in 0..<ideas {
                if index >= 32 { try await group.next() }
                group.addTask {
                    try await handler.submit(
                        id: "timed-\(index)", workflowID: "timed", organisation: "HAP De Linde", region: "Twente",
                        fields: ["title": .text("Idee \(index)")],
                        actor: Actor(name: "anna", role: "submitter", organisation: "HAP De Linde"), now: clock.now())
                }
            }
            try await group.waitForAll()
        }
    }

    /// How many of the due timers fired, and how many are still pending and due.
    static func progress(_ store: any Store) async throws -> (fired: Int, due: Int) {
        let fired = try await store.timers(dueBefore: nil, status: .fired, limit: 10_000).count
        let due = try await store.timers(dueBefore: Date(), status: .pending, limit: 10_000).count
        return (fired, due)
    }

    /// Waits (two minutes at most: a bound, not a timing assertion) until no due timer is pending.
    static func waitUntilFired(_ store: any Store, instances: [Instance]) async throws {
        let deadline = Date().addingTimeInterval(120)
        while Date() < deadline {
            if try await progress(store).due == 0 { return }
            try await Task.sleep(for: .milliseconds(100))
        }
        let logs = instances.map { $0.log.suffix(1_500) }.joined(separator: "\n---\n")
        throw TestFailure("due timers still pending after 2 minutes: \(try await progress(store)); \(logs)")
    }

    /// Each idea reminded, escalated and held once, each by the system, and its review pending.
    static func expectEachFiredOnce(_ store: any Store) async throws {
        for index in 0..<ideas {
            let id = "timed-\(index)"
            let history = try await store.history(of: id)
            #expect(
                history.map(\.event.type)
                    == ["idea.submitted", "idea.sla_reminder", "idea.sla_escalated", "idea.auto_held"],
                "\(id)")
            #expect(history.dropFirst().allSatisfy { $0.event.actor == .system })
            let timers = try await store.timers(ideaID: id)
            #expect(timers.map(\.status) == [.fired, .fired, .fired, .pending], "\(id)")
        }
        #expect(try await progress(store).fired == 3 * ideas)
    }

    @Test("SIGKILL while 3,000 timers are due: after a restart each fired exactly once (SQLite)")
    func killWhileFiring() async throws {
        let folder = try TemporaryFolder("timers")
        let database = folder.url.appendingPathComponent("pipeline.sqlite").path
        let workflows = try TimedWorkflow.folder(in: folder.url)
        let store = try SQLiteStore(path: database)
        try await Self.seed(store)
        #expect(try await Self.progress(store) == (0, 3 * Self.ideas))

        let victim = try Instance(database: database, workflows: workflows)
        var firedAtKill = 0
        let deadline = Date().addingTimeInterval(120)
        while Date() < deadline, victim.process.isRunning {
            firedAtKill = try await Self.progress(store).fired
            if firedAtKill > 0 { break }
            try await Task.sleep(for: .milliseconds(5))
        }
        kill(victim.process.processIdentifier, SIGKILL)
        victim.process.waitUntilExit()
        #expect(victim.process.terminationReason == .uncaughtSignal)
        let afterKill = try await Self.progress(store)
        print("timers: killed with \(afterKill.fired) of \(3 * Self.ideas) fired and \(afterKill.due) still due")
        #expect(
            afterKill.fired > 0 && afterKill.due > 0, "killed in the middle: \(afterKill) \(victim.log.suffix(800))")

        let restarted = try Instance(database: database, workflows: workflows)
        defer { restarted.stop() }
        try await Self.waitUntilFired(store, instances: [restarted])
        try await Self.expectEachFiredOnce(store)
        try await store.close()
    }

    @Test(
        "two instances on one PostgreSQL database fire 3,000 due timers, each exactly once",
        .enabled(if: TestPostgres.url != nil, "PIPELINE_TEST_POSTGRES_URL not set: multi-instance timers skipped"))
    func twoInstances() async throws {
        let database = try TestPostgres.createDatabase()
        defer { TestPostgres.dropDatabase(database) }
        let folder = try TemporaryFolder("timers")
        let workflows = try TimedWorkflow.folder(in: folder.url)
        try await PostgresStore.withStore(url: database) { store in
            try await Self.seed(store)
            let first = try Instance(database: database, workflows: workflows)
            let second = try Instance(database: database, workflows: workflows)
            defer {
                first.stop()
                second.stop()
            }
            try await Self.waitUntilFired(store, instances: [first, second])
            try await Self.expectEachFiredOnce(store)
        }
    }
}
