import ArgumentParser
import Foundation
import PipelineCore
import PipelineStore
import PipelineWebhooks

struct WebhooksCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "webhooks", abstract: "Manage webhook subscriptions and see their deliveries.",
        subcommands: [
            CreateWebhook.self, ListWebhooks.self, SetWebhookStatus.self, DeleteWebhook.self, WebhookDeliveries.self,
            RedeliverWebhook.self, RotateWebhookSecret.self,
        ])
}

struct CreateWebhook: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "create", abstract: "Subscribe a URL to events; its secret is shown once.")

    @OptionGroup var store: StoreOptions
    @Option(help: "The consumer's http or https address.") var url: String
    @Option(help: "Event types, wildcards allowed (idea.*); repeat; default all.") var event: [String] = []
    @Option var workflow: String?
    @Option var region: String?
    @Option(name: .customLong("for-org")) var organisation: String?
    @Option var description: String?

    private var filter: EventFilter {
        EventFilter(
            types: event.isEmpty ? ["*"] : event, workflowID: workflow, region: region, organisation: organisation)
    }

    @Option(
        name: .customLong("webhook-allow-network"),
        help:
            "A private network the URL may point into, as for serve (e.g. 127.0.0.0/8; or PIPELINE_WEBHOOK_ALLOW_NETWORK); repeat for more."
    )
    var allowedNetworks: [String] = []

    func validate() throws {
        let policy: AddressPolicy
        do {
            policy = try AddressPolicy(allowing: allowedNetworks + AllowedNetworks.fromEnvironment)
        } catch { throw ValidationError("--webhook-allow-network: \(error)") }
        if let problem = WebhookURL.problem(url, policy: policy) { throw ValidationError("--url: \(problem)") }
        do { try filter.validate() } catch { throw ValidationError("--event: \(error)") }
    }

    func run() async throws {
        try await self.store.withStore { store, _ in
            let subscription = Subscription(
                id: "whk_" + ShortID.generate(), url: url, filter: filter, description: description,
                secret: WebhookSigner.generateSecret())
            try await store.addSubscription(subscription)
            print("webhook \(subscription.id) → \(url)")
            print("secret (shown only now): \(subscription.secret)")
        }
    }
}

struct ListWebhooks: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list", abstract: "List subscriptions (never their secrets).")

    @OptionGroup var store: StoreOptions

    func run() async throws {
        try await self.store.withStore { store, handler in
            var rows = [["ID", "STATUS", "EVENTS", "URL"]]
            for subscription in try await store.subscriptions() {
                rows.append([
                    subscription.id, subscription.status.rawValue, subscription.filter.types.joined(separator: ","),
                    subscription.url,
                ])
            }
            print(Printer.columns(rows))
        }
    }
}

struct SetWebhookStatus: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "set", abstract: "Pause or resume a subscription: pipeline webhooks set ID paused|active.")

    @OptionGroup var store: StoreOptions
    @Argument var id: String
    @Argument(help: "active or paused.") var status: String

    func run() async throws {
        guard let wanted = Subscription.Status(rawValue: status), wanted != .disabled else {
            throw ValidationError("the status is active or paused")
        }
        try await self.store.withStore { store, handler in
            guard try await store.setSubscriptionStatus(id: id, status: wanted) else {
                Output.error("no webhook \(id)")
                throw ExitCode.notFound
            }
            print("\(id) is \(wanted.rawValue)")
        }
    }
}

struct DeleteWebhook: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "delete", abstract: "Delete a subscription and its queue.")

    @OptionGroup var store: StoreOptions
    @Argument var id: String

    func run() async throws {
        try await self.store.withStore { store, handler in
            guard try await store.deleteSubscription(id: id) else {
                Output.error("no webhook \(id)")
                throw ExitCode.notFound
            }
            print("deleted \(id)")
        }
    }
}

