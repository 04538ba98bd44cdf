import Foundation
import PipelineStore
import PostgresNIO
import ServiceLifecycle
import Synchronization

/// The scale-out store: one PostgreSQL database that several servers share. Every command is one
/// transaction guarded by the idea's version; delivery workers of all servers claim outbox rows
/// with `FOR UPDATE SKIP LOCKED`, fenced by a token per claim.
///
/// The store does not run its connection pool: the caller runs the `PostgresClient` (a
/// `Service`) in its service group, or for the length of a command with ``withStore(url:options:logger:_:)``.
///
/// ```swift
/// let client = PostgresClient(configuration: try PostgresStore.configuration(url: url))
/// let store = PostgresStore(client: client)
/// // run `client` in the application's ServiceGroup, then:
/// try await store.prepare()   // waits for the server, runs the migrations it lacks
/// ```
public final class PostgresStore: Store, StoreInspection {
    /// What a deployment may tune; the defaults suit one server.
    public struct Options: Sendable {
        /// Connections this store opens at most (PostgreSQL's `max_connections` is shared by all servers).
        public var maximumConnections = 20
        /// How often a transaction that PostgreSQL aborted with a serialization failure or a
        /// deadlock (SQLSTATE 40001, 40P01) is run again from the start.
        public var serializationRetries = 8
        /// How long preparing the store waits for the server's first answer (the pool would keep
        /// trying for about a minute): a server that is down is reported soon and clearly.
        public var connectTimeout: Duration = .seconds(10)

        public init() {}
    }

    let client: PostgresClient
    let logger: Logger
    let options: Options
    /// The time of the store's own stamps (a subscription's creation); commands bring their own.
    let clock: any WallClock
    /// Ideas decoded from their stored state, reused while the row's state is unchanged.
    public let decodedIdeas: DecodedIdeas
    private let closed = Atomic<Bool>(false)

    /// After `close()`: the pool may be gone, and asking a closed pool would wait forever.
    var isClosed: Bool { closed.load(ordering: .acquiring) }

    /// A store on `client`, which the caller runs. Call ``prepare()`` once the client runs.
    public init(
        client: PostgresClient, options: Options = Options(), clock: any WallClock = SystemClock(),
        logger: Logger? = nil, decodedIdeas: DecodedIdeas = DecodedIdeas()
    ) {
        self.client = client
        self.decodedIdeas = decodedIdeas
        self.clock = clock
        self.options = options
        self.logger = logger ?? PostgresStore.defaultLogger
    }

    /// The client configuration for a `postgres://` URL with these options.
    public static func configuration(
        url: String, options: Options = Options()
    ) throws(StoreError) -> PostgresClient.Configuration {
        var configuration = try PostgresURL.configuration(url)
        configuration.options.maximumConnections = max(1, options.maximumConnections)
        configuration.options.connectTimeout = options.connectTimeout
        return configuration
    }

    /// A store for a server, and its connection pool for the server's service group to run. The
    /// database must be migrated already (``withStore(url:options:clock:logger:_:)`` does it).
    public static func serving(
        url: String, options: Options = Options(), clock: any WallClock = SystemClock(), logger: Logger? = nil
    ) throws(StoreError) -> (store: PostgresStore, pool: any Service) {
        let logger = logger ?? PostgresStore.defaultLogger
        let client = PostgresClient(
            configuration: try configuration(url: url, options: options), backgroundLogger: logger)
        return (PostgresStore(client: client, options: options, clock: clock, logger: logger), client)
    }

    /// Runs `body` with a store on `url` whose pool runs just as long, then closes it: for
    /// commands and tools that use the database for a while, not for a server (whose service
    /// group runs the client).
    public static func withStore<T: Sendable>(
        url: String, options: Options = Options(), clock: any WallClock = SystemClock(), logger: Logger? = nil,
        _ body: (PostgresStore) async throws -> T
    ) async throws -> T {
        try await withStores(url: url, count: 1, options: options, clock: clock, logger: logger) {
            try await body($0[0])
        }
    }

    /// Runs `body` with `count` stores on `url`, each with a pool of its own (as several servers
    /// have), prepared at the same time; the pools run just as long as `body`.
    public static func withStores<T: Sendable>(
        url: String, count: Int, options: Options = Options(), clock: any WallClock = SystemClock(),
        logger: Logger? = nil, _ body: ([PostgresStore]) async throws -> T
    ) async throws -> T {
        let logger = logger ?? PostgresStore.defaultLogger
        let configuration = try configuration(url: url, options: options)
        let clients = (0..<max(1, count)).map { _ in
            PostgresClient(configuration: configuration, backgroundLogger: logger)
        }
        return try await withThrowingTaskGroup(of: Void.self) { group in
            for client in clients { group.addTask { await client.run() } }
            defer { group.cancelAll() }
            let stores = clients.map { PostgresStore(client: $0, options: options, clock: clock, logger: logger) }
            do {
                try await withThrowingTaskGroup(of: Void.self) { preparing in
                    for store in stores { preparing.addTask { try await store.prepare() } }
                    try await preparing.waitForAll()
                }
                let result = try await body(stores)
                for store in stores { try await store.close() }
                return result
            } catch {
                for store in stores { try? await store.close() }
                throw error
            }
        }
    }

    /// Waits for the server's first answer (at most `connectTimeout`), then runs the migrations
    /// the database lacks (one server at a time). The client must be running.
    public func prepare() async throws(StoreError) {
        try await firstAnswer(within: options.connectTimeout)
        try await migrate()
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
    /// until the task is cancelled or the store closes; a lost connection is listened on again
    /// after a second.
    public func watchCommits(_ onCommit: @escaping @Sendable () -> Void) async {
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

    /// Refuses every later call at once; the pool itself ends when its runner stops the client.
    public func close() async throws(StoreError) {
        closed.store(true, ordering: .releasing)
    }
}
