import ArgumentParser
import Foundation
import NIOCore
import NIOPosix
import PipelineCore
import PipelineDefinition
import PipelineStore
import PipelineStorePostgres
import PipelineStoreSQLite
import PipelineWebhooks

/// Measures the engine and the store, and drives bursts of commands for the crash test.
/// Build with `-c release` to measure: `scripts/bench.sh`.
@main
struct PipelineBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pipeline-bench",
        abstract: "Benchmarks of the pipeline engine and store.",
        subcommands: [
            GateBenchmark.self, CommandBenchmark.self, FloorServer.self, Burst.self, Seed.self, DeliveryBenchmark.self,
            BoardBenchmark.self, TimerBenchmark.self, MailBenchmark.self, RegionBenchmark.self, CommentBenchmark.self,
            OperationsBenchmark.self,
        ]
    )
}

/// Where a benchmark's tasks run: on NIO's event loops, as `pipeline serve` runs them, or on
/// Swift's cooperative pool.
enum TaskExecutor: String, ExpressibleByArgument, CaseIterable {
    case eventLoops = "event-loops"
    case swift

    /// Installs the choice; before the benchmark starts any task.
    func install() {
        guard self == .eventLoops else { return }
        _ = NIOSingletons.unsafeTryInstallSingletonPosixEventLoopGroupAsConcurrencyGlobalExecutor()
    }
}

/// The bundled workflows, loaded from a folder.
func loadLibrary(_ folder: String) throws -> WorkflowLibrary {
    let names = try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.hasSuffix(".yml") }.sorted()
    let sources = try names.map { name in
        WorkflowSource(path: name, text: try String(contentsOfFile: "\(folder)/\(name)", encoding: .utf8))
    }
    let catalog = WorkflowDefinition.loadAll(sources)
    guard catalog.isValid else { throw ValidationError("the workflows in \(folder) are invalid") }
    return WorkflowLibrary(catalog.entries.map(\.workflow))
}

func median(_ values: [Double]) -> Double {
    let sorted = values.sorted()
    return sorted.count % 2 == 1
        ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
}

let idea: FieldValues = [
    "title": .text("Gedeelde triagistenpool"), "summary": .text(String(repeating: "x", count: 150)),
    "theme": .text("anders_besturen"),
]

/// Gate evaluations per second on one core: the business-case gate of the main workflow, which
/// has every kind of check, for an idea that meets some and misses others.
struct GateBenchmark: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gates", abstract: "Gate evaluations per second, one core.")

    @Option var workflows = "workflows"
    @Option(help: "Evaluations per run.") var count = 2_000_000
    @Option(help: "Runs; the median is reported.") var runs = 5

    func run() throws {
        let (gate, fields, approvals, reviews) = try businessCaseGate(try loadLibrary(workflows))
        var rates: [Double] = []
        var holding = 0
        for _ in 0..<runs {
            let start = DispatchTime.now().uptimeNanoseconds
            for _ in 0..<count {
                let evaluation = GateEvaluation.evaluate(gate, fields: fields, approvals: approvals, reviews: reviews)
                if evaluation.holds { holding += 1 }
            }
            let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
            rates.append(Double(count) / seconds)
        }
        // `holding` keeps the optimiser from dropping the loop; the gate does not hold here.
        print(
            "gate evaluations per second (median of \(runs) runs of \(count)): \(Int(median(rates))) [holding: \(holding)]"
        )
    }
}

