import Foundation
import Hummingbird
import PipelineCore
import PipelineStore
import PipelineWebhooks

/// `/v1/webhooks`: admins manage subscriptions, see their attempts and ping them.
struct WebhookRoutes {
    let api: APIContext
    let policy: AddressPolicy

    func register(on group: RouteTable.Group) {
        group.on("webhooks", .get) { _, context in
            try requireAdmin(context)
            let subscriptions = try await api.query { () async throws(StoreError) in try await api.store.subscriptions()
            }
            return try APIContext.json(["webhooks": subscriptions.map { SubscriptionResource($0) }])
        }
        group.on("webhooks", .post) { request, context in
            try requireAdmin(context)
            let (_, body) = try await api.readBody(
                request, allowed: ["url", "events", "workflow", "region", "organisation", "description"])
            let url = try body.string("url", required: true, limit: 2_000) ?? ""
            guard let parsed = URL(string: url), ["http", "https"].contains(parsed.scheme?.lowercased() ?? ""),
                parsed.host?.isEmpty == false
            else { throw Problem(.invalidInput, "url must be an http or https address") }
            var events = ["*"]
            if case .array(let items)? = body.members["events"] {
                events = try items.map { item -> String in
                    guard case .string(let text) = item else { throw Problem(.invalidBody, "events lists strings") }
                    guard
                        text == "*" || Event.Change.allTypes.contains(text)
                            || (text.hasSuffix(".*")
                                && Event.Change.allTypes.contains { $0.hasPrefix(text.dropLast()) })
                    else { throw Problem(.invalidInput, "unknown event type '\(text.prefix(60))'") }
                    return text
                }
            } else if body.members["events"] != nil {
                throw Problem(.invalidBody, "events must be an array of event types")
            }
            let subscription = Subscription(
                id: "whk_" + ShortID.generate(), url: url,
                filter: EventFilter(
                    types: events, workflowID: try body.string("workflow"), region: try body.string("region"),
                    organisation: try body.string("organisation")),
                description: try body.string("description", limit: 500), secret: WebhookSigner.generateSecret())
            try await api.query { () async throws(StoreError) in try await api.store.addSubscription(subscription) }
            return try APIContext.json(SubscriptionResource(subscription, revealSecret: true), status: .created)
        }
        group.on("webhooks/{id}", .get) { _, context in
            try APIContext.json(SubscriptionResource(try await subscription(context)))
        }
        group.on("webhooks/{id}", .delete) { _, context in
            let found = try await subscription(context)
            _ = try await api.query { () async throws(StoreError) in
                try await api.store.deleteSubscription(id: found.id)
            }
            return Response(status: .noContent)
        }
        for (action, status) in [("pause", Subscription.Status.paused), ("resume", .active)] {
            group.on("webhooks/{id}/\(action)", .post) { _, context in
                let found = try await subscription(context)
                _ = try await api.query { () async throws(StoreError) in
                    try await api.store.setSubscriptionStatus(id: found.id, status: status)
                }
                return try APIContext.json(SubscriptionResource(try await subscription(context)))
            }
        }
        group.on("webhooks/{id}/deliveries", .get) { _, context in
            let found = try await subscription(context)
            let attempts = try await api.query { () async throws(StoreError) in
                try await api.store.attempts(subscriptionID: found.id)
            }
            return try APIContext.json(["attempts": attempts.suffix(500).map(AttemptResource.init)])
        }
        group.on("webhooks/{id}/rotate", .post) { request, context in
            let found = try await subscription(context)
            let (_, body) = try await api.readBody(request, allowed: ["grace_hours"])
            var grace = 24.0
            if let value = body.members["grace_hours"] {
                guard case .number(let hours) = value, (0...720).contains(hours) else {
                    throw Problem(.invalidBody, "grace_hours is a number from 0 to 720")
                }
                grace = hours
            }
            let secret = WebhookSigner.generateSecret()
            _ = try await api.query { () async throws(StoreError) in
                try await api.store.rotateSecret(
                    id: found.id, newSecret: secret, previousValidUntil: Date().addingTimeInterval(grace * 3_600))
            }
            return try APIContext.json(SubscriptionResource(try await subscription(context), revealSecret: true))
        }
        group.on("webhooks/{id}/redeliver", .post) { request, context in
            let found = try await subscription(context)
            let (_, body) = try await api.readBody(request, allowed: ["since"])
            var since = Date(timeIntervalSince1970: 0)
            if let text = try body.string("since") {
                guard let date = ISO8601DateFormatter().date(from: text) else {
                    throw Problem(.invalidBody, "since is a date-time such as 2026-11-23T12:00:00Z")
                }
                since = date
            }
            let count = try await api.query { () async throws(StoreError) in
                try await api.store.redeliver(subscriptionID: found.id, since: since, now: Date())
            }
            return try APIContext.json(["queued": count])
        }
        group.on("webhooks/{id}/ping", .post) { _, context in
            let found = try await subscription(context)
            let body = Data(
                #"{"data":{"message":"ping from pipeline"},"timestamp":"\#(ISO8601DateFormatter().string(from: Date()))","type":"webhook.ping"}"#
                    .utf8)
            let id = "ping_" + ShortID.generate()
            let timestamp = Int(Date().timeIntervalSince1970)
            let headers = WebhookSigner.headers(id: id, timestamp: timestamp, body: body, secrets: [found.secret])
            let response = await CurlClient.perform(
                CurlRequest(url: found.url, headers: headers, body: body), policy: policy)
            return try APIContext.json(
                PingResource(
                    delivered: response.succeeded, status: response.status, error: response.error,
                    response: String(decoding: response.body, as: UTF8.self),
                    durationMilliseconds: response.durationMilliseconds))
        }
    }

