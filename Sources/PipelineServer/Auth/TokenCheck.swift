import Foundation
import PipelineCore
import PipelineStore
import PipelineWeb

/// The one token check of the server: the API's middleware and the pages' sessions both ask it,
/// through the same cache, so a revoked token stops working on both within the cache's lifetime.
struct TokenCheck: Sendable {
    let store: any Store
    let cache: TokenCache

    /// The valid token with this hash; `nil` when it is unknown or revoked, or belongs to a
    /// person who is no longer active or no longer has the token's role.
    func record(hash: String) async throws -> TokenRecord? {
        let record = try await cache.record(hash: hash) { try await store.token(hash: hash) }
        guard let record, record.isUsable else { return nil }
        return record
    }

    /// The check as the pages take it: a typed token at sign-in, a kept hash afterwards.
    var webAuthentication: WebAuthentication {
        WebAuthentication(
            verifyToken: { token in
                let hash = TokenAuthority.hash(token)
                return try await record(hash: hash).map { (actor: $0.actor, tokenHash: hash) }
            },
            callerForHash: { hash in
                try await record(hash: hash).map { WebAuthentication.Caller(actor: $0.actor, personID: $0.personID) }
            })
    }
}
