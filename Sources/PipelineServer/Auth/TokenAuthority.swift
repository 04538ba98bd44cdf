import Crypto
import Foundation
import PipelineCore
import PipelineStore

/// Makes API tokens and checks them. A token is `pl_` and 32 random bytes in base64url; only its
/// SHA-256 is stored, so a stolen database gives no usable token.
public enum TokenAuthority {
    public static let roles = Registration.roles

    /// A new token and the record to store; the token itself is shown once and never again. A
    /// token for a person (`personID`) acts as that person; `name` and `organisation` are then
    /// theirs at the time of issue, kept for the list of tokens.
    public static func issue(name: String, role: String, organisation: String?, personID: String? = nil, now: Date)
        -> (token: String, record: TokenRecord)
    {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) }
        let token =
            "pl_"
            + Data(bytes).base64EncodedString().replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
        let id = "tok_" + String(hash(token).prefix(12))
        let record = TokenRecord(
            id: id, name: name, role: role, organisation: organisation, hash: hash(token), createdAt: now,
            personID: personID)
        return (token, record)
    }

    public static func hash(_ token: String) -> String {
        hex(SHA256.hash(data: Data(token.utf8)))
    }

    /// Lower-case hex; `String(format:)` per byte is slow enough to show on every request.
    static func hex(_ bytes: some Sequence<UInt8>) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var output: [UInt8] = []
        output.reserveCapacity(64)
        for byte in bytes {
            output.append(digits[Int(byte >> 4)])
            output.append(digits[Int(byte & 15)])
        }
        return String(decoding: output, as: UTF8.self)
    }
}
