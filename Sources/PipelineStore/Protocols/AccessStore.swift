import Foundation
import PipelineCore

/// Who may call: bearer tokens (stored as hashes), and the answers recorded for idempotency keys.
public protocol AccessStore: Sendable {
    func addToken(_ token: TokenRecord) async throws(StoreError)
    /// The token with this hash, revoked or not.
    func token(hash: String) async throws(StoreError) -> TokenRecord?
    func tokens() async throws(StoreError) -> [TokenRecord]
    /// Revokes a token; false when there is no such token.
    func revokeToken(id: String, at time: Date) async throws(StoreError) -> Bool

    /// The recorded answer to an earlier request with this key from this principal.
    func idempotencyRecord(principal: String, key: String) async throws(StoreError) -> IdempotencyRecord?
    /// Records an answer unless one is already recorded for the key (the first answer wins).
    func saveIdempotencyRecord(_ record: IdempotencyRecord) async throws(StoreError)
}
