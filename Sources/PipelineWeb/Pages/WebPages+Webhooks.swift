import Foundation
import Hummingbird
import PipelineCore
import PipelineStore

extension WebPages {
    /// Subscriptions with their recent deliveries; admins only, as `GET /v1/webhooks`.
    func webhooks(_ request: Request, _ visitor: Visitor) async throws -> Response {
        try requireAdmin(visitor)
        let subscriptions: [Subscription]
        var deliveries: [String: [DeliveryRecord]] = [:]
        do {
            subscriptions = try await store.subscriptions()
            for subscription in subscriptions {
                deliveries[subscription.id] = try await store.deliveries(
                    DeliveryQuery(subscriptionID: subscription.id, limit: 20))
            }
        } catch {
            throw PageError(.serviceUnavailable, labels["error_unavailable"])
        }
        let values: [String: Any] = [
            "done": doneMessage(request),
            "subscriptions": subscriptions.map { subscription -> [String: Any] in
                let records = deliveries[subscription.id] ?? []
                return [
                    "id": subscription.id, "url": subscription.url, "description": subscription.description ?? "",
                    "status": subscription.status.rawValue, "events": subscription.filter.types.joined(separator: ", "),
                    "failed": records.filter { $0.status == .failed }.count, "has_deliveries": !records.isEmpty,
                    "deliveries": records.map { record -> [String: Any] in
                        let latest = record.attempts.first
                        return [
                            "id": String(record.outboxID), "subscription": subscription.id, "type": record.eventType,
                            "idea": record.ideaID,
                            "status": record.status.rawValue, "failed": record.status == .failed,
                            "attempts": record.attemptCount, "created": DutchFormat.day(record.createdAt),
                            "answer": latest.map { $0.status == 0 ? ($0.error ?? "") : "HTTP \($0.status)" } ?? "",
                        ]
                    },
                ]
            },
        ]
        return html("webhooks", values, visitor: visitor, title: labels["webhooks_title"])
    }

    /// Queues one message again, as `POST /v1/webhooks/{id}/redeliver` with `{"delivery": N}`.
    func redeliver(_ visitor: Visitor, subscriptionID: String) async throws -> Response {
        try requireAdmin(visitor)
        guard let text = visitor.form["delivery"], let outboxID = Int64(text), outboxID >= 1 else {
            throw PageError(.badRequest, labels["webhooks_bad_delivery"])
        }
        let queued: Bool
        do {
            guard try await store.subscriptions().contains(where: { $0.id == subscriptionID }) else {
                throw PageError(
                    .notFound, labels.format("webhooks_unknown", ["id": String(subscriptionID.prefix(60))]))
            }
            queued = try await store.redeliver(subscriptionID: subscriptionID, outboxID: outboxID, now: clock.now())
        } catch let error as PageError {
            throw error
        } catch {
            throw PageError(.serviceUnavailable, labels["error_unavailable"])
        }
        guard queued else {
            throw PageError(
                .notFound,
                labels.format(
                    "webhooks_no_delivery", ["id": String(subscriptionID.prefix(60)), "delivery": String(outboxID)]))
        }
        handler.didCommit()
        return PageResponse.redirect("/webhooks?done=redelivered")
    }

    private func requireAdmin(_ visitor: Visitor) throws {
        guard Access.isAdmin(visitor.actor) else { throw PageError(.forbidden, labels["webhooks_admins_only"]) }
    }
}
