/// The labour-market regions an installation knows (the 28 of `config/regions.txt`). The core
/// never reads the file: the edges load it and pass the list in. An empty list checks nothing
/// (an installation without the file takes any region, as before there was one).
public struct RegionList: Sendable, Hashable {
    public let names: [String]

    public init(_ names: [String]) {
        self.names = names
    }

    public var isEmpty: Bool { names.isEmpty }

    /// Whether the region is known; every region is, when the list is empty.
    public func accepts(_ region: String) -> Bool { names.isEmpty || names.contains(region) }

    /// Why a region is refused, with the closest known one when there is one; `nil` when accepted.
    public func problem(_ region: String) -> String? { refusal(region)?.message }

    /// ``problem(_:)`` as a refusal, with its code and values.
    public func refusal(_ region: String) -> Refusal? {
        guard !accepts(region) else { return nil }
        let lowered = region.lowercased()
        let close =
            names.first { $0.lowercased() == lowered }
            ?? (lowered.count >= 4 ? names.first { $0.lowercased().hasPrefix(lowered.prefix(4)) } : nil)
        return close.map { .unknownRegionClose(region, suggestion: $0) } ?? .unknownRegion(region, count: names.count)
    }
}
