import Foundation
import PipelineCore

/// What tests and benchmarks look into and the product never needs: every backend offers it,
/// but it is not part of ``Store``.
public protocol StoreInspection: Sendable {
    /// Outbox rows not yet delivered, oldest first.
    func pendingOutbox(limit: Int) async throws(StoreError) -> [OutboxMessage]

    /// Whether any outbox row is still pending or being sent: one index probe, however many rows
    /// were delivered (a benchmark asks it while the loops drain).
    func hasUnfinishedOutbox() async throws(StoreError) -> Bool

    /// Every attempt of a subscription's deliveries, oldest first.
    func attempts(subscriptionID: String) async throws(StoreError) -> [DeliveryAttempt]
}
