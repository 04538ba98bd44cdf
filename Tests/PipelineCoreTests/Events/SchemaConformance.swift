import Foundation

/// A JSON value, read strictly: `true` stays a boolean and `1` a number.
indirect enum JSON: Decodable, Equatable {
    case null
    case boolean(Bool)
    case number(Double)
    case string(String)
    case array([JSON])
    case object([String: JSON])

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let flag = try? container.decode(Bool.self) {
            self = .boolean(flag)
        } else if let number = try? container.decode(Double.self) {
            self = .number(number)
        } else if let text = try? container.decode(String.self) {
            self = .string(text)
        } else if let items = try? container.decode([JSON].self) {
            self = .array(items)
        } else {
            self = .object(try container.decode([String: JSON].self))
        }
    }

    static func parse(_ data: Data) throws -> JSON { try JSONDecoder().decode(JSON.self, from: data) }

    subscript(key: String) -> JSON? {
        if case .object(let members) = self { return members[key] }
        return nil
    }
}

/// The structural part of JSON Schema that the event schemas use: `type` (one or a list),
/// `const`, `enum`, `properties`, `required`, `additionalProperties` and `items`. Enough to show
/// that a body has the members its schema names, no others where it is closed, of the right types.
enum SchemaConformance {
    /// Every way `value` does not fit `schema`, each with the path where it was found.
    static func problems(_ value: JSON, _ schema: JSON, at path: String = "$") -> [String] {
        var problems: [String] = []
        let types: [String]
        switch schema["type"] {
        case .string(let type)?: types = [type]
        case .array(let list)?: types = list.compactMap { if case .string(let type) = $0 { type } else { nil } }
        default: types = []
        }
        if !types.isEmpty, !types.contains(where: { matches(value, $0) }) {
            return ["\(path): expected \(types.joined(separator: " or ")), found \(value)"]
        }
        if let constant = schema["const"], constant != value { problems.append("\(path): \(value) is not \(constant)") }
        if case .array(let options)? = schema["enum"], !options.contains(value) {
            problems.append("\(path): \(value) is not one of \(options)")
        }
        if case .object(let members) = value { problems += objectProblems(members, schema, at: path) }
        if case .array(let items) = value, let itemSchema = schema["items"] {
            for (index, item) in items.enumerated() {
                problems += self.problems(item, itemSchema, at: "\(path)[\(index)]")
            }
        }
        return problems
    }

    private static func objectProblems(_ members: [String: JSON], _ schema: JSON, at path: String) -> [String] {
        var problems: [String] = []
        if case .array(let required)? = schema["required"] {
            for case .string(let key) in required where members[key] == nil {
                problems.append("\(path): missing required \(key)")
            }
        }
        let properties: [String: JSON]
        if case .object(let declared)? = schema["properties"] { properties = declared } else { properties = [:] }
        for (key, member) in members.sorted(by: { $0.key < $1.key }) {
            if let property = properties[key] {
                problems += self.problems(member, property, at: "\(path).\(key)")
            } else if schema["additionalProperties"] == .boolean(false) {
                problems.append("\(path): unexpected member \(key)")
            } else if let additional = schema["additionalProperties"], case .object = additional {
                problems += self.problems(member, additional, at: "\(path).\(key)")
            }
        }
        return problems
    }

    private static func matches(_ value: JSON, _ type: String) -> Bool {
        switch (type, value) {
        case ("null", .null), ("boolean", .boolean), ("number", .number), ("string", .string), ("array", .array),
            ("object", .object):
            return true
        case ("integer", .number(let number)): return number == number.rounded()
        default: return false
        }
    }
}
