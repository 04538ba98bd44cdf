import Foundation

/// An event for the operator rather than about an idea: today `webhook.disabled`, sent when the
/// delivery worker gives up on a subscription. Its body has the same shape as an idea event's:
/// `{"type", "timestamp", "data"}`, with `data.schema_version`; every key is written out here.
public struct OperatorNotice: Encodable, Sendable {
    public let type: String
    public let timestamp: String
    let webhook: String
    let url: String
    let reason: String
    let link: String

    /// Says that subscription `id` (sending to `url`) was disabled, and why; `link` is where the
    /// API shows the subscription.
    public static func webhookDisabled(id: String, url: String, reason: String, at time: Date, link: String)
        -> OperatorNotice
    {
        OperatorNotice(
            type: EventType.webhookDisabled.name, timestamp: EventMessage.timestamp(time), webhook: id, url: url,
            reason: reason, link: link)
    }

    public func encode(to encoder: any Encoder) throws {
        var body = encoder.container(keyedBy: WireKey.self)
        try body.encode(type, forKey: "type")
        try body.encode(timestamp, forKey: "timestamp")
        var data = body.nestedContainer(keyedBy: WireKey.self, forKey: "data")
        try data.encode(EventSchema.version, forKey: "schema_version")
        try data.encode(webhook, forKey: "webhook")
        try data.encode(url, forKey: "url")
        try data.encode(reason, forKey: "reason")
        try data.encode(link, forKey: "link")
    }

    /// The exact bytes that are signed and sent.
    public func encoded() throws -> Data {
        try EventMessage.encoder.encode(self)
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
