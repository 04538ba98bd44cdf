import Foundation
import GRDB
import PipelineCore
import PipelineStore
import Testing

@testable import PipelineStoreSQLite

/// What only the SQLite backend promises: the file, its pragmas, its migrations.
@Suite("SQLite store")
struct SQLiteStoreTests {
    func temporaryPath() -> (path: String, folder: URL) {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
            "pipeline-sqlite-\(UUID().uuidString)")
        return (folder.appendingPathComponent("data/pipeline.sqlite").path, folder)
    }

    @Test("an empty file is migrated to the current schema; opening again changes nothing")
    func migrationsFromEmpty() async throws {
        let (path, folder) = temporaryPath()
        defer { try? FileManager.default.removeItem(at: folder) }
        let store = try SQLiteStore(path: path)
        #expect(try await store.appliedMigrations() == SQLiteStoreTests.allMigrations)
        let handler = CommandHandler(store: store, library: StoreFixture.library)
        try await StoreFixture.submit(handler, id: "idea-1")
        try await store.close()

        let reopened = try SQLiteStore(path: path)
        #expect(try await reopened.appliedMigrations() == SQLiteStoreTests.allMigrations)
        #expect(try await reopened.idea("idea-1")?.version == 1)
        #expect(try await reopened.integrityProblems() == [])
        try await reopened.close()
    }

    static let allMigrations = [
        "v1-ideas-events-outbox", "v2-tokens-idempotency", "v3-deliveries", "v4-secret-rotation",
        "v5-delivery-fencing", "v6-operator-notices", "v7-sessions", "v8-timers",
        "v9-outbox-unfinished", "v10-people", "v11-idea-owner", "v12-notifications", "v13-adoptions",
        "v14-regions", "v15-outcome-regions", "v16-workflow-versions",
    ]

    @Test(
        "a file at every earlier schema is migrated forward, keeping its data",
        arguments: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15])
    func migrationsFromEarlierSchemas(applied: Int) async throws {
        let (path, folder) = temporaryPath()
        defer { try? FileManager.default.removeItem(at: folder) }
        // Make a database that has run only the first `applied` migrations, with an idea in it.
        let first = try SQLiteStore(path: path)
        try await StoreFixture.submit(CommandHandler(store: first, library: StoreFixture.library), id: "idea-1")
        try await first.close()
        let old = try DatabaseQueue(path: path)
        try await old.write { db in
            // Undo the later migrations, as an older release would have left the file.
            if applied < 16 {
                try db.execute(
                    sql: """
                        DROP TABLE workflow_versions;
                        DELETE FROM grdb_migrations WHERE identifier = 'v16-workflow-versions';
                        """)
            }
            if applied < 15 {
                try db.execute(
                    sql: """
                        DROP INDEX adoption_outcomes_by_region;
                        ALTER TABLE adoption_outcomes DROP COLUMN adoption_step;
                        ALTER TABLE adoption_outcomes DROP COLUMN region;
                        DELETE FROM grdb_migrations WHERE identifier = 'v15-outcome-regions';
                        """)
            }
            if applied < 14 {
                try db.execute(
                    sql: """
                        DROP INDEX ideas_by_region;
                        DELETE FROM grdb_migrations WHERE identifier = 'v14-regions';
                        """)
            }
            if applied < 13 {
                try db.execute(
                    sql: """
                        DROP TABLE adoption_outcomes; DROP INDEX ideas_one_adoption_per_region;
                        DROP INDEX ideas_implementations; DROP INDEX ideas_by_parent;
                        ALTER TABLE ideas DROP COLUMN adoption_step; ALTER TABLE ideas DROP COLUMN parent_id;
                        DELETE FROM grdb_migrations WHERE identifier = 'v13-adoptions';
                        """)
            }
            if applied < 12 {
                try db.execute(
                    sql: """
                        DROP TABLE mail_attempts; DROP TABLE notifications;
                        DELETE FROM grdb_migrations WHERE identifier = 'v12-notifications';
                        """)
            }
            if applied < 11 {
                try db.execute(
                    sql: """
                        DROP INDEX ideas_by_owner;
                        ALTER TABLE ideas DROP COLUMN owner_id;
                        DELETE FROM grdb_migrations WHERE identifier = 'v11-idea-owner';
                        """)
            }
            if applied < 10 {
                // SQLite drops no column that a foreign key uses: tokens is rebuilt as v2 made it.
                try db.execute(
                    sql: """
                        DROP INDEX tokens_by_person;
                        CREATE TABLE tokens_v9 (
                            id TEXT PRIMARY KEY NOT NULL, name TEXT NOT NULL, role TEXT NOT NULL, organisation TEXT,
                            hash TEXT NOT NULL UNIQUE, created_at INTEGER NOT NULL, revoked_at INTEGER);
                        INSERT INTO tokens_v9 SELECT id, name, role, organisation, hash, created_at, revoked_at FROM tokens;
                        DROP TABLE tokens;
                        ALTER TABLE tokens_v9 RENAME TO tokens;
                        DROP TABLE person_regions; DROP TABLE person_roles; DROP TABLE people; DROP TABLE organisations;
                        DELETE FROM grdb_migrations WHERE identifier = 'v10-people';
                        """)
            }
            if applied < 9 {
                try db.execute(
                    sql: """
                        DROP INDEX outbox_unfinished;
                        DELETE FROM grdb_migrations WHERE identifier = 'v9-outbox-unfinished';
                        """)
            }
            if applied < 8 {
                try db.execute(
                    sql: """
                        DROP TABLE timers;
                        DELETE FROM grdb_migrations WHERE identifier = 'v8-timers';
                        """)
            }
            if applied < 7 {
                try db.execute(
                    sql: """
                        DROP TABLE sessions;
                        DELETE FROM grdb_migrations WHERE identifier = 'v7-sessions';
                        """)
            }
            if applied < 6 {
                // v6 rebuilds the outbox table; running it again over the rebuilt one must keep every row.
                try db.execute(
                    sql: """
                        DROP INDEX delivery_attempts_by_outbox;
                        DELETE FROM grdb_migrations WHERE identifier = 'v6-operator-notices';
                        """)
            }
            if applied < 5 {
                try db.execute(
                    sql: """
                        ALTER TABLE outbox DROP COLUMN lease_token;
                        DELETE FROM grdb_migrations WHERE identifier = 'v5-delivery-fencing';
                        """)
            }
            if applied < 4 {
                try db.execute(
                    sql: """
                        ALTER TABLE subscriptions DROP COLUMN previous_secret;
                        ALTER TABLE subscriptions DROP COLUMN previous_secret_until;
                        DELETE FROM grdb_migrations WHERE identifier = 'v4-secret-rotation';
                        """)
            }
            if applied < 3 {
                try db.execute(
                    sql: """
                        DROP TABLE delivery_attempts; DROP INDEX outbox_order;
                        ALTER TABLE outbox DROP COLUMN payload; ALTER TABLE outbox DROP COLUMN lease_until;
                        ALTER TABLE outbox DROP COLUMN delivered_at;
                        ALTER TABLE subscriptions DROP COLUMN secret; ALTER TABLE subscriptions DROP COLUMN last_success_at;
                        DELETE FROM grdb_migrations WHERE identifier = 'v3-deliveries';
                        """)
            }
            if applied < 2 {
                try db.execute(sql: "DROP TABLE tokens; DROP TABLE idempotency_keys")
                try db.execute(sql: "DELETE FROM grdb_migrations WHERE identifier = 'v2-tokens-idempotency'")
            }
        }
        try old.close()

        let store = try SQLiteStore(path: path)
        #expect(try await store.appliedMigrations() == SQLiteStoreTests.allMigrations)
        #expect(try await store.idea("idea-1")?.version == 1)
        #expect(try await store.tokens() == [])
        #expect(try await store.integrityProblems() == [])
        try await store.close()
    }

    @Test("WAL, foreign keys and synchronous=FULL are on")
    func pragmas() async throws {
        let (path, folder) = temporaryPath()
        defer { try? FileManager.default.removeItem(at: folder) }
        let store = try SQLiteStore(path: path)
        let values = try await store.read { db in
            [
                try String.fetchOne(db, sql: "PRAGMA journal_mode"),
                try String.fetchOne(db, sql: "PRAGMA foreign_keys"),
                try String.fetchOne(db, sql: "PRAGMA synchronous"),
            ]
        }
        #expect(values == ["wal", "1", "2"])
        try await store.close()
    }

    @Test("the event log is append-only: SQLite itself refuses to change or delete an event")
    func appendOnly() async throws {
        let (path, folder) = temporaryPath()
        defer { try? FileManager.default.removeItem(at: folder) }
        let store = try SQLiteStore(path: path)
        try await StoreFixture.submit(CommandHandler(store: store, library: StoreFixture.library), id: "idea-1")
        await #expect(throws: DatabaseError.self) {
            try await store.pool.write { db in try db.execute(sql: "UPDATE events SET type = 'x'") }
        }
        await #expect(throws: DatabaseError.self) {
            try await store.pool.write { db in try db.execute(sql: "DELETE FROM events") }
        }
        #expect(try await store.history(of: "idea-1").count == 1)
        try await store.close()
    }

    @Test("concurrent commands are committed together")
    func groupCommit() async throws {
        let (path, folder) = temporaryPath()
        defer { try? FileManager.default.removeItem(at: folder) }
        let store = try SQLiteStore(path: path)
        let handler = CommandHandler(store: store, library: StoreFixture.library)
        try await withThrowingTaskGroup(of: Void.self) { group in
            for index in 0..<64 {
                group.addTask { try await StoreFixture.submit(handler, id: "idea-\(index)") }
            }
            try await group.waitForAll()
        }
        let statistics = await store.groupCommitStatistics()
        #expect(statistics.commands == 64)
        #expect(statistics.transactions < 64, "64 concurrent commands took \(statistics.transactions) transactions")
        #expect(statistics.largestBatch > 1)
        #expect(try await store.ideas(IdeaQuery(limit: 500)).ideas.count == 64)
        try await store.close()
    }

    @Test("in a group commit, a command whose timer is no longer pending is rolled back alone")
    func groupCommitWithTimers() async throws {
        let (path, folder) = temporaryPath()
        defer { try? FileManager.default.removeItem(at: folder) }
        let store = try SQLiteStore(path: path)
        let handler = CommandHandler(store: store, library: StoreFixture.library)
        for idea in ["idea-1", "idea-2", "idea-3"] {
            try await StoreFixture.submit(handler, id: idea)
            try await StoreContractTests.comment(
                store, on: idea, timers: TimerPlan(schedule: [StoreContractTests.timer(idea, in: 10)]))
        }
        let timers = try await store.timers(dueBefore: nil, status: nil, limit: 10).map(\.id)
        try await StoreContractTests.comment(store, on: "idea-2", "eerder gevuurd", firing: timers[1])

        // One batch, as the group commit writes it: each command fires its idea's timer and plans another.
        var batch: [EncodedCommit] = []
        for (idea, timer) in zip(["idea-1", "idea-2", "idea-3"], timers) {
            let stored = try #require(try await store.idea(idea))
            let event = Event(
                ideaID: idea, actor: StoreFixture.facilitator, at: StoreFixture.now + 10, change: .commented(text: "x"))
            batch.append(
                try EncodedCommit(
                    CommandCommit(
                        ideaID: idea, expectedVersion: stored.version, events: [event],
                        idea: try #require(IdeaEngine.evolve(stored, event)),
                        timers: TimerPlan(schedule: [StoreContractTests.timer(idea, .slaEscalate, in: 600)]),
                        firedTimer: timer)))
        }
        let results = await SQLiteStore.write(batch, to: store.pool)
        #expect(results.map { (try? $0.get()) != nil } == [true, false, true])
        #expect(throws: StoreError.timerNotPending(timers[1])) { try results[1].get() }
        for idea in ["idea-1", "idea-3"] {
            #expect(try await store.history(of: idea).count == 3)
            #expect(try await store.timers(ideaID: idea).map(\.status) == [.fired, .pending])
        }
        #expect(try await store.history(of: "idea-2").count == 3, "submitted, planned, fired earlier: nothing more")
        #expect(try await store.timers(ideaID: "idea-2").map(\.kind) == [.slaRemind])
        try await store.close()
    }

    @Test("a file that is not a database gives a clear error")
    func notADatabase() throws {
        let (path, folder) = temporaryPath()
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.createDirectory(
            at: URL(fileURLWithPath: path).deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data("this is not sqlite".utf8).write(to: URL(fileURLWithPath: path))
        #expect {
            try SQLiteStore(path: path)
        } throws: { error in
            guard case .unavailable(let reason) = error as? StoreError else { return false }
            return reason.hasPrefix("cannot open")
        }
    }
}
