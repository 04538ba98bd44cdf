import Crypto
import Foundation
import HTTPTypes
import Hummingbird
import PipelineStore

/// `Idempotency-Key` on POST: the first answer is recorded (for an accepted command, in the
/// same transaction as its events) and replayed for every retry with the same key and body.
struct Idempotency {
    let store: any Store
    let clock: any WallClock
    let principal: String
    let key: String
    let requestHash: String

    /// The key of this request, or `nil` when the client sent none.
    init?(request: Request, body: Data, principal: String?, store: any Store, clock: any WallClock) throws {
        guard let key = request.headers[HTTPField.Name("Idempotency-Key")!] else { return nil }
        guard (1...200).contains(key.count), key.allSatisfy({ $0.isASCII && !$0.isWhitespace }) else {
            throw Problem(.invalidBody, "an Idempotency-Key is 1 to 200 visible ASCII characters")
        }
        guard let principal else { throw Problem(.unauthorized, "send Authorization: Bearer <token>") }
        self.store = store
        self.clock = clock
        self.principal = principal
        self.key = key
        var hasher = SHA256()
        hasher.update(data: Data("\(request.method.rawValue) \(request.uri.path)\n".utf8))
        hasher.update(data: body)
        requestHash = TokenAuthority.hex(hasher.finalize())
    }

    /// The recorded answer to replay, if this key was used before; 422 if for another request.
    func replay() async throws -> Response? {
        let record: IdempotencyRecord?
        do { record = try await store.idempotencyRecord(principal: principal, key: key) } catch {
            throw Problem(.unavailable, error.description)
        }
        guard let record else { return nil }
        guard record.requestHash == requestHash else {
            throw Problem(
                .idempotencyKeyReused,
                "this Idempotency-Key was used for another request; use a new key for a new request")
        }
        let contentType = record.status >= 400 ? "application/problem+json" : "application/json"
        return Response(
            status: .init(code: record.status),
            headers: [.contentType: contentType, HTTPField.Name("Idempotency-Replayed")!: "true"],
            body: .init(byteBuffer: ByteBuffer(string: record.body)))
    }

    func record(status: Int, body: String) -> IdempotencyRecord {
        IdempotencyRecord(
            principal: principal, key: key, requestHash: requestHash, status: status, body: body,
            createdAt: clock.now())
    }

    /// Records a refusal, so that a retry gets the same answer.
    func save(_ problem: Problem, path: String) async {
        let body = String(decoding: problem.encoded(instance: path), as: UTF8.self)
        try? await store.saveIdempotencyRecord(record(status: Int(problem.kind.status.code), body: body))
    }
}
