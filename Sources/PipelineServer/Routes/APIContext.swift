import Foundation
import Hummingbird
import PipelineCore
import PipelineStore
import PipelineWeb

/// What every route needs: the store, the command handler, the people register, the metrics and
/// the limits.
struct APIContext: Sendable {
    let store: any Store
    let handler: CommandHandler
    let register: PeopleRegister
    let metrics: ServerMetrics
    let maximumBodySize: Int
    /// Gate checks in people's words, per language (the pages' labels and the workflow's names).
    let wording: GateWording
    /// Reloads the workflow files; nil for a server that runs a fixed set.
    var reloader: WorkflowReloader?
    /// The ideas' answers, encoded once per state of an idea.
    var answers = IdeaAnswers()

    /// The time for commands and stamps: the command handler's clock.
    var clock: any WallClock { handler.clock }

    /// A JSON response with the idea's version as its ETag.
    static func json(
        _ value: some Encodable, status: HTTPResponse.Status = .ok, etag: Int? = nil,
        encoder: JSONEncoder = APIJSON.encoder
    ) throws -> Response {
        let data = try encoder.encode(value)
        var headers: HTTPFields = [.contentType: "application/json"]
        if let etag { headers[.eTag] = "\"\(etag)\"" }
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    /// A JSON response whose body is already encoded.
    static func json(encoded body: ByteBuffer, status: HTTPResponse.Status = .ok, etag: Int? = nil) -> Response {
        var headers: HTTPFields = [.contentType: "application/json"]
        if let etag { headers[.eTag] = "\"\(etag)\"" }
        return Response(status: status, headers: headers, body: .init(byteBuffer: body))
    }

    /// Runs a store query, turning its failure into a problem.
    func query<T>(_ body: () async throws(StoreError) -> T) async throws -> T {
        do { return try await body() } catch { throw Problem(.store(error)) }
    }

    /// The request's JSON body, read within the size limit and checked against `allowed` members.
    /// With `emptyAllowed`, a route whose members are all optional takes no body as `{}`.
    func readBody(_ request: Request, allowed: Set<String>, emptyAllowed: Bool = false) async throws -> (Data, JSONBody)
    {
        if let type = request.headers[.contentType], !APIContext.isJSON(type) {
            throw Problem(.unsupportedMediaType, "send the body as application/json, not \(type.prefix(60))")
        }
        let buffer: ByteBuffer
        do { buffer = try await request.body.collect(upTo: maximumBodySize) } catch {
            throw Problem(.payloadTooLarge, "the body is larger than \(maximumBodySize) bytes")
        }
        let data = Data(buffer.readableBytesView)
        if data.isEmpty, emptyAllowed { return (data, try JSONBody([:], allowed: allowed)) }
        return (data, try JSONBody.parse(data, allowed: allowed))
    }

    /// What `If-Match` asks for: a version (`"7"`, also weak `W/"7"`), or `*`, any current version
    /// (RFC 9110: the idea must exist, whatever its version).
    enum IfMatch: Equatable {
        case anyVersion
        case version(Int)

        /// The version a command must find, if any.
        var expectedVersion: Int? {
            if case .version(let version) = self { return version }
            return nil
        }
    }

    /// The request's `If-Match`, or `nil` without one; an empty or malformed one is a 400.
    static func ifMatch(_ request: Request) throws -> IfMatch? {
        guard let header = request.headers[.ifMatch] else { return nil }
        var text = header.trimmingCharacters(in: .whitespaces)
        if text == "*" { return .anyVersion }
        if text.hasPrefix("W/") { text.removeFirst(2) }
        // The ETag is quoted ("7"); a bare number is taken too. No idea is at version 0, so
        // "0" is a precondition that fails (412), like any version the idea is not at.
        if text.count >= 2, text.hasPrefix("\""), text.hasSuffix("\"") { text = String(text.dropFirst().dropLast()) }
        guard (1...18).contains(text.count), text.allSatisfy(\.isASCII), let version = Int(text), version >= 0 else {
            throw Problem(.invalidBody, "If-Match takes the idea's ETag, such as \"7\", or *")
        }
        return .version(version)
    }

    /// `application/json`, in any case, with or without parameters (`; charset=utf-8`): the media
    /// type itself must match exactly, so `application/jsonx` or `text/json` are not JSON.
    static func isJSON(_ contentType: String) -> Bool {
        let mediaType = contentType.split(separator: ";", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
        return mediaType.trimmingCharacters(in: .whitespaces).lowercased() == "application/json"
    }
}

extension APIContext {
    /// The language a person asked for: `?language=` (a language the pages do not speak is a
    /// 400), else the first of `Accept-Language` they speak, else the server's default.
    func language(of request: Request) throws -> String {
        if let asked = request.uri.queryParameters["language"].map(String.init) {
            guard wording.codes.contains(asked) else {
                throw Problem(
                    .invalidBody,
                    "language '\(asked.prefix(20))' is not one of \(wording.codes.sorted().joined(separator: ", "))")
            }
            return asked
        }
        return wording.language(accepting: request.headers[.acceptLanguage])
    }
}
