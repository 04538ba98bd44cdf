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
            if let problem = WebhookURL.problem(url, policy: policy) { throw Problem(.invalidInput, problem) }
            var events = ["*"]
            if case .array(let items)? = body.members["events"] {
                events = try items.map { item -> String in
                    guard case .string(let text) = item else { throw Problem(.invalidBody, "events lists strings") }
                    return text
                }
            } else if body.members["events"] != nil {
                throw Problem(.invalidBody, "events must be an array of event types")
            }
            let filter = EventFilter(
                types: events, workflowID: try body.string("workflow", limit: 200),
                region: try body.string("region", limit: 200), organisation: try body.string("organisation", limit: 200)
            )
            do { try filter.validate() } catch { throw Problem(.invalidInput, String(describing: error)) }
            let subscription = Subscription(
                id: "whk_" + ShortID.generate(), url: url, filter: filter,
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
        group.on("webhooks/{id}/deliveries", .get) { request, context in
            let found = try await subscription(context)
            let query = try deliveryQuery(request.uri.queryParameters, subscriptionID: found.id)
            let records = try await api.query { () async throws(StoreError) in try await api.store.deliveries(query) }
            let next = records.count == query.limit ? records.last.map { String($0.outboxID) } : nil
            return try APIContext.json(DeliveryPage(deliveries: records.map(DeliveryResource.init), next: next))
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
                    id: found.id, newSecret: secret,
                    previousValidUntil: api.clock.now().addingTimeInterval(grace * 3_600))
            }
            return try APIContext.json(SubscriptionResource(try await subscription(context), revealSecret: true))
        }
        group.on("webhooks/{id}/redeliver", .post) { request, context in
            let found = try await subscription(context)
            let (_, body) = try await api.readBody(request, allowed: ["since", "delivery"])
            if let value = body.members["delivery"] {
                guard body.members["since"] == nil else {
                    throw Problem(.invalidBody, "give either delivery or since, not both")
                }
                guard case .number(let number) = value, number >= 1, number < 1e15, number.rounded() == number else {
                    throw Problem(.invalidBody, "delivery is the id of one delivery, a positive integer")
                }
                let queued = try await api.query { () async throws(StoreError) in
                    try await api.store.redeliver(
                        subscriptionID: found.id, outboxID: Int64(number), now: api.clock.now())
                }
                guard queued else {
                    throw Problem(
                        .notFound, "webhook '\(found.id)' has no delivery \(Int64(number)) that can be sent again")
                }
                return try APIContext.json(["queued": 1])
            }
            var since = Date(timeIntervalSince1970: 0)
            if let text = try body.string("since") {
                guard let date = RFC3339.date(from: text) else {
                    throw Problem(.invalidBody, "since is a date-time such as 2026-11-23T12:00:00Z")
                }
                since = date
            }
            let count = try await api.query { () async throws(StoreError) in
                try await api.store.redeliver(subscriptionID: found.id, since: since, now: api.clock.now())
            }
            return try APIContext.json(["queued": count])
        }
        group.on("webhooks/{id}/ping", .post) { _, context in
            let found = try await subscription(context)
            // A ping is no event (no subscription asks for it) but is shaped like one.
            let sentAt = ISO8601DateFormatter().string(from: api.clock.now())
            let body = Data(
                (#"{"data":{"message":"ping from pipeline","schema_version":\#(EventSchema.version)},"#
                    + #""timestamp":"\#(sentAt)","type":"webhook.ping"}"#).utf8)
            let id = "ping_" + ShortID.generate()
            let timestamp = Int(api.clock.now().timeIntervalSince1970)
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

    /// `?status=failed&type=idea.*&idea=k3f9x2m7qa&before=123&limit=50`
    private func deliveryQuery(_ parameters: Parameters, subscriptionID: String) throws -> DeliveryQuery {
        var query = DeliveryQuery(subscriptionID: subscriptionID)
        for (name, value) in parameters {
            let text = String(value)
            switch String(name) {
            case "status":
                guard let status = DeliveryRecord.Status(rawValue: text) else {
                    throw Problem(
                        .invalidBody,
                        "status is one of \(DeliveryRecord.Status.allCases.map(\.rawValue).joined(separator: ", "))")
                }
                query.status = status
            case "type":
                guard text.count <= 100 else { throw Problem(.invalidBody, "type is at most 100 characters") }
                query.eventType = text
            case "idea":
                guard text.count <= 100 else { throw Problem(.invalidBody, "idea is at most 100 characters") }
                query.ideaID = text
            case "before":
                guard let before = Int64(text), before > 0 else {
                    throw Problem(.invalidBody, "before is a delivery id from a previous page")
                }
                query.before = before
            case "limit":
                guard let limit = Int(text), (1...500).contains(limit) else {
                    throw Problem(.invalidBody, "limit is a number from 1 to 500")
                }
                query.limit = limit
            default:
                throw Problem(.invalidBody, "unknown query parameter '\(String(name).prefix(40))'")
            }
        }
        return query
    }

    private func requireAdmin(_ context: PipelineRequestContext) throws {
        guard Access.isAdmin(try context.requireActor()) else {
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

struct DeliveryPage: Encodable {
    let deliveries: [DeliveryResource]
    /// The `before` of the next page, when there may be one.
    let next: String?
}

struct DeliveryResource: Encodable {
    let id: Int64
    let messageId: String
    let idea: String?
    let sequence: Int?
    let type: String
    let status: String
    let attemptCount: Int
    let createdAt: Date
    let nextAttemptAt: Date?
    let deliveredAt: Date?
    let attempts: [AttemptResource]

    enum CodingKeys: String, CodingKey {
        case id, idea, sequence, type, status, attempts
        case messageId = "message_id"
        case attemptCount = "attempt_count"
        case createdAt = "created_at"
        case nextAttemptAt = "next_attempt_at"
        case deliveredAt = "delivered_at"
    }

    init(_ record: DeliveryRecord) {
        id = record.outboxID
        messageId = record.messageID
        idea = record.ideaID.isEmpty ? nil : record.ideaID
        sequence = record.ideaID.isEmpty ? nil : record.sequence
        type = record.eventType
        status = record.status.rawValue
        attemptCount = record.attemptCount
        createdAt = record.createdAt
        nextAttemptAt = record.status == .pending ? record.nextAttemptAt : nil
        deliveredAt = record.deliveredAt
        attempts = record.attempts.map(AttemptResource.init)
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
