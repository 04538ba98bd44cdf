import Foundation

/// A signed-in browser: which token it signed in with (only its hash) and the CSRF token its forms carry.
struct WebSession: Sendable, Hashable {
    /// The SHA-256 of the token the person signed in with; checked again on every request, so a
    /// revoked token ends its sessions too.
    let tokenHash: String
    /// Sent in a hidden field of every form and compared on every POST.
    let csrf: String
    var lastSeen: Date
}

/// Sessions in this process's memory, keyed by a random id that only the browser's cookie holds.
///
/// Kept in memory on purpose for now: nothing but a token hash and a CSRF token is at stake, and a
/// lost session costs one sign-in. Several instances behind a load balancer therefore need sticky
/// sessions (or a session table in the database, which both store backends would need).
final class SessionStore: @unchecked Sendable {
    private let lock = NSLock()
    private var sessions: [String: WebSession] = [:]
    /// A session unused this long is gone.
    let idleLifetime: TimeInterval
    let capacity: Int

    init(idleLifetime: TimeInterval = 12 * 3_600, capacity: Int = 100_000) {
        self.idleLifetime = idleLifetime
        self.capacity = capacity
    }

    /// A new session for a checked token; its id goes into the cookie.
    func create(tokenHash: String, now: Date) -> (id: String, session: WebSession) {
        let id = Self.randomToken()
        let session = WebSession(tokenHash: tokenHash, csrf: Self.randomToken(), lastSeen: now)
        lock.withLock {
            if sessions.count >= capacity {
                sessions = sessions.filter { now.timeIntervalSince($0.value.lastSeen) < idleLifetime }
                if sessions.count >= capacity { sessions.removeAll() }
            }
            sessions[id] = session
        }
        return (id, session)
    }

    /// The live session with this id, marked as seen now.
    func session(_ id: String, now: Date) -> WebSession? {
        lock.withLock {
            guard var session = sessions[id] else { return nil }
            guard now.timeIntervalSince(session.lastSeen) < idleLifetime else {
                sessions[id] = nil
                return nil
            }
            session.lastSeen = now
            sessions[id] = session
            return session
        }
    }

    func remove(_ id: String) {
        lock.withLock { sessions[id] = nil }
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
