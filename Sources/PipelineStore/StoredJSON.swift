import Foundation
import PipelineCore

/// JSON for stored state and events, the same in every backend. Dates as seconds since 1970
/// (a Double): they come back exactly as they went in.
public enum StoredJSON {
    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .secondsSince1970
        encoder.outputFormatting = [.sortedKeys]
        return encoder
    }()

    static let decoder: JSONDecoder = {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .secondsSince1970
        return decoder
    }()

    public static func encode(_ value: some Encodable) throws -> String {
        String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    public static func decode<T: Decodable>(_ type: T.Type, from text: String) throws(StoreError) -> T {
        do {
            return try decoder.decode(type, from: Data(text.utf8))
        } catch {
            throw .corrupt("a stored \(type) does not decode")
        }
    }
}

extension StoredJSON {
    /// A stored event's change, from its `type` and `change` columns: the flat wire object, or
    /// the shape events written before schema version 1 have.
    public static func decodeChange(type: String, from text: String) throws(StoreError) -> Event.Change {
        do {
            return try Event.Change(type: type, wire: Data(text.utf8))
        } catch {
            throw .corrupt(error.description)
        }
    }
}

extension Date {
    /// Whole milliseconds since 1970, as every backend stores times.
    public var milliseconds: Int64 { Int64((timeIntervalSince1970 * 1000).rounded(.down)) }

    /// A time stored as milliseconds since 1970.
    public init(milliseconds: Int64) { self.init(timeIntervalSince1970: Double(milliseconds) / 1000) }
}