struct WebhookDeliveries: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "deliveries", abstract: "A subscription's messages, newest first, with their last attempt.")

    @OptionGroup var store: StoreOptions
    @Argument var id: String
    @Option(help: "pending, sending, delivered or failed.") var status: String?
    @Option(help: "An event type, wildcards allowed (idea.*).") var type: String?
    @Option(help: "Only this idea's messages.") var idea: String?
    @Option(help: "At most this many (1 to 500).") var limit = 50

    func run() async throws {
        var query = DeliveryQuery(subscriptionID: id, eventType: type, ideaID: idea, limit: limit)
        if let status {
            guard let parsed = DeliveryRecord.Status(rawValue: status) else {
                throw ValidationError("--status is pending, sending, delivered or failed")
            }
            query.status = parsed
        }
        guard (1...500).contains(limit) else { throw ValidationError("--limit is a number from 1 to 500") }
        try await self.store.withStore { store, handler in
            let formatter = ISO8601DateFormatter()
            var rows = [["ID", "MESSAGE", "IDEA", "TYPE", "STATUS", "TRIES", "LAST", "ANSWER"]]
            for record in try await store.deliveries(query) {
                let last = record.attempts.first
                rows.append([
                    String(record.outboxID), record.messageID, record.ideaID.isEmpty ? "-" : record.ideaID,
                    record.eventType, record.status.rawValue, String(record.attemptCount),
                    last.map { formatter.string(from: $0.at) } ?? "-",
                    last.map { $0.error ?? "\($0.status) in \($0.durationMilliseconds) ms" } ?? "-",
                ])
            }
            print(Printer.columns(rows))
        }
    }
}

struct RedeliverWebhook: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "redeliver",
        abstract: "Queue a subscription's failed messages again, or one message whatever its status.")

    @OptionGroup var store: StoreOptions
    @Argument var id: String
    @Option(help: "Only messages created since this date-time (ISO 8601).") var since: String?
    @Option(help: "Only this message (an ID from 'webhooks deliveries'), delivered or not.") var delivery: Int64?

    func run() async throws {
        if let delivery {
            guard since == nil else { throw ValidationError("give --delivery or --since, not both") }
            try await self.store.withStore { store, handler in
                guard try await store.redeliver(subscriptionID: id, outboxID: delivery, now: handler.clock.now()) else {
                    Output.error("\(id) has no message \(delivery) to send again")
                    throw ExitCode.notFound
                }
                print("message \(delivery) queued again for \(id)")
                return
            }
        }
        var from = Date(timeIntervalSince1970: 0)
        if let since {
            guard let date = ISO8601DateFormatter().date(from: since) else {
                throw ValidationError("--since is a date-time such as 2026-11-23T12:00:00Z")
            }
            from = date
        }
        try await self.store.withStore { store, handler in
            let count = try await store.redeliver(subscriptionID: id, since: from, now: handler.clock.now())
            print("\(count) message\(count == 1 ? "" : "s") queued again for \(id)")
        }
    }
}

struct RotateWebhookSecret: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rotate", abstract: "A new secret, shown once; the old one keeps signing during the grace period.")

    @OptionGroup var store: StoreOptions
    @Argument var id: String
    @Option(help: "Hours the old secret keeps signing (0 to 720).") var graceHours = 24.0

    func run() async throws {
        guard (0...720).contains(graceHours) else { throw ValidationError("--grace-hours is 0 to 720") }
        try await self.store.withStore { store, handler in
            let secret = WebhookSigner.generateSecret()
            guard
                try await store.rotateSecret(
                    id: id, newSecret: secret,
                    previousValidUntil: handler.clock.now().addingTimeInterval(graceHours * 3_600))
            else {
                Output.error("no webhook \(id)")
                throw ExitCode.notFound
            }
            print("new secret for \(id) (shown only now): \(secret)")
            print("the old secret keeps signing for \(graceHours) hours")
        }
    }
}

/// The private networks webhooks may reach, from `PIPELINE_WEBHOOK_ALLOW_NETWORK` (comma-separated).
enum AllowedNetworks {
    static var fromEnvironment: [String] {
        (ProcessInfo.processInfo.environment["PIPELINE_WEBHOOK_ALLOW_NETWORK"] ?? "").split(separator: ",").map {
            $0.trimmingCharacters(in: .whitespaces)
        }.filter { !$0.isEmpty }
    }
}
