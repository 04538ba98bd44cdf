import ArgumentParser
import Foundation
import GRDB
import PipelineCore
import PipelineDefinition
import PipelineStore
import PipelineStoreSQLite

/// Comments on random existing ideas of a seeded database (`pipeline-bench seed`), through
/// ``CommandHandler`` as the API's `POST /v1/ideas/{id}/comments` runs them: the in-process
/// ceiling of that route (scripts/bench-all.sh).
struct CommentBenchmark: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "comments", abstract: "Comments per second on random seeded ideas through CommandHandler.")

    @Option var workflows = "workflows"
    @Option(help: "A SQLite database seeded with `pipeline-bench seed`.") var database: String
    @Option(help: "How many ideas it was seeded with (seed000000 ...).") var ideas: Int
    @Option(help: "Concurrent clients.") var clients = 64
    @Option(help: "Seconds to run.") var seconds = 10.0
    /// Swift's pool by default: in-process, the commands are faster there than on NIO's event
    /// loops (3,590 against 3,180 a second side by side), and this is the ceiling of the route.
    @Option(help: "Where the tasks run: swift (the faster here) or event-loops (as pipeline serve runs them).")
    var executor = TaskExecutor.swift

    func run() async throws {
        executor.install()
        let library = try loadLibrary(workflows)
        let store = try SQLiteStore(path: database)
        let handler = CommandHandler(store: store, library: library)
        let actor = Actor(name: "bench", role: "facilitator")
        let ideas = ideas
        let start = DispatchTime.now().uptimeNanoseconds
        let end = start + UInt64(seconds * 1e9)
        let done = try await withThrowingTaskGroup(of: Int.self) { group in
            for _ in 0..<clients {
                group.addTask {
                    var count = 0
                    while DispatchTime.now().uptimeNanoseconds < end {
                        let id = String(format: "seed%06d", Int.random(in: 0..<ideas))
                        try await handler.execute(.comment("benchmark"), on: id, actor: actor, now: SystemClock().now())
                        count += 1
                    }
                    return count
                }
            }
            return try await group.reduce(0, +)
        }
        let elapsed = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        try await store.close()
        print(
            "comments per second, \(clients) clients: \(Int(Double(done) / elapsed)) (\(done) in \(String(format: "%.2f", elapsed)) s)"
        )
    }
}

/// A fixed workload of one hot path, for instruction counts under valgrind: run it with
/// `--count N` and `--count 0` and divide the difference by N (scripts/bench-all.sh).
struct OperationsBenchmark: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ops", abstract: "A fixed number of one operation (for valgrind's instruction counts).")

    enum Kind: String, ExpressibleByArgument { case gate, command }

    @Option var workflows = "workflows"
    @Option(help: "gate: the business-case gate evaluated; command: a comment through CommandHandler on SQLite.")
    var kind: Kind
    @Option var count = 1_000
    @Option(help: "Folder for the temporary database.") var folder = NSTemporaryDirectory()

    func run() async throws {
        let library = try loadLibrary(workflows)
        switch kind {
        case .gate:
            let (gate, fields, approvals, reviews) = try businessCaseGate(library)
            var holding = 0
            for _ in 0..<count {
                if GateEvaluation.evaluate(gate, fields: fields, approvals: approvals, reviews: reviews).holds {
                    holding += 1
                }
            }
            print("ops: \(count) gate evaluations [holding: \(holding)]")
        case .command:
            try await withStores(database: nil, instances: 1, folder: folder) { stores in
                let handler = CommandHandler(store: stores[0], library: library)
                let actor = Actor(name: "bench", role: "facilitator")
                try await handler.submit(
                    id: "ops", workflowID: "primary-care-innovation", organisation: "org", region: "Twente",
                    fields: idea, actor: actor, now: SystemClock().now())
                for index in 0..<count {
                    try await handler.execute(
                        .comment("comment \(index)"), on: "ops", actor: actor, now: SystemClock().now())
                }
            }
            print("ops: \(count) comments through CommandHandler on SQLite")
        }
    }
}

/// Copies the first `templates` seeded ideas (their rows in `ideas` and `events`, exactly as the
/// engine wrote them) to `seed<templates>` ... `seed<ideas - 1>`, changing only the id, in one
/// transaction: a million ideas in seconds instead of a million commits.
func bulkCopy(database: String, templates: Int, ideas: Int) throws {
    guard ideas > templates else { return }
    var configuration = Configuration()
    configuration.prepareDatabase { db in try db.execute(sql: "PRAGMA synchronous = OFF") }
    let queue = try DatabaseQueue(path: database, configuration: configuration)
    try queue.write { db in
        let numbers =
            "WITH RECURSIVE n(x) AS (SELECT \(templates) UNION ALL SELECT x + 1 FROM n WHERE x < \(ideas - 1))"
        let newID = "printf('seed%06d', n.x)"
        for (table, key) in [("ideas", "id"), ("events", "idea_id")] {
            let columns = try Row.fetchAll(db, sql: "PRAGMA table_info(\(table))").compactMap {
                row -> (String, String)? in
                let name: String = row["name"]
                return name == "position" ? nil : (name, (row["type"] as String).uppercased())
            }
            let values = columns.map { name, type in
                name == key ? newID : type == "TEXT" ? "replace(t.\(name), t.\(key), \(newID))" : "t.\(name)"
            }
            try db.execute(
                sql: """
                    \(numbers)
                    INSERT INTO \(table) (\(columns.map(\.0).joined(separator: ", ")))
                    SELECT \(values.joined(separator: ", "))
                    FROM n JOIN \(table) t ON t.\(key) = printf('seed%06d', n.x % \(templates))
                    ORDER BY n.x
                    """)
        }
    }
    try queue.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA wal_checkpoint(TRUNCATE)") }
    try queue.close()
}