    private func requireAdmin(_ context: PipelineRequestContext) throws {
        guard try context.requireActor().role == Actor.admin else {
            throw Problem(.forbidden, "only admins manage webhooks")
        }
    }

    private func subscription(_ context: PipelineRequestContext) async throws -> Subscription {
        try requireAdmin(context)
        let id = try context.parameters.require("id")
        let all = try await api.query { () async throws(StoreError) in try await api.store.subscriptions() }
        guard let found = all.first(where: { $0.id == id }) else {
            throw Problem(.notFound, "no webhook '\(id.prefix(60))'")
        }
        return found
    }
}

struct SubscriptionResource: Encodable {
    let id: String
    let url: String
    let events: [String]
    let workflow: String?
    let region: String?
    let organisation: String?
    let description: String?
    let status: String
    /// Only in the answer to its creation.
    let secret: String?

    init(_ subscription: Subscription, revealSecret: Bool = false) {
        id = subscription.id
        url = subscription.url
        events = subscription.filter.types
        workflow = subscription.filter.workflowID
        region = subscription.filter.region
        organisation = subscription.filter.organisation
        description = subscription.description
        status = subscription.status.rawValue
        secret = revealSecret ? subscription.secret : nil
    }
}

struct AttemptResource: Encodable {
    let outbox: Int64
    let at: Date
    let durationMs: Int
    let status: Int
    let response: String
    let error: String?

    enum CodingKeys: String, CodingKey {
        case outbox, at, status, response, error
        case durationMs = "duration_ms"
    }

    init(_ attempt: DeliveryAttempt) {
        outbox = attempt.outboxID
        at = attempt.at
        durationMs = attempt.durationMilliseconds
        status = attempt.status
        response = attempt.response
        error = attempt.error
    }
}

struct PingResource: Encodable {
    let delivered: Bool
    let status: Int
    let error: String?
    let response: String
    let durationMilliseconds: Int

    enum CodingKeys: String, CodingKey {
        case delivered, status, error, response
        case durationMilliseconds = "duration_ms"
    }
}
