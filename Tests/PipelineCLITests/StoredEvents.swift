import Foundation
import PipelineCore
import PipelineStore
import PipelineStorePostgres
import PipelineStoreSQLite

/// How many events a database holds, read through the store: what a subscription to every
/// event must eventually receive, the events of ideas and of the regions' implementations. The
/// server adds events of its own (timers that fall due), so tests of delivery count them here
/// instead of assuming the demo's number.
enum StoredEvents {
    static func count(_ database: String) async throws -> Int {
        let (ideas, implementations) = try await all(database)
        // A record's version is the number of its events.
        return (ideas + implementations).map(\.version).reduce(0, +)
    }

    /// How many ideas and implementations the database holds: each has a history of its own.
    static func records(_ database: String) async throws -> Int {
        let (ideas, implementations) = try await all(database)
        return ideas.count + implementations.count
    }

    /// Every idea and every implementation in the database, read with the store's API.
    static func all(_ database: String) async throws -> (ideas: [Idea], implementations: [Idea]) {
        func read(_ store: any Store) async throws -> (ideas: [Idea], implementations: [Idea]) {
            (try await all(.ideas, in: store), try await all(.implementations(parent: nil), in: store))
        }
        if database.hasPrefix("postgres") {
            return try await PostgresStore.withStore(url: database) { try await read($0) }
        }
        let store = try SQLiteStore(path: database)
        do {
            let records = try await read(store)
            try await store.close()
            return records
        } catch {
            try? await store.close()
            throw error
        }
    }

    private static func all(_ records: IdeaQuery.Records, in store: any Store) async throws -> [Idea] {
        var all: [Idea] = []
        var cursor: String?
        repeat {
            var query = IdeaQuery(limit: IdeaQuery.maximumLimit, cursor: cursor)
            query.records = records
            let page = try await store.ideas(query)
            all += page.ideas
            cursor = page.nextCursor
        } while cursor != nil
        return all
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
