import PipelineCore

/// The one place that makes API links for webhook messages: the core builds message bodies but
/// knows no URL paths, so whoever queues a message asks here (`data.link` of every body).
public enum EventLinks {
    /// `/v1/ideas/<id>`: the idea an event is about.
    public static func idea(_ id: String) -> String { "/v1/ideas/\(id)" }

    /// `/v1/implementations/<id>`: the region's implementation an event is about.
    public static func implementation(_ id: String) -> String { "/v1/implementations/\(id)" }

    /// The link of a record: an idea's or an implementation's.
    public static func record(_ idea: Idea) -> String {
        idea.isImplementation ? implementation(idea.id) : self.idea(idea.id)
    }

    /// `/v1/webhooks/<id>`: the subscription a `webhook.disabled` notice is about.
    public static func webhook(_ id: String) -> String { "/v1/webhooks/\(id)" }
}
