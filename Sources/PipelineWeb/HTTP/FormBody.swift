import Foundation

/// An `application/x-www-form-urlencoded` body: every name with the values sent for it, in order.
struct FormBody: Sendable {
    private(set) var values: [String: [String]] = [:]

    init(_ values: [String: [String]] = [:]) {
        self.values = values
    }

    /// Parses `a=1&b=two+words&c=%C3%A9`; `nil` when the encoding is broken.
    init?(encoded text: String) {
        for pair in text.split(separator: "&", omittingEmptySubsequences: true) {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard let name = Self.decode(parts[0]), let value = Self.decode(parts.count > 1 ? parts[1] : "") else {
                return nil
            }
            values[name, default: []].append(value)
        }
    }

    /// The first value sent for `name`.
    subscript(_ name: String) -> String? { values[name]?.first }

    /// Every value sent for `name` (checkboxes of a list field).
    func all(_ name: String) -> [String] { values[name] ?? [] }

    private static func decode(_ text: Substring) -> String? {
        text.replacingOccurrences(of: "+", with: " ").removingPercentEncoding
    }
}
