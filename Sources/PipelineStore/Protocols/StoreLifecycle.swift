import Foundation

/// Health and the end of a store's life. Opening is each backend's own (a file, or a client the
/// caller runs); after `close()` every call fails at once with `.unavailable`.
public protocol StoreLifecycle: Sendable {
    /// Whether the database answers; for health checks.
    func ping() async throws(StoreError)

    /// Closes the database; the store is unusable afterwards.
    func close() async throws(StoreError)
}
