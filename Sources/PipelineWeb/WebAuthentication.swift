import PipelineCore

/// How the pages check a person: handed in by PipelineServer, so that pages and API accept the
/// same tokens through the same check (its token hashes and its cache, so a revoked token stops
/// working on both within the same few seconds).
public struct WebAuthentication: Sendable {
    /// The hash of a token a person typed, if the token is known and not revoked.
    public var verifyToken: @Sendable (String) async throws -> (actor: Actor, tokenHash: String)?
    /// The person behind a token hash kept in a session, if the token is still valid.
    public var actorForHash: @Sendable (String) async throws -> Actor?

    public init(
        verifyToken: @escaping @Sendable (String) async throws -> (actor: Actor, tokenHash: String)?,
        actorForHash: @escaping @Sendable (String) async throws -> Actor?
    ) {
        self.verifyToken = verifyToken
        self.actorForHash = actorForHash
    }
}
