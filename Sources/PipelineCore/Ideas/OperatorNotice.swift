import Foundation

/// An event for the operator rather than about an idea: today `webhook.disabled`, sent when the
/// delivery worker gives up on a subscription. Its body has the same shape as an idea event's:
/// `{"type", "timestamp", "data"}`.
public struct OperatorNotice: Encodable, Sendable {
    public struct WebhookDisabled: Encodable, Sendable {
        let webhook: String
        let url: String
        let reason: String
        let link: String
    }

    /// The types of operator events, for subscription filters.
    public static let allTypes = ["webhook.disabled"]

    public let type: String
    public let timestamp: String
    public let data: WebhookDisabled

    /// Says that subscription `id` (sending to `url`) was disabled, and why.
    public static func webhookDisabled(id: String, url: String, reason: String, at time: Date) -> OperatorNotice {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return OperatorNotice(
            type: "webhook.disabled", timestamp: formatter.string(from: time),
            data: WebhookDisabled(webhook: id, url: url, reason: reason, link: "/v1/webhooks/\(id)"))
    }

    /// The exact bytes that are signed and sent.
    public func encoded() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(self)
    }
}

extension EventFilter {
    /// Whether this subscription wants an operator event of `type`: its types match and it does
    /// not narrow itself to ideas of one workflow, region or organisation.
    public func wantsOperatorEvent(_ type: String) -> Bool {
        workflowID == nil && region == nil && organisation == nil
            && types.contains { EventFilter.pattern($0, matches: type) }
    }
}
