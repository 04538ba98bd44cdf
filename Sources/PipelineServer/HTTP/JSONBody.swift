import Foundation
import Hummingbird
import PipelineCore

/// A request body as a JSON object, read strictly: malformed JSON, invalid UTF-8, a number too
/// large for a Double, a wrong type or an unknown member is a 400 that says exactly what.
struct JSONBody {
    let members: [String: JSONValue]
    /// Where these members are, for messages: empty for the body, `conditions[0].` for a nested object.
    var path = ""

    static func parse(_ data: Data, allowed: Set<String>) throws -> JSONBody {
        guard !data.isEmpty else { throw Problem(.invalidBody, "the body is empty; send a JSON object") }
        guard String(data: data, encoding: .utf8) != nil else {
            throw Problem(.invalidBody, "the body is not valid UTF-8")
        }
        let value: JSONValue
        do {
            value = try JSONDecoder().decode(JSONValue.self, from: data)
        } catch {
            throw Problem(.invalidBody, "the body is not valid JSON, or holds a number too large to represent")
        }
        guard case .object(let members) = value else {
            throw Problem(.invalidBody, "the body must be a JSON object, not \(value.typeName)")
        }
        return try JSONBody(members, allowed: allowed)
    }

    /// An object's members, checked against `allowed`; `path` names a nested object in messages.
    init(_ members: [String: JSONValue], allowed: Set<String>, path: String = "") throws {
        for key in members.keys.sorted() where !allowed.contains(key) {
            let known =
                allowed.isEmpty ? "it takes none" : "the members are " + allowed.sorted().joined(separator: ", ")
            throw Problem(.invalidBody, "unknown member '\(path)\(key.prefix(60))'; \(known)")
        }
        self.members = members
        self.path = path
    }

    /// A text member; `null` is not "left out" (the OpenAPI document says string), it is refused.
    func string(_ key: String, required: Bool = false, limit: Int = 10_000) throws -> String? {
        let name = path + key
        switch members[key] {
        case nil:
            if required { throw Problem(.invalidBody, "'\(name)' is required") }
            return nil
        case .null?:
            throw Problem(.invalidBody, "'\(name)' must be a string, not null; leave it out instead")
        case .string(let text)?:
            // Unicode scalars, as JSON Schema's maxLength counts: the OpenAPI document says the same.
            guard text.unicodeScalars.count <= limit else {
                throw Problem(.invalidBody, "'\(name)' is longer than \(limit) characters")
            }
            return text
        case let other?:
            throw Problem(.invalidBody, "'\(name)' must be a string, not \(other.typeName)")
        }
    }

    func object(_ key: String, required: Bool = false) throws -> [String: JSONValue]? {
        try member(key, required: required, kind: "an object") {
            if case .object(let members) = $0 { members } else { nil }
        }
    }

    func array(_ key: String, required: Bool = false) throws -> [JSONValue]? {
        try member(key, required: required, kind: "an array") {
            if case .array(let items) = $0 { items } else { nil }
        }
    }

    /// An array of strings: at most `maximumCount` of them, each at most `limit` characters
    /// (Unicode scalars); never null, nor null or anything else in it.
    func strings(_ key: String, required: Bool = false, maximumCount: Int, limit: Int) throws -> [String]? {
        guard let items = try array(key, required: required) else { return nil }
        let name = path + key
        guard items.count <= maximumCount else {
            throw Problem(.invalidBody, "'\(name)' has more than \(maximumCount) entries")
        }
        return try items.map { item in
            guard case .string(let text) = item else {
                throw Problem(.invalidBody, "'\(name)' lists strings, not \(item.typeName)")
            }
            guard text.unicodeScalars.count <= limit else {
                throw Problem(.invalidBody, "an entry of '\(name)' is longer than \(limit) characters")
            }
            return text
        }
    }

    /// A member of one kind: missing (an error when `required`), never null, never another kind.
    private func member<T>(_ key: String, required: Bool, kind: String, _ value: (JSONValue) -> T?) throws -> T? {
        let name = path + key
        switch members[key] {
        case nil:
            if required { throw Problem(.invalidBody, "'\(name)' is required") }
            return nil
        case .null?:
            throw Problem(.invalidBody, "'\(name)' must be \(kind), not null; leave it out instead")
        case let other?:
            guard let value = value(other) else {
                throw Problem(.invalidBody, "'\(name)' must be \(kind), not \(other.typeName)")
            }
            return value
        }
    }

    /// Field values: numbers, strings, booleans and arrays of strings; `null` clears (when allowed).
    static func fieldValues(_ members: [String: JSONValue], allowNull: Bool) throws -> [String: Value?] {
        guard members.count <= 200 else { throw Problem(.invalidBody, "too many fields in one request") }
        var result: [String: Value?] = [:]
        for (key, value) in members {
            switch value {
            case .null:
                guard allowNull else { throw Problem(.invalidBody, "fields.\(key) is null; leave it out instead") }
                result[key] = .some(nil)
            case .bool(let flag): result[key] = .boolean(flag)
            case .number(let number):
                guard number.isFinite, abs(number) < 1e15 else {
                    throw Problem(
                        .invalidFields, "fields.\(key) is too large",
                        fields: [FieldProblem(field: key, .fieldValueTooLarge)])
                }
                result[key] = .number(number)
            case .string(let text): result[key] = .text(text)
            case .array(let items):
                var list: [Value] = []
                for item in items {
                    guard case .string(let text) = item else {
                        throw Problem(.invalidBody, "fields.\(key) must list strings, not \(item.typeName)")
                    }
                    list.append(.text(text))
                }
                result[key] = .list(list)
            case .object:
                throw Problem(.invalidBody, "fields.\(key) must be a number, string, boolean or array, not an object")
            }
        }
        return result
    }
}
