import Foundation
import PipelineStore
import Testing

/// The pages' sessions: the same on every backend.
extension StoreContractTests {
    static let hour: TimeInterval = 3_600

    /// A stand-in for a SHA-256 in hex: 64 hex digits.
    static func hash(_ number: Int) -> String { String(format: "%064x", number) }

    /// A token to sign in with: a session refers to its token's hash.
    static func addToken(to store: any Store) async throws -> TokenRecord {
        let token = TokenRecord(
            id: "tok-fenna", name: "fenna", role: "facilitator", organisation: nil, hash: hash(999),
            createdAt: StoreFixture.now - 60)
        try await store.addToken(token)
        return token
    }

    /// A session as the pages make it: idle for 12 hours it ends, and after 7 days whatever happens.
    static func session(_ number: Int, token: TokenRecord, at time: Date = StoreFixture.now) -> SessionRecord {
        SessionRecord(
            idHash: hash(number), tokenHash: token.hash, csrf: "csrf-\(number)", createdAt: time, lastSeenAt: time,
            idleLifetime: 12 * hour, expiresAt: time + 7 * 24 * hour)
    }

    @Test("a session reads back by its id hash; an unknown one is nil", arguments: Backend.available)
    func sessionRoundTrip(backend: Backend) async throws {
        try await backend.withStore { store in
            let token = try await StoreContractTests.addToken(to: store)
            let record = StoreContractTests.session(1, token: token)
            try await store.createSession(record)
            #expect(try await store.session(idHash: record.idHash, now: StoreFixture.now) == record)
            #expect(try await store.session(idHash: StoreContractTests.hash(2), now: StoreFixture.now) == nil)
            #expect(record.endsAt == StoreFixture.now + 12 * StoreContractTests.hour)
        }
    }

    @Test("seeing a session is written at most once a minute, and never back in time", arguments: Backend.available)
    func sessionTouch(backend: Backend) async throws {
        try await backend.withStore { store in
            let token = try await StoreContractTests.addToken(to: store)
            let record = StoreContractTests.session(1, token: token)
            try await store.createSession(record)
            let now = StoreFixture.now
            #expect(try await store.session(idHash: record.idHash, now: now + 30)?.lastSeenAt == now)
            #expect(try await store.session(idHash: record.idHash, now: now + 61)?.lastSeenAt == now + 61)
            #expect(try await store.session(idHash: record.idHash, now: now + 90)?.lastSeenAt == now + 61)
            #expect(try await store.session(idHash: record.idHash, now: now + 200)?.lastSeenAt == now + 200)
            // Another instance with a clock a little behind does not move it back.
            let behind = try await store.session(idHash: record.idHash, now: now + 100)
            #expect(behind?.lastSeenAt == now + 200)
            let seen = try #require(try await store.session(idHash: record.idHash, now: now + 201))
            #expect(seen.endsAt == now + 200 + 12 * StoreContractTests.hour)
            #expect(seen.createdAt == now)
            #expect(seen.expiresAt == record.expiresAt)
        }
    }

    @Test("a session unused for its idle lifetime ends; a used one lives on", arguments: Backend.available)
    func sessionIdleExpiry(backend: Backend) async throws {
        try await backend.withStore { store in
            let token = try await StoreContractTests.addToken(to: store)
            let used = StoreContractTests.session(1, token: token)
            let unused = StoreContractTests.session(2, token: token)
            try await store.createSession(used)
            try await store.createSession(unused)
            let now = StoreFixture.now
            let hour = StoreContractTests.hour
            #expect(try await store.session(idHash: used.idHash, now: now + 11 * hour) != nil)
            #expect(try await store.session(idHash: unused.idHash, now: now + 12 * hour) == nil, "ends at 12 hours")
            #expect(try await store.session(idHash: used.idHash, now: now + 22 * hour) != nil, "seen at 11 hours")
            #expect(try await store.session(idHash: used.idHash, now: now + 34 * hour) == nil)
        }
    }

    @Test("a session ends at its expiry however often it is used", arguments: Backend.available)
    func sessionAbsoluteExpiry(backend: Backend) async throws {
        try await backend.withStore { store in
            let token = try await StoreContractTests.addToken(to: store)
            let record = StoreContractTests.session(1, token: token)
            try await store.createSession(record)
            let hour = StoreContractTests.hour
            for hours in stride(from: 10.0, to: 168, by: 10) {
                #expect(try await store.session(idHash: record.idHash, now: StoreFixture.now + hours * hour) != nil)
            }
            let lastSeen = try #require(try await store.session(idHash: record.idHash, now: record.expiresAt - 1))
            #expect(lastSeen.endsAt == record.expiresAt, "the idle end is cut off at the expiry")
            #expect(try await store.session(idHash: record.idHash, now: record.expiresAt) == nil)
        }
    }

