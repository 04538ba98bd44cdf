import Crypto
import Foundation

/// Signs webhook messages as the Standard Webhooks specification says: the key is the base64
/// after `whsec_`, the signed content is `id.timestamp.body`, and the header value is `v1,` and
/// the base64 of its HMAC-SHA256.
///
/// ```swift
/// let signer = try WebhookSigner(secret: "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")
/// signer.signature(id: "msg_p5jXN8AQM9LWM0D4loKWxJek", timestamp: 1614265330, body: body)
/// ```
public struct WebhookSigner: Sendable {
    private let key: SymmetricKey

    public init(secret: String) throws(WebhookSecretError) {
        let encoded = secret.hasPrefix("whsec_") ? String(secret.dropFirst(6)) : secret
        guard let bytes = Data(base64Encoded: encoded), !bytes.isEmpty else { throw WebhookSecretError() }
        key = SymmetricKey(data: bytes)
    }

    public func signature(id: String, timestamp: Int, body: Data) -> String {
        var content = Data("\(id).\(timestamp).".utf8)
        content.append(body)
        let mac = HMAC<SHA256>.authenticationCode(for: content, using: key)
        return "v1," + Data(mac).base64EncodedString()
    }

    /// The three headers of a message. With several secrets (during a rotation's grace period)
    /// `webhook-signature` holds one signature per secret, space-separated; consumers accept any.
    public static func headers(id: String, timestamp: Int, body: Data, secrets: [String]) -> [(String, String)] {
        let signatures = secrets.compactMap { secret in
            (try? WebhookSigner(secret: secret))?.signature(id: id, timestamp: timestamp, body: body)
        }
        var headers = [("webhook-id", id), ("webhook-timestamp", String(timestamp))]
        if !signatures.isEmpty { headers.append(("webhook-signature", signatures.joined(separator: " "))) }
        return headers
    }

    /// A new secret: `whsec_` and the base64 of 32 random bytes.
    public static func generateSecret() -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) }
        return "whsec_" + Data(bytes).base64EncodedString()
    }
}

/// A secret that is not `whsec_` followed by base64. Says nothing of the secret itself.
public struct WebhookSecretError: Error, CustomStringConvertible {
    public var description: String { "a webhook secret is whsec_ followed by base64" }
}
