import Foundation
import GRDB
import PipelineCore
import PipelineStore
import PipelineStorePostgres
import Testing

@testable import PipelineStoreSQLite

/// The decoded ideas each store keeps (`DecodedIdeas`): a read always answers the row as it is
/// in the database now, whoever wrote it, and the store keeps at most its capacity.
@Suite("Decoded ideas")
struct DecodedIdeasTests {
    static let comment = Command.comment("Nog even over nadenken.")

    func temporaryPath() -> (path: String, folder: URL) {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
            "pipeline-decoded-\(UUID().uuidString)")
        return (folder.appendingPathComponent("pipeline.sqlite").path, folder)
    }

    @Test("SQLite: a read after a write answers the new version, one and in a list")
    func readAfterWriteSQLite() async throws {
        let (path, folder) = temporaryPath()
        defer { try? FileManager.default.removeItem(at: folder) }
        let store = try SQLiteStore(path: path)
        let handler = CommandHandler(store: store, library: StoreFixture.library)
        try await StoreFixture.submit(handler, id: "idea-1")
        #expect(try await store.idea("idea-1")?.version == 1)
        #expect(try await store.ideas(IdeaQuery(limit: 10)).ideas.map(\.version) == [1])
        #expect(store.decodedIdeas.count == 1)
        let written = try await handler.execute(
            DecodedIdeasTests.comment, on: "idea-1", actor: StoreFixture.facilitator, now: StoreFixture.now
        ).idea
        #expect(written.version == 2)
        #expect(try await store.idea("idea-1") == written)
        #expect(try await store.ideas(IdeaQuery(limit: 10)).ideas == [written])
        try await store.close()
    }

    @Test("SQLite: a state changed in the file without a new version is read as it is now")
    func changedBehindTheStore() async throws {
        let (path, folder) = temporaryPath()
        defer { try? FileManager.default.removeItem(at: folder) }
        let store = try SQLiteStore(path: path)
        let handler = CommandHandler(store: store, library: StoreFixture.library)
        try await StoreFixture.submit(handler, id: "idea-1")
        let before = try #require(try await store.idea("idea-1"))
        var changed = before
        changed.stage = "elsewhere"
        let state = try StoredJSON.encode(changed)
        try await store.write { db in
            try db.execute(sql: "UPDATE ideas SET state = ? WHERE id = ?", arguments: [state, "idea-1"])
        }
        #expect(try await store.idea("idea-1") == changed)
        #expect(try await store.ideas(IdeaQuery(limit: 10)).ideas == [changed])
        try await store.close()
    }

    @Test("SQLite: at most `capacity` decoded ideas are kept, and every read is still right")
    func bounded() async throws {
        let (path, folder) = temporaryPath()
        defer { try? FileManager.default.removeItem(at: folder) }
        let store = try SQLiteStore(path: path, decodedIdeas: DecodedIdeas(capacity: 3))
        let uncached = try SQLiteStore(path: path, decodedIdeas: DecodedIdeas(capacity: 0))
        let handler = CommandHandler(store: store, library: StoreFixture.library)
        let day: TimeInterval = 86_400
        for index in 0..<8 {
            try await StoreFixture.submit(
                handler, id: "idea-\(index)", at: StoreFixture.now.addingTimeInterval(Double(index) * day))
        }
        for _ in 0..<2 {
            for index in 0..<8 {
                let idea = try await store.idea("idea-\(index)")
                #expect(idea != nil)
                #expect(idea == (try await uncached.idea("idea-\(index)")))
                #expect(store.decodedIdeas.count <= 3)
            }
            let page = try await store.ideas(IdeaQuery(limit: 8))
            #expect(page.ideas.map(\.id) == (0..<8).map { "idea-\($0)" })
            #expect(page.ideas == (try await uncached.ideas(IdeaQuery(limit: 8))).ideas)
            #expect(store.decodedIdeas.count == 3)
        }
        #expect(uncached.decodedIdeas.count == 0)
        try await uncached.close()
        try await store.close()
    }

    @Test(
        "PostgreSQL: two stores on one database see each other's writes at once, one idea and in a list",
        .enabled(if: Backend.postgresURL != nil, Backend.postgresSkipped))
    func twoInstances() async throws {
        try await PostgresTestDatabase.with { database in
            try await database.withStores(2) { stores in
                let handlers = stores.map { CommandHandler(store: $0, library: StoreFixture.library) }
                try await StoreFixture.submit(handlers[0], id: "idea-1")
                // Both stores have decoded version 1.
                for store in stores {
                    #expect(try await store.idea("idea-1")?.version == 1)
                    #expect(try await store.ideas(IdeaQuery(limit: 10)).ideas.map(\.version) == [1])
                }
                // A write on each store in turn: the other reads it at once.
                for (writer, reader) in [(0, 1), (1, 0), (0, 1)] {
                    let written = try await handlers[writer].execute(
                        DecodedIdeasTests.comment, on: "idea-1", actor: StoreFixture.facilitator,
                        now: StoreFixture.now
                    ).idea
                    #expect(try await stores[reader].idea("idea-1") == written)
                    #expect(try await stores[reader].ideas(IdeaQuery(limit: 10)).ideas == [written])
                    #expect(try await stores[writer].idea("idea-1") == written)
                }
                #expect(try await stores[1].idea("idea-1")?.version == 4)
                for store in stores { #expect(store.decodedIdeas.count == 1) }
            }
        }
    }
}
