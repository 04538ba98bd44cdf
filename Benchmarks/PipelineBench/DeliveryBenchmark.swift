import ArgumentParser
import Foundation
import PipelineCore
import PipelineStore
import PipelineStoreSQLite
import PipelineWebhooks

/// Webhook deliveries per second: seeds one event for each of `events` ideas, then lets the
/// delivery loops (one per core, as `pipeline serve` runs them) drain the outbox to `url`.
/// With `--export`, writes the same signed requests for other senders (curl, aiohttp) instead.
/// With `--rate`, submits commands at that rate while the loops run and reports commit-to-delivery
/// latency.
struct DeliveryBenchmark: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "deliver", abstract: "Deliveries per second, or latency at a rate, to a local receiver.")

    @Option var workflows = "workflows"
    @Option(help: "Folder for the temporary database.") var folder = NSTemporaryDirectory()
    @Option var events = 20_000
    @Option var url: String
    @Option(help: "Messages in flight per loop (the product's default).") var window = DeliveryWorker.Configuration()
        .window
    @Option(help: "Delivery loops (default: one per core).") var loops = ProcessInfo.processInfo.activeProcessorCount
    @Option(help: "Write the signed requests to FOLDER/requests.jsonl and FOLDER/curl.cfg, and stop.")
    var export: String?
    @Option(help: "Commands per second while delivering (latency mode).") var rate: Double?
    @Option(help: "A postgres:// URL (an empty database) instead of a temporary SQLite file.") var database: String?
    @Option(help: "Stores, each with its loops, as that many server instances (PostgreSQL only).") var instances = 1
    @Flag(help: "Only queue the messages (for scripts/pgbench-claim.sql), then stop.") var seedOnly = false
    @Flag(help: "The database already holds the queued messages (a copy of a --seed-only one, PostgreSQL): only drain.")
    var seeded = false
    @Option(help: "Where the tasks run: event-loops (as pipeline serve runs them) or swift.")
    var executor = TaskExecutor.eventLoops

    func run() async throws {
        executor.install()
        let library = try loadLibrary(workflows)
        try await withStores(database: database, instances: instances, folder: folder) { stores in
            let store = stores[0]
            if !seeded {
                try await store.addSubscription(
                    Subscription(id: "bench", url: url, filter: EventFilter(), secret: WebhookSigner.generateSecret()))
            }
            var configuration = DeliveryWorker.Configuration()
            configuration.window = window
            let policy = try AddressPolicy(allowing: ["127.0.0.0/8"])
            let workers = stores.flatMap { instance in
                (0..<loops).map { _ in DeliveryWorker(store: instance, policy: policy, configuration: configuration) }
            }
            let handler = CommandHandler(
                store: store, library: library, didCommit: { for worker in workers { worker.wake() } })
            if let rate {
                try await latency(store: store, handler: handler, workers: workers, rate: rate)
            } else {
                if !seeded { try await submit(events, handler: handler) }
                if seedOnly {
                    print("queued \(events) messages")
                } else if let export {
                    try await exportRequests(store: store, to: export)
                } else {
                    try await throughput(store: store, workers: workers)
                }
            }
        }
    }

    private func submit(_ count: Int, handler: CommandHandler) async throws {
        try await withThrowingTaskGroup(of: Void.self) { group in
            for client in 0..<64 {
                group.addTask {
                    for index in stride(from: client, to: count, by: 64) {
                        try await handler.submit(
                            id: "d\(index)", workflowID: "primary-care-innovation", organisation: "org",
                            region: "Twente", fields: idea, actor: Actor(name: "bench", role: "facilitator"),
                            now: SystemClock().now())
                    }
                }
            }
            try await group.waitForAll()
        }
    }

    /// Runs the loops until the outbox is empty; the time is from the start to the end of the last
    /// successful attempt (the emptiness check itself runs only every 100 ms).
    private func throughput(store: any Store & StoreInspection, workers: [DeliveryWorker]) async throws {
        let start = SystemClock().now()
        let running = workers.map { worker in Task { try await worker.run() } }
        while try await !drained(store) { try await Task.sleep(for: .milliseconds(100)) }
        for task in running { task.cancel() }
        for task in running { _ = try? await task.value }
        let records = try await allDeliveries(store)
        let failures = records.reduce(0) { $0 + $1.attempts.filter { $0.status != 204 }.count }
        let end =
            records.flatMap(\.attempts).map { $0.at.addingTimeInterval(Double($0.durationMilliseconds) / 1000) }
            .max() ?? SystemClock().now()
        let seconds = end.timeIntervalSince(start)
        print(
            "pipeline: \(records.count) deliveries in \(String(format: "%.2f", seconds)) s = \(Int(Double(records.count) / seconds))/s, \(instances) instance(s) × \(loops) loops × window \(window), failed attempts \(failures)"
        )
    }

    /// Nothing pending and nothing in flight.
    private func drained(_ store: any Store & StoreInspection) async throws -> Bool {
        try await !store.hasUnfinishedOutbox()
    }

    /// Submits at `rate` for about 10 seconds while the loops deliver; commit-to-delivery is from
    /// the event's time (before its commit) to the end of its successful attempt.
    private func latency(
        store: any Store & StoreInspection, handler: CommandHandler, workers: [DeliveryWorker], rate: Double
    )
        async throws
    {
        let running = workers.map { worker in Task { try await worker.run() } }
        let clients = 16
        let total = Int(rate * 10)
        let start = ContinuousClock.now
        try await withThrowingTaskGroup(of: Void.self) { group in
            for client in 0..<clients {
                group.addTask {
                    for index in stride(from: client, to: total, by: clients) {
                        // Paced: command `index` starts at index / rate seconds.
                        let due = start + .milliseconds(Int64(Double(index) / rate * 1000))
                        if due > .now { try await Task.sleep(until: due) }
                        try await handler.submit(
                            id: "l\(index)", workflowID: "primary-care-innovation", organisation: "org",
                            region: "Twente", fields: idea, actor: Actor(name: "bench", role: "facilitator"),
                            now: SystemClock().now())
                    }
                }
            }
            try await group.waitForAll()
        }
        let offered = Double(total) / Double((ContinuousClock.now - start).components.seconds + 1)
        while try await !drained(store) { try await Task.sleep(for: .milliseconds(100)) }
        for task in running { task.cancel() }
        for task in running { _ = try? await task.value }
        let latencies = try await allDeliveries(store).compactMap { record -> Double? in
            guard let success = record.attempts.first(where: { (200..<300).contains($0.status) }) else { return nil }
            return success.at.timeIntervalSince(record.createdAt) * 1000 + Double(success.durationMilliseconds)
        }.sorted()
        func percentile(_ p: Double) -> Double { latencies[min(latencies.count - 1, Int(Double(latencies.count) * p))] }
        print(
            "pipeline latency at \(Int(rate))/s offered (~\(Int(offered))/s achieved): \(latencies.count) deliveries, commit-to-delivery p50 \(String(format: "%.1f", percentile(0.5))) ms, p99 \(String(format: "%.1f", percentile(0.99))) ms, max \(String(format: "%.1f", latencies.last ?? 0)) ms"
        )
    }

    private func allDeliveries(_ store: any Store & StoreInspection) async throws -> [DeliveryRecord] {
        var records: [DeliveryRecord] = []
        var before: Int64?
        while true {
            let page = try await store.deliveries(DeliveryQuery(subscriptionID: "bench", before: before, limit: 500))
            records += page
            guard page.count == 500, let last = page.last else { return records }
            before = last.outboxID
        }
    }

    /// The requests the worker would send, signed the same way, for curl and for aiohttp.
    private func exportRequests(store: any Store & StoreInspection, to folder: String) async throws {
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        var jsonl = Data()
        var curl = Data()
        let timestamp = Int(SystemClock().now().timeIntervalSince1970)
        var exported = 0
        while true {
            let due = try await store.claimDeliveries(
                limit: 1_000, now: SystemClock().now(), leaseUntil: SystemClock().now().addingTimeInterval(3_600))
            if due.isEmpty { break }
            for delivery in due {
                let body = Data(delivery.body.utf8)
                let headers =
                    WebhookSigner.headers(
                        id: delivery.messageID, timestamp: timestamp, body: body, secrets: [delivery.secret])
                    + [("Content-Type", "application/json")]
                let line: [String: Any] = [
                    "url": delivery.url, "body": delivery.body,
                    "headers": Dictionary(headers.map { ($0.0, $0.1) }, uniquingKeysWith: { first, _ in first }),
                ]
                jsonl.append(try JSONSerialization.data(withJSONObject: line))
                jsonl.append(0x0A)
                // curl's config syntax: a quoted string escapes backslash and double quote.
                func quoted(_ text: String) -> String {
                    "\""
                        + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
                        + "\""
                }
                var entry = exported == 0 ? "" : "next\n"
                // Options after `next` apply to that transfer only: each repeats them.
                entry += "url = \(quoted(delivery.url))\noutput = \"/dev/null\"\nsilent\n"
                entry += "write-out = \"%{http_code}\\n\"\n"
                for (name, value) in headers { entry += "header = \(quoted("\(name): \(value)"))\n" }
                entry += "data-binary = \(quoted(delivery.body))\n"
                curl.append(Data(entry.utf8))
                exported += 1
            }
        }
        try jsonl.write(to: URL(fileURLWithPath: "\(folder)/requests.jsonl"))
        try curl.write(to: URL(fileURLWithPath: "\(folder)/curl.cfg"))
        print("exported \(exported) signed requests to \(folder)")
    }
}
