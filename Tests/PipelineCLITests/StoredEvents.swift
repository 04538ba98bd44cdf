import Foundation
import PipelineCore
import PipelineStore
import PipelineStorePostgres
import PipelineStoreSQLite

/// How many events a database holds, read through the store: what a subscription to every
/// event must eventually receive. The server adds events of its own (timers that fall due), so
/// tests of delivery count them here instead of assuming the demo's number.
enum StoredEvents {
    static func count(_ database: String) async throws -> Int {
        if database.hasPrefix("postgres") {
            return try await PostgresStore.withStore(url: database) { try await total($0) }
        }
        let store = try SQLiteStore(path: database)
        do {
            let events = try await total(store)
            try await store.close()
            return events
        } catch {
            try? await store.close()
            throw error
        }
    }

    /// An idea's version is the number of its events.
    private static func total(_ store: any Store) async throws -> Int {
        var total = 0
        var cursor: String?
        repeat {
            let page = try await store.ideas(IdeaQuery(limit: IdeaQuery.maximumLimit, cursor: cursor))
            total += page.ideas.map(\.version).reduce(0, +)
            cursor = page.nextCursor
        } while cursor != nil
        return total
    }

    /// Waits until `received()` reaches the database's count (recounted every second, as the
    /// server may still add events); returns the last count. Gives up after `seconds`.
    static func waitUntilReceived(
        _ database: String, seconds: TimeInterval, received: () -> Int
    ) async throws -> Int {
        let deadline = Date().addingTimeInterval(seconds)
        var expected = try await count(database)
        var recounted = Date()
        while received() < expected || Date().timeIntervalSince(recounted) < 1, Date() < deadline {
            try await Task.sleep(for: .milliseconds(50))
            if Date().timeIntervalSince(recounted) >= 1 {
                expected = try await count(database)
                recounted = Date()
            }
        }
        return try await count(database)
    }
}
