/// Which events a webhook subscription wants: event types (with wildcards such as `idea.*`,
/// or `*` for all) and optional filters on the idea's workflow, region and organisation.
public struct EventFilter: Sendable, Hashable, Codable {
    public let types: [String]
    public let workflowID: String?
    public let region: String?
    public let organisation: String?

    public init(types: [String] = ["*"], workflowID: String? = nil, region: String? = nil, organisation: String? = nil)
    {
        self.types = types
        self.workflowID = workflowID
        self.region = region
        self.organisation = organisation
    }

    public func matches(_ event: Event, of idea: Idea) -> Bool {
        guard types.contains(where: { EventFilter.pattern($0, matches: event.type) }) else { return false }
        if let workflowID, workflowID != idea.workflowID { return false }
        if let region, region != idea.region { return false }
        if let organisation, organisation != idea.organisation { return false }
        return true
    }

    /// `*` matches everything, `idea.*` every type that starts with `idea.`, anything else itself.
    public static func pattern(_ pattern: String, matches type: String) -> Bool {
        if pattern == "*" { return true }
        if pattern.hasSuffix(".*") { return type.hasPrefix(pattern.dropLast()) }
        return pattern == type
    }
}
