import Foundation
import PipelineStore
import PostgresNIO

/// The scale-out store: one PostgreSQL database that several servers share. Every command is one
/// transaction guarded by the idea's version; delivery workers of all servers claim outbox rows
/// with `FOR UPDATE SKIP LOCKED`, fenced by a token per claim.
///
/// ```swift
/// let store = try await PostgresStore.open(url: "postgres://pipeline@db.internal:5432/pipeline")
/// let handler = CommandHandler(store: store, library: library)
/// // ...
/// try await store.close()
/// ```
public final class PostgresStore: Store, Sendable {
    /// What a deployment may tune; the defaults suit one server.
    public struct Options: Sendable {
        /// Connections this store opens at most (PostgreSQL's `max_connections` is shared by all servers).
        public var maximumConnections = 20
        /// How often a transaction that PostgreSQL aborted with a serialization failure or a
        /// deadlock (SQLSTATE 40001, 40P01) is run again from the start.
        public var serializationRetries = 8
        /// How long opening the store waits for the server's first answer (the pool would keep
        /// trying for about a minute): a server that is down is reported soon and clearly.
        public var connectTimeout: Duration = .seconds(10)

        public init() {}
    }

    let client: PostgresClient
    let logger: Logger
    let options: Options
    /// The client's background work (its connection pool); the store owns it and `close()` ends it.
    private let running: Task<Void, Never>

    /// After `close()`: a closed pool never hands out a connection, so asking it would wait forever.
    var isClosed: Bool { running.isCancelled }

    private init(client: PostgresClient, running: Task<Void, Never>, options: Options, logger: Logger) {
        self.client = client
        self.running = running
        self.options = options
        self.logger = logger
    }

    deinit {
        // A store dropped without `close()` still ends its pool.
        running.cancel()
    }

    /// Connects, and runs the migrations the database lacks (one server at a time). Logs (the
    /// pool's connection failures among them) go to `logger`, by default warnings and worse only.
    public static func open(
        url: String, options: Options = Options(), logger: Logger? = nil
    ) async throws(StoreError) -> PostgresStore {
        var configuration = try PostgresURL.configuration(url)
        configuration.options.maximumConnections = max(1, options.maximumConnections)
        configuration.options.connectTimeout = options.connectTimeout
        let logger = logger ?? PostgresStore.defaultLogger
        let client = PostgresClient(configuration: configuration, backgroundLogger: logger)
        let store = PostgresStore(
            client: client, running: Task { await client.run() }, options: options, logger: logger)
        do throws(StoreError) {
            try await store.firstAnswer(within: options.connectTimeout)
            try await store.migrate()
        } catch {
            await store.stop()
            throw error
        }
        return store
    }

    private static var defaultLogger: Logger {
        var logger = Logger(label: "pipeline.store.postgres")
        logger.logLevel = .warning
        return logger
    }

    /// Waits for the server to answer, at most `timeout`.
    private func firstAnswer(within timeout: Duration) async throws(StoreError) {
        do {
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try await self.ping() }
                group.addTask {
                    try await Task.sleep(for: timeout)
                    throw StoreError.unavailable("PostgreSQL did not answer within \(timeout)")
                }
                // The first to finish decides; the other is cancelled.
                try await group.next()
                group.cancelAll()
            }
        } catch {
            throw PostgresStore.storeError(error)
        }
    }

    /// The channel a commit that queued webhook messages notifies.
    static let outboxChannel = "pipeline_outbox"

    /// Calls `onCommit` whenever any instance commits webhook messages (`LISTEN pipeline_outbox`),
    /// until the task is cancelled; a lost connection is listened on again after a second.
    public func watchCommits(_ onCommit: @escaping @Sendable () -> Void) async {
        // Also ends when the store closes: asking a closing pool for a connection would wait
        // forever, and keep the pool (and the server) from stopping.
        while !Task.isCancelled && !isClosed {
            do {
                try await client.withConnection { connection in
                    try await connection.listen(on: PostgresStore.outboxChannel) { notifications in
                        for try await _ in notifications { onCommit() }
                    }
                }
            } catch {
                if Task.isCancelled || isClosed { return }
                logger.warning("listening for commits failed; polling meanwhile", metadata: ["error": "\(error)"])
            }
            try? await Task.sleep(for: .seconds(1))
        }
    }

    public func ping() async throws(StoreError) {
        try await execute("SELECT 1")
    }

    public func close() async throws(StoreError) {
        await stop()
    }

    /// Ends the pool: at once when its connections are back, and after 5 seconds at most, so a
    /// connection still busy (a LISTEN, say) cannot hold a server's shutdown forever.
    private func stop() async {
        running.cancel()
        let running = running
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let once = ResumeOnce(continuation)
            Task {
                await running.value
                once.resume()
            }
            Task {
                try? await Task.sleep(for: .seconds(5))
                once.resume()
            }
        }
    }
}

/// Resumes a continuation the first time only.
private final class ResumeOnce: @unchecked Sendable {
    private let lock = NSLock()
    private var continuation: CheckedContinuation<Void, Never>?

    init(_ continuation: CheckedContinuation<Void, Never>) { self.continuation = continuation }

    func resume() {
        lock.lock()
        let pending = continuation
        continuation = nil
        lock.unlock()
        pending?.resume()
    }
}
