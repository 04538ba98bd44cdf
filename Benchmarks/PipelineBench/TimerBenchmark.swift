import ArgumentParser
import Foundation
import PipelineCore
import PipelineDefinition
import PipelineStore

/// Timers that all come due at one moment: `count` ideas are submitted at T0 through the
/// ``CommandHandler`` (a ``ManualClock``) in a small workflow whose first stage reminds after a
/// day, so each idea has one timer due at T0 + 1 day. Then the clock is set to that moment and
/// ``TimerRunner/fireDue(now:limit:)`` runs until every timer fired. Per timer, the latency is the
/// wall time from the start of the firing run (the due moment) to the commit of its effect,
/// taken in the handler's `didCommit`, which runs after every committed command.
///
/// With `--future N`, N timers due a year later are written first (through the store's commit of
/// a command, 10,000 to a `TimerPlan`), and the process's RSS is read before and during rounds
/// of `fireDue` that find nothing due.
struct TimerBenchmark: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "timers", abstract: "Timers due at one moment: fired per second, due-to-committed latency.")

    @Option(help: "Folder for the temporary database.") var folder = NSTemporaryDirectory()
    @Option(help: "Timers due at one moment, one per idea.") var count = 10_000
    @Option(help: "Runs, each with `count` new ideas; the median run is reported.") var runs = 3
    @Option(help: "A postgres:// URL (an empty database) instead of a temporary SQLite file.") var database: String?
    @Option(help: "Timers one claim takes (TimerRunner.batchSize; default: the runner's).") var batchSize: Int?
    @Option(help: "Timers fired at once (TimerRunner.concurrency; default: the runner's).") var concurrency: Int?
    @Option(help: "Future timers to write first, then measure RSS over rounds that find nothing due.")
    var future = 0
    @Option(help: "Rounds of fireDue that find nothing due, with --future.") var emptyRounds = 200

    /// The bench's workflow: one working stage whose ladder reminds after a day.
    static let workflowText = """
        id: timer-bench
        version: 1
        name: Timer benchmark
        roles:
          facilitator: Facilitator
        fields:
          title:
            label: Title
            type: text
            required: true
        stages:
          waiting:
            name: Waiting
            editable: [title]
            sla:
              remind: 1d
          done:
            name: Done
            terminal: true
        gates:
          finish:
            name: Finish
            from: waiting
            to: done
        """

    static let actor = Actor(name: "bench", role: Actor.facilitator)

    func validate() throws {
        guard count > 0, (1...90).contains(runs), future >= 0, emptyRounds > 0 else {
            throw ValidationError("--count, --runs (at most 90) and --empty-rounds must be more than 0")
        }
    }

    func run() async throws {
        let loaded = WorkflowDefinition.load(WorkflowSource(path: "timer-bench.yml", text: TimerBenchmark.workflowText))
        guard let workflow = loaded.workflow, loaded.diagnostics.isEmpty else {
            throw ValidationError("the bench workflow is invalid: \(loaded.diagnostics)")
        }
        let library = WorkflowLibrary([workflow])
        print("# \(ProcessInfo.processInfo.activeProcessorCount) cores, \(database == nil ? "SQLite" : "PostgreSQL")")
        try await withStores(database: database, instances: 1, folder: folder) { stores in
            let store = stores[0]
            // Far from the real time, so that nothing else in the database comes due.
            let t0 = Date(timeIntervalSince1970: 1_900_000_000)
            if future > 0 {
                try await measureFuture(store: store, library: library, workflow: workflow, t0: t0)
            }
            var results: [RunResult] = []
            for run in 0..<runs {
                // Each run 10 days after the one before: the earlier runs' timers have fired.
                let start = t0.addingTimeInterval(Double(run) * 10 * 86_400)
                let result = try await measureDue(store: store, library: library, run: run, t0: start)
                print(result.line(run: run + 1))
                results.append(result)
            }
            let middle = results.sorted { $0.seconds < $1.seconds }[results.count / 2]
            print("median run (by time): \(middle.line(run: nil))")
        }
    }

    struct RunResult {
        let fired: Int
        let seconds: Double
        let latencies: [Double]
        let submitSeconds: Double

        func percentile(_ p: Double) -> Double {
            let sorted = latencies.sorted()
            guard !sorted.isEmpty else { return 0 }
            return sorted[min(sorted.count - 1, Int((Double(sorted.count) * p).rounded(.up)) - 1)]
        }

        func line(run: Int?) -> String {
            let within2s = latencies.filter { $0 <= 2 }.count
            return (run.map { "run \($0): " } ?? "")
                + "\(fired) fired in \(String(format: "%.2f", seconds)) s = \(Int(Double(fired) / seconds))/s; "
                + "due->committed median \(ms(percentile(0.5))) ms, p99 \(ms(percentile(0.99))) ms, "
                + "max \(ms(latencies.max() ?? 0)) ms; within 2 s: \(within2s) of \(latencies.count) "
                + "(submitted in \(String(format: "%.1f", submitSeconds)) s)"
        }

        private func ms(_ seconds: Double) -> String { String(format: "%.0f", seconds * 1000) }
    }

    /// When each command committed, from the start of the firing run.
    final class Recorder: @unchecked Sendable {
        private let lock = NSLock()
        // Guarded by `lock`.
        private var start: ContinuousClock.Instant?
        private var samples: [Double] = []

        func begin() {
            lock.withLock {
                samples.removeAll(keepingCapacity: true)
                start = ContinuousClock.now
            }
        }

        func committed() {
            let now = ContinuousClock.now
            lock.withLock {
                guard let start else { return }
                let elapsed = now - start
                samples.append(
                    Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
            }
        }

        func end() -> [Double] {
            lock.withLock {
                start = nil
                return samples
            }
        }
    }

    private func runner(_ handler: CommandHandler) -> TimerRunner {
        var runner = TimerRunner(handler: handler)
        if let batchSize { runner.batchSize = batchSize }
        if let concurrency { runner.concurrency = concurrency }
        return runner
    }

    /// Submits `count` ideas at `t0`, then fires their reminders at `t0` + 1 day.
    private func measureDue(store: any Store, library: WorkflowLibrary, run: Int, t0: Date) async throws -> RunResult {
        let clock = ManualClock(now: t0)
        let submitter = CommandHandler(store: store, library: library, clock: clock)
        let submitStart = ContinuousClock.now
        try await submit(count, prefix: "due\(run)-", handler: submitter, now: t0)
        let submitSeconds = seconds(ContinuousClock.now - submitStart)

        let recorder = Recorder()
        let handler = CommandHandler(store: store, library: library, clock: clock, didCommit: { recorder.committed() })
        let runner = runner(handler)
        clock.set(t0.addingTimeInterval(86_400))
        var fired = 0
        recorder.begin()
        let start = ContinuousClock.now
        while fired < count {
            let report = try await runner.fireDue(now: clock.now())
            if report.failed > 0 { throw ValidationError("\(report.failed) timers failed to fire") }
            if report.fired + report.skipped == 0 { throw ValidationError("only \(fired) of \(count) timers fired") }
            fired += report.fired
        }
        let elapsed = seconds(ContinuousClock.now - start)
        return RunResult(fired: fired, seconds: elapsed, latencies: recorder.end(), submitSeconds: submitSeconds)
    }

    /// Writes `future` timers due years after `t0` (after every run's) and reads RSS over rounds
    /// at `t0` that find nothing due.
    private func measureFuture(store: any Store, library: WorkflowLibrary, workflow: Workflow, t0: Date) async throws {
        let perIdea = 10_000
        let ideas = (future + perIdea - 1) / perIdea
        // The ideas are submitted 1,000 days after t0, so that not even their own reminders come
        // due in the runs (each 10 days after the one before).
        let submitted = t0.addingTimeInterval(1_000 * 86_400)
        let due = submitted.addingTimeInterval(365 * 86_400)
        let clock = ManualClock(now: submitted)
        let handler = CommandHandler(store: store, library: library, clock: clock)
        print("RSS at the start: \(rss()) KiB")
        let start = ContinuousClock.now
        try await submit(ideas, prefix: "future-", handler: handler, now: submitted)
        var written = 0
        for index in 0..<ideas {
            let id = "future-\(index)"
            // A comment through the engine, committed with a plan of `perIdea` timers.
            guard let idea = try await store.idea(id) else { throw ValidationError("\(id) was not stored") }
            let events = try IdeaEngine.decide(
                .comment("many timers"), state: idea, workflow: workflow, actor: TimerBenchmark.actor,
                now: submitted)
            guard let next = events.reduce(Optional(idea), { IdeaEngine.evolve($0, $1) }) else {
                throw ValidationError("\(id) did not evolve")
            }
            let timers = (0..<min(perIdea, future - written)).map { offset in
                IdeaTimer(
                    ideaID: id, kind: .slaRemind, dueAt: due.addingTimeInterval(Double(written + offset) / 1000),
                    subject: "waiting")
            }
            try await store.commit(
                CommandCommit(
                    ideaID: id, expectedVersion: idea.version, events: events, idea: next,
                    timers: TimerPlan(schedule: timers)))
            written += timers.count
        }
        let pending = written + ideas  // and each idea's own reminder
        print(
            "wrote \(written) future timers (+\(ideas) reminders) on \(ideas) ideas in "
                + "\(String(format: "%.1f", seconds(ContinuousClock.now - start))) s")

        let runner = runner(handler)
        let before = rss()
        print("RSS before the empty rounds: \(before) KiB (\(pending) timers pending)")
        var highest = before
        var roundTimes: [Double] = []
        for round in 1...emptyRounds {
            let roundStart = ContinuousClock.now
            let report = try await runner.fireDue(now: t0)
            roundTimes.append(seconds(ContinuousClock.now - roundStart))
            guard report == TimerRunner.Report() else { throw ValidationError("an empty round fired \(report)") }
            let now = rss()
            highest = max(highest, now)
            if round % max(1, emptyRounds / 4) == 0 { print("RSS after \(round) empty rounds: \(now) KiB") }
        }
        print(
            "empty rounds: \(emptyRounds), median \(String(format: "%.2f", median(roundTimes) * 1000)) ms each; "
                + "RSS before \(before) KiB, highest during \(highest) KiB "
                + "(\(String(format: "%+.1f", Double(highest - before) / Double(before) * 100))%)")
    }

    private func submit(_ count: Int, prefix: String, handler: CommandHandler, now: Date) async throws {
        try await withThrowingTaskGroup(of: Void.self) { group in
            for client in 0..<64 {
                group.addTask {
                    for index in stride(from: client, to: count, by: 64) {
                        try await handler.submit(
                            id: "\(prefix)\(index)", workflowID: "timer-bench", organisation: "org", region: "Twente",
                            fields: ["title": .text("Timer \(index)")], actor: TimerBenchmark.actor, now: now)
                    }
                }
            }
            try await group.waitForAll()
        }
    }

    private func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }

    /// The process's resident set (VmRSS of /proc/self/status), in KiB.
    private func rss() -> Int {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return 0 }
        for line in status.split(separator: "\n") where line.hasPrefix("VmRSS:") {
            return Int(line.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first ?? "") ?? 0
        }
        return 0
    }
}
