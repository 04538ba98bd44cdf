/// A JSON value whose object members keep the order they were written in, rendered with two-space
/// indents. The JSON Schemas are written with it so that they read top-down (`$schema`, `$id`,
/// `title`, ...) rather than alphabetically, with the same bytes on every platform.
enum OrderedJSON: Sendable {
    case string(String)
    case integer(Int)
    case boolean(Bool)
    case array([OrderedJSON])
    case object([(key: String, value: OrderedJSON)])

    /// The value as text; nested lines start with `indent` plus two spaces per level.
    func rendered(indent: String = "") -> String {
        let inner = indent + "  "
        switch self {
        case .string(let text): return OrderedJSON.quoted(text)
        case .integer(let number): return String(number)
        case .boolean(let flag): return flag ? "true" : "false"
        case .array(let items) where items.allSatisfy(\.isScalar):
            // Lists of names (`required`, `enum`, a `type` list) read best on one line.
            return "[" + items.map { $0.rendered() }.joined(separator: ", ") + "]"
        case .array(let items):
            return "[\n" + items.map { inner + $0.rendered(indent: inner) }.joined(separator: ",\n") + "\n\(indent)]"
        case .object(let members) where members.isEmpty:
            return "{}"
        case .object(let members):
            let lines = members.map { inner + OrderedJSON.quoted($0.key) + ": " + $0.value.rendered(indent: inner) }
            return "{\n" + lines.joined(separator: ",\n") + "\n\(indent)}"
        }
    }

    private var isScalar: Bool {
        switch self {
        case .string, .integer, .boolean: return true
        case .array, .object: return false
        }
    }

    /// A JSON string literal: quotes, backslashes and control characters escaped, the rest as is.
    static func quoted(_ text: String) -> String {
        var result = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\t": result += "\\t"
            case "\r": result += "\\r"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                result += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result + "\""
    }
}