    @Test("a deleted session is gone; deleting it again finds none", arguments: Backend.available)
    func sessionDelete(backend: Backend) async throws {
        try await backend.withStore { store in
            let token = try await StoreContractTests.addToken(to: store)
            let first = StoreContractTests.session(1, token: token)
            let second = StoreContractTests.session(2, token: token)
            try await store.createSession(first)
            try await store.createSession(second)
            #expect(try await store.deleteSession(idHash: first.idHash))
            #expect(try await !store.deleteSession(idHash: first.idHash))
            #expect(try await store.session(idHash: first.idHash, now: StoreFixture.now) == nil)
            #expect(try await store.session(idHash: second.idHash, now: StoreFixture.now) == second)
        }
    }

    @Test("a revoked token's session is still stored: the pages check the token", arguments: Backend.available)
    func sessionOfRevokedToken(backend: Backend) async throws {
        try await backend.withStore { store in
            let token = try await StoreContractTests.addToken(to: store)
            let record = StoreContractTests.session(1, token: token)
            try await store.createSession(record)
            #expect(try await store.revokeToken(id: token.id, at: StoreFixture.now + 1))
            let found = try #require(try await store.session(idHash: record.idHash, now: StoreFixture.now + 2))
            #expect(found.tokenHash == token.hash)
            #expect(try await store.token(hash: found.tokenHash)?.revokedAt == StoreFixture.now + 1)
        }
    }

    @Test("ended sessions are deleted, on request and whenever a session is created", arguments: Backend.available)
    func expiredSessionsRemoved(backend: Backend) async throws {
        try await backend.withStore { store in
            let token = try await StoreContractTests.addToken(to: store)
            let now = StoreFixture.now
            let hour = StoreContractTests.hour
            let early = StoreContractTests.session(1, token: token)
            let later = StoreContractTests.session(2, token: token, at: now + 6 * hour)
            try await store.createSession(early)
            try await store.createSession(later)
            #expect(try await store.deleteExpiredSessions(now: now + 11 * hour) == 0)
            #expect(try await store.deleteExpiredSessions(now: now + 13 * hour) == 1)
            // Gone, not merely ended: asked at a time it lived, it is still not found.
            #expect(try await store.session(idHash: early.idHash, now: now) == nil)
            #expect(try await store.session(idHash: later.idHash, now: now + 6 * hour) == later)

            // Signing in after `later` ended removes it.
            try await store.createSession(StoreContractTests.session(3, token: token, at: now + 19 * hour))
            #expect(try await store.session(idHash: later.idHash, now: now + 6 * hour) == nil)
            #expect(try await store.deleteExpiredSessions(now: now + 19 * hour) == 0)
        }
    }

    @Test("the database refuses a session without a hashed id or a known token", arguments: Backend.available)
    func sessionConstraints(backend: Backend) async throws {
        try await backend.withStore { store in
            let token = try await StoreContractTests.addToken(to: store)
            let valid = StoreContractTests.session(1, token: token)
            // A raw session id (43 base64url characters) instead of its hash.
            let rawID = SessionRecord(
                idHash: "Zm9vYmFyLWEtcmF3LXNlc3Npb24taWQtMTIzNDU2Nzg5", tokenHash: token.hash, csrf: "c",
                createdAt: valid.createdAt, lastSeenAt: valid.lastSeenAt, idleLifetime: valid.idleLifetime,
                expiresAt: valid.expiresAt)
            await #expect(throws: StoreError.self) { try await store.createSession(rawID) }
            let unknownToken = SessionRecord(
                idHash: valid.idHash, tokenHash: StoreContractTests.hash(4), csrf: "c", createdAt: valid.createdAt,
                lastSeenAt: valid.lastSeenAt, idleLifetime: valid.idleLifetime, expiresAt: valid.expiresAt)
            await #expect(throws: StoreError.self) { try await store.createSession(unknownToken) }
            try await store.createSession(valid)
            await #expect(throws: StoreError.self, "the id hash is unique") { try await store.createSession(valid) }
        }
    }
}