/// The business-case gate of the main workflow, with an idea that meets some checks and misses the
/// scorecard: what `gates` and `ops --kind gate` evaluate.
func businessCaseGate(_ library: WorkflowLibrary) throws -> (Gate, FieldValues, [Approval], [Review]) {
    guard let workflow = library.latest("primary-care-innovation"), let gate = workflow.gate("business_case_review")
    else { throw ValidationError("the main workflow has no business_case_review gate") }
    let fields: FieldValues = [
        "cost_eur": .number(180_000), "funding": .text("eigen_middelen"),
        "business_case_url": .text("https://x.nl"),
        "privacy_checked": .boolean(true),
    ]
    let now = Date(timeIntervalSince1970: 0)
    let approvals = [Approval(person: "f", role: "facilitator", gate: gate.id, at: now, comment: nil)]
    let reviews = ["a", "b"].map {
        Review(
            person: $0, gate: gate.id, scores: ["impact": 4, "feasibility": 3, "scalability": 4, "value": 5],
            comment: "", at: now)
    }
    return (gate, fields, approvals, reviews)
}

/// Runs `body` with `instances` stores on `database` (a postgres:// URL: each store its own
/// connection pool, run for as long as `body`, as a server instance has), or with one store on a
/// new SQLite file in `folder`, removed afterwards.
func withStores(
    database: String?, instances: Int, folder: String, _ body: ([any Store & StoreInspection]) async throws -> Void
) async throws {
    if let database {
        return try await PostgresStore.withStores(url: database, count: instances) { try await body($0) }
    }
    let path = "\(folder)/pipeline-bench-\(UUID().uuidString).sqlite"
    defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) } }
    let store = try SQLiteStore(path: path)
    try await body([store])
    try await store.close()
}

/// Commands per second through the store at full durability, with 1 and with N clients.
struct CommandBenchmark: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "commands", abstract: "Commands per second through the store, 1 client and N clients.")

    @Option var workflows = "workflows"
    @Option(help: "Folder for the temporary databases.") var folder = NSTemporaryDirectory()
    @Option(help: "Commands per measurement.") var count = 2_000
    @Option(help: "Concurrent clients in the second measurement.") var clients = 64
    @Option(help: "Runs of each; the median is reported.") var runs = 3
    @Option(help: "A postgres:// URL instead of temporary SQLite files.") var database: String?
    @Option(help: "Stores (as server instances) sharing the clients, PostgreSQL only.") var instances = 1

    func run() async throws {
        let library = try loadLibrary(workflows)
        var single: [Double] = []
        var concurrent: [Double] = []
        for run in 0..<runs {
            single.append(try await measure(library, clients: 1, run: run))
            concurrent.append(try await measure(library, clients: clients, run: run))
        }
        let one = median(single)
        let many = median(concurrent)
        let fsyncs = try fsyncRate()
        print("fsyncs per second of this disk (write 100 bytes + fsync, 2000 times): \(Int(fsyncs))")
        print("commands per second, 1 client:   \(Int(one))  (runs: \(single.map { Int($0) }))")
        print("commands per second, \(clients) clients: \(Int(many))  (runs: \(concurrent.map { Int($0) }))")
        print("ratio: \(String(format: "%.1f", many / one))x")
    }

    /// The disk's own ceiling for durable commits: small writes, each followed by fsync.
    private func fsyncRate() throws -> Double {
        let path = "\(folder)/pipeline-bench-fsync-\(UUID().uuidString)"
        guard FileManager.default.createFile(atPath: path, contents: nil),
            let handle = FileHandle(forWritingAtPath: path)
        else { throw ValidationError("cannot write in \(folder)") }
        defer { try? FileManager.default.removeItem(atPath: path) }
        let bytes = Data(repeating: 120, count: 100)
        let start = DispatchTime.now().uptimeNanoseconds
        for _ in 0..<2_000 {
            try handle.write(contentsOf: bytes)
            try handle.synchronize()
        }
        try handle.close()
        return 2_000 / (Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
    }

    /// Each client submits ideas one after the other; every submit is a durable commit.
    private func measure(_ library: WorkflowLibrary, clients: Int, run: Int) async throws -> Double {
        let perClient = count / clients
        var seconds = 0.0
        try await withStores(database: database, instances: instances, folder: folder) { stores in
            let handlers = stores.map { CommandHandler(store: $0, library: library) }
            let clock = SystemClock()
            let start = DispatchTime.now().uptimeNanoseconds
            try await withThrowingTaskGroup(of: Void.self) { group in
                for client in 0..<clients {
                    let handler = handlers[client % handlers.count]
                    group.addTask {
                        for index in 0..<perClient {
                            try await handler.submit(
                                id: "r\(run)-\(clients)-c\(client)-\(index)-\(UUID().uuidString.prefix(6))",
                                workflowID: "primary-care-innovation",
                                organisation: "org",
                                region: "Twente", fields: idea, actor: Actor(name: "bench", role: "facilitator"),
                                now: clock.now())
                        }
                    }
                }
                try await group.waitForAll()
            }
            seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        }
        return Double(perClient * clients) / seconds
    }
}

