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
    /// A register already holds this (an organisation's name, a person's e-mail address, an id).
    /// Nothing was written.
    case duplicate(Duplicate)

    /// What a register holds once only.
    public enum Duplicate: String, Sendable, Hashable {
        /// An organisation with the same name, whatever its case.
        case organisationName = "organisation_name"
        /// A person with the same e-mail address.
        case email
        /// The same id (a generated id that happens to be taken).
        case id
        /// A region's second running implementation of the same idea.
        case adoption
    }

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
        case .duplicate(.organisationName): return "an organisation with this name is registered already"
        case .duplicate(.email): return "a person with this e-mail address is registered already"
        case .duplicate(.id): return "this id is taken already"
        case .duplicate(.adoption): return "this region already implements the idea"
        }
    }
}
