import PipelineCore

/// How the pages check a person: handed in by PipelineServer, so that pages and API accept the
/// same tokens through the same check (its token hashes and its cache, so a revoked token stops
/// working on both within the same few seconds).
public struct WebAuthentication: Sendable {
    /// Who a valid token acts as: the engine's actor, and the person of the register the token
    /// belongs to (their inbox and notification preference), if it belongs to one.
    public struct Caller: Sendable, Hashable {
        public let actor: Actor
        public let personID: String?

        public init(actor: Actor, personID: String?) {
            self.actor = actor
            self.personID = personID
        }
    }

    /// The hash of a token a person typed, if the token is known and not revoked.
    public var verifyToken: @Sendable (String) async throws -> (actor: Actor, tokenHash: String)?
    /// The caller behind a token hash kept in a session, if the token is still valid.
    public var callerForHash: @Sendable (String) async throws -> Caller?

    public init(
        verifyToken: @escaping @Sendable (String) async throws -> (actor: Actor, tokenHash: String)?,
        callerForHash: @escaping @Sendable (String) async throws -> Caller?
    ) {
        self.verifyToken = verifyToken
        self.callerForHash = callerForHash
    }
}