/// Commits commands as fast as it can and prints `ack IDEA VERSION` the moment each is
/// acknowledged; the crash test kills it with SIGKILL and checks every acknowledged command.
struct Burst: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "burst", abstract: "Commit commands and print each acknowledgement.")

    @Option var workflows = "workflows"
    @Option var database: String
    @Option var clients = 8
    @Option(help: "Commands per client.") var commands = 100_000

    func run() async throws {
        let library = try loadLibrary(workflows)
        let store = try SQLiteStore(path: database)
        let handler = CommandHandler(store: store, library: library)
        let facilitator = Actor(name: "burst", role: "facilitator")
        try await withThrowingTaskGroup(of: Void.self) { group in
            for client in 0..<clients {
                group.addTask {
                    let id = "burst-\(client)-\(UUID().uuidString.prefix(8))"
                    var outcome = try await handler.submit(
                        id: id, workflowID: "primary-care-innovation", organisation: "org", region: "Twente",
                        fields: idea,
                        actor: facilitator, now: SystemClock().now())
                    acknowledge(id, outcome.idea.version)
                    for index in 0..<commands {
                        outcome = try await handler.execute(
                            .comment("comment \(index)"), on: id, actor: facilitator, now: SystemClock().now())
                        acknowledge(id, outcome.idea.version)
                    }
                }
            }
            try await group.waitForAll()
        }
    }

    private func acknowledge(_ id: String, _ version: Int) {
        FileHandle.standardOutput.write(Data("ack \(id) \(version)\n".utf8))
    }
}

/// Fills a database with many ideas through the engine (for the API benchmark).
struct Seed: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "seed", abstract: "Submit many ideas, 64 clients at a time.")

    @Option var workflows = "workflows"
    @Option var database: String
    @Option var ideas = 100_000
    @Flag(
        help:
            "Submit only the first 150 through the engine and copy their rows for the rest (bulkCopy): for a million."
    )
    var bulk = false

    func run() async throws {
        let library = try loadLibrary(workflows)
        let store = try SQLiteStore(path: database)
        let total = ideas
        let ideas = bulk ? min(total, 150) : total
        let handler = CommandHandler(store: store, library: library)
        let clients = 64
        let regions = ["Twente", "Zeeland", "Amsterdam", "Rijnmond", "Friesland", "Utrecht en omgeving"]
        try await withThrowingTaskGroup(of: Void.self) { group in
            for client in 0..<clients {
                group.addTask {
                    for index in stride(from: client, to: ideas, by: clients) {
                        try await handler.submit(
                            id: String(format: "seed%06d", index), workflowID: "primary-care-innovation",
                            organisation: "org-\(index % 50)", region: regions[index % regions.count], fields: idea,
                            actor: Actor(name: "seed", role: "facilitator"), now: SystemClock().now())
                    }
                }
            }
            try await group.waitForAll()
        }
        try await store.close()
        if bulk { try bulkCopy(database: database, templates: ideas, ideas: total) }
        print("seeded \(total) ideas into \(database)\(bulk ? " (\(ideas) through the engine, the rest copied)" : "")")
    }
}
