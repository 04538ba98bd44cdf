/// Why the store could not do what was asked. Messages never carry stored data or secrets.
public enum StoreError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The idea changed since the command was decided: decide again on the new version.
    case conflict(idea: String, expected: Int, actual: Int)
    /// Another request with the same `Idempotency-Key` was recorded first.
    case duplicateIdempotencyKey
    /// A cursor that this store did not hand out.
    case invalidCursor
    /// The database cannot be opened, read or written.
    case unavailable(String)
    /// Stored data that cannot be read back.
    case corrupt(String)
    /// A command meant to be the effect of a timer whose timer is no longer pending: it fired
    /// already (another instance was first) or was cancelled meanwhile. Nothing was written.
    case timerNotPending(Int64)

    public var description: String {
        switch self {
        case .conflict(let idea, let expected, let actual):
            return "idea '\(idea)' is at version \(actual), not \(expected): it changed meanwhile"
        case .duplicateIdempotencyKey: return "another request with this Idempotency-Key was recorded first"
        case .invalidCursor: return "the page cursor is not valid"
        case .unavailable(let reason): return "the database is unavailable: \(reason)"
        case .corrupt(let reason): return "stored data cannot be read: \(reason)"
        case .timerNotPending(let id):
            return "timer \(id) is no longer pending for this idea (it fired or was cancelled): nothing was written"
        }
    }
}
