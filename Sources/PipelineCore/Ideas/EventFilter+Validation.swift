extension EventFilter {
    /// The one rule for a subscription's event types, which the API and the command line both
    /// apply: each pattern is `*`, a prefix such as `idea.*` that some known type starts with, or
    /// a known type (`EventType.all`).
    ///
    /// ```swift
    /// try EventFilter(types: ["idea.*", "gate.approved"]).validate()
    /// ```
    public func validate() throws(EventFilterError) {
        for pattern in types where !EventFilter.isKnown(pattern) {
            throw EventFilterError(pattern: pattern)
        }
    }

    static func isKnown(_ pattern: String) -> Bool {
        if pattern == "*" { return true }
        if pattern.hasSuffix(".*") { return EventType.all.contains { $0.name.hasPrefix(pattern.dropLast()) } }
        return EventType.named(pattern) != nil
    }
}

/// A subscription pattern that names no event type; the message lists what would.
public struct EventFilterError: Error, Sendable, CustomStringConvertible {
    public let pattern: String

    public var description: String {
        let names = EventType.all.map(\.name)
        var prefixes: [String] = []
        for name in names {
            let prefix = String(name.prefix { $0 != "." }) + ".*"
            if !prefixes.contains(prefix) { prefixes.append(prefix) }
        }
        return "unknown event type '\(pattern.prefix(60))': use *, "
            + prefixes.joined(separator: ", ") + " or one of " + names.joined(separator: ", ")
    }
}
