import Foundation
import GRDB
import PipelineCore
import PipelineStore

/// The embedded default store: one SQLite file in WAL mode, foreign keys on, `synchronous=FULL`
/// so that an acknowledged command survives a crash of the process and of the machine.
/// Concurrent commands are committed together (see ``GroupCommit``) to keep that fast.
///
/// ```swift
/// let store = try SQLiteStore(path: "data/pipeline.sqlite")
/// let handler = CommandHandler(store: store, library: library)
/// ```
public final class SQLiteStore: Store, StoreInspection {
    let pool: DatabasePool
    /// The time of the store's own stamps (a subscription's creation); commands bring their own.
    let clock: any WallClock
    private let group: GroupCommit
    /// Ideas decoded from their stored state, reused while the row's state is unchanged.
    public let decodedIdeas: DecodedIdeas

    /// Opens (creating when missing) the database file and runs the migrations it lacks.
    public init(
        path: String, clock: any WallClock = SystemClock(), decodedIdeas: DecodedIdeas = DecodedIdeas()
    ) throws(StoreError) {
        self.clock = clock
        self.decodedIdeas = decodedIdeas
        var configuration = Configuration()
        configuration.foreignKeysEnabled = true
        configuration.busyMode = .timeout(10)
        // Enough readers for the server's concurrent requests; WAL lets them read while one writes.
        configuration.maximumReaderCount = 16
        configuration.prepareDatabase { db in
            // FULL: the WAL is synced at every commit, so a committed command survives power loss.
            try db.execute(sql: "PRAGMA synchronous = FULL")
        }
        do {
            let folder = URL(fileURLWithPath: path).deletingLastPathComponent().path
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            pool = try DatabasePool(path: path, configuration: configuration)
            try SQLiteSchema.migrator.migrate(pool)
        } catch {
            throw .unavailable("cannot open \(path): \(SQLiteStore.reason(error))")
        }
        let pool = self.pool
        group = GroupCommit { commits in await SQLiteStore.write(commits, to: pool) }
    }

    /// The names of the migrations this file has run, oldest first (in the order they are
    /// registered; any this release does not know, from a newer one, last).
    public func appliedMigrations() async throws(StoreError) -> [String] {
        try await read { db in
            let migrator = SQLiteSchema.migrator
            let applied = try migrator.appliedIdentifiers(db)
            return migrator.migrations.filter(applied.contains)
                + applied.subtracting(migrator.migrations).sorted()
        }
    }

    /// How many transactions the group commit wrote so far, and how many commands they carried.
    public func groupCommitStatistics() async -> GroupCommitStatistics { await group.statistics }

    public func commit(_ commit: CommandCommit) async throws(StoreError) {
        try await group.submit(try EncodedCommit(commit)).get()
    }

    public func close() async throws(StoreError) {
        do { try pool.close() } catch { throw .unavailable(SQLiteStore.reason(error)) }
    }

    /// A read on a thread of libdispatch's, for reads that may take long. Not GRDB's async read:
    /// that keeps its reader until the awaiting task resumes, and on the server a task resumes
    /// on an event loop, which `readHere` may be holding while it waits for a reader (the server
    /// hung that way). A reader taken here is given back before the task resumes.
    func read<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws(StoreError) -> T {
        let result = await withCheckedContinuation {
            (continuation: CheckedContinuation<Result<T, StoreError>, Never>) in
            DispatchQueue.global().async {
                continuation.resume(returning: Result { () throws(StoreError) -> T in try self.readHere(body) })
            }
        }
        return try result.get()
    }

    /// A short read (an index lookup of one row or a page) on the caller's thread, without the
    /// hop to another thread and back that `read` makes: on the server, which runs its tasks on
    /// NIO's event loops, a request is then read, handled and answered on one thread. Reads that
    /// may take long (scans, counts, exports) use `read`, so that they do not hold up an event
    /// loop. `oneStatement`: the body runs a single statement, which SQLite reads from one
    /// snapshot by itself, so no transaction is opened around it (its BEGIN and COMMIT cost more
    /// than the read of one idea).
    func readHere<T>(oneStatement: Bool = false, _ body: (Database) throws -> T) throws(StoreError) -> T {
        do {
            return try oneStatement ? pool.unsafeRead(body) : pool.read(body)
        } catch let error as StoreError {
            throw error
        } catch {
            throw .unavailable(SQLiteStore.reason(error))
        }
    }

    func write<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws(StoreError) -> T {
        do {
            return try await pool.write(body)
        } catch let error as StoreError {
            throw error
        } catch {
            throw .unavailable(SQLiteStore.reason(error))
        }
    }

    /// What went wrong, without SQL or values (they may hold personal data).
    static func reason(_ error: any Error) -> String {
        if let error = error as? DatabaseError { return "SQLite error \(error.resultCode.rawValue)" }
        return String(describing: type(of: error))
    }
}
