import Hummingbird
import NIOCore
import PipelineCore

/// The request context: who is calling, once the bearer token has been checked.
public struct PipelineRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// The caller, from their token.
    public var actor: Actor?
    /// The token's id: the owner of idempotency keys.
    public var principal: String?
    /// The person the token belongs to, if it belongs to one.
    public var personID: String?
    /// The connection, so that an answer can end it (after a 413, see `ClosingRefusalMiddleware`).
    let channel: any Channel

    public init(source: Source) {
        coreContext = .init(source: source)
        channel = source.channel
    }

    /// The caller, or 401 when the route was reached without authentication.
    func requireActor() throws -> Actor {
        guard let actor else { throw Problem(.unauthorized, "send Authorization: Bearer <token>") }
        return actor
    }
}
