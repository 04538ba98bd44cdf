import Crypto
import Foundation
import PipelineStore

/// The pages' sessions, kept in the database (`SessionStore`), so that any instance behind a
/// load balancer serves any page: a browser signs in on one and goes on on another.
///
/// The browser's cookie holds a random id; the database only its SHA-256, with the hash of the
/// token the person signed in with and the CSRF token of their forms. Nothing but those is at
/// stake, and a lost session costs one sign-in.
struct BrowserSessions: Sendable {
    let records: any SessionStore
    /// A session unused this long ends.
    let idleLifetime: TimeInterval
    /// A session ends this long after signing in, however often it is used.
    let absoluteLifetime: TimeInterval

    init(
        records: any SessionStore, idleLifetime: TimeInterval = 12 * 3_600,
        absoluteLifetime: TimeInterval = 7 * 86_400
    ) {
        self.records = records
        self.idleLifetime = idleLifetime
        self.absoluteLifetime = absoluteLifetime
    }

    /// A new session for a checked token; its id goes into the cookie, and nowhere else.
    func create(tokenHash: String, now: Date) async throws(StoreError) -> (id: String, session: SessionRecord) {
        let id = Self.randomToken()
        let session = SessionRecord(
            idHash: Self.idHash(id), tokenHash: tokenHash, csrf: Self.randomToken(), createdAt: now, lastSeenAt: now,
            idleLifetime: idleLifetime, expiresAt: now.addingTimeInterval(absoluteLifetime))
        try await records.createSession(session)
        return (id, session)
    }

    /// The live session with this id, marked as seen now.
    func session(_ id: String, now: Date) async throws(StoreError) -> SessionRecord? {
        try await records.session(idHash: Self.idHash(id), now: now)
    }

    func remove(_ id: String) async throws(StoreError) {
        try await records.deleteSession(idHash: Self.idHash(id))
    }

    /// SHA-256 of a session id, lower-case hex: what the database keeps instead of the id. Every
    /// page view hashes, so no `String(format:)` per byte.
    static func idHash(_ id: String) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var hex: [UInt8] = []
        hex.reserveCapacity(64)
        for byte in SHA256.hash(data: Data(id.utf8)) {
            hex.append(digits[Int(byte >> 4)])
            hex.append(digits[Int(byte & 0x0f)])
        }
        return String(decoding: hex, as: UTF8.self)
    }

    /// 32 random bytes in base64url: unguessable session ids and CSRF tokens.
    static func randomToken() -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) }
        return Data(bytes).base64EncodedString().replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }

    /// Compares secrets in time that does not depend on where they differ.
    static func constantTimeEquals(_ left: String, _ right: String) -> Bool {
        let a = Array(left.utf8)
        let b = Array(right.utf8)
        guard a.count == b.count else { return false }
        var difference: UInt8 = 0
        for index in a.indices { difference |= a[index] ^ b[index] }
        return difference == 0
    }
}
