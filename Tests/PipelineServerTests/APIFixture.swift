import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import PipelineCore
import PipelineDefinition
import PipelineServer
import PipelineStore
import PipelineStoreSQLite
import PipelineTestSupport
import Testing

/// A server on a fresh SQLite file, with a token for every role, tested over real HTTP.
struct APIFixture: Sendable {
    static let packageRoot = TestPaths.packageRoot
    static let library = BundledWorkflows.library
    typealias Person = TestPerson

    let store: SQLiteStore
    let folder: URL
    let tokens: [Person: String]

    init() async throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("pipeline-api-\(UUID().uuidString)")
        store = try SQLiteStore(path: folder.appendingPathComponent("pipeline.sqlite").path)
        tokens = try await TestPerson.issueTokens(into: store, now: Date())
    }

    func cleanup() { try? FileManager.default.removeItem(at: folder) }

    /// The 28 labour-market regions of `config/regions.txt`, as `pipeline serve` loads them.
    static let regions: [String] = {
        let text =
            (try? String(
                contentsOf: packageRoot.appendingPathComponent("config/regions.txt"), encoding: .utf8)) ?? ""
        return text.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty && !$0.hasPrefix("#") }
    }()

    func configuration(_ maximumBodySize: Int = 1 << 20, clock: (any WallClock)? = nil) -> ServerConfiguration {
        var configuration = ServerConfiguration(host: "127.0.0.1", port: 0, maximumBodySize: maximumBodySize)
        configuration.webhookAllowedNetworks = ["127.0.0.0/8"]
        configuration.regions = APIFixture.regions
        if let clock { configuration.clock = clock }
        return configuration
    }

    /// Runs `body` against a live server on 127.0.0.1 (on `clock`'s time when given).
    func withServer<T: Sendable>(
        maximumBodySize: Int = 1 << 20, clock: (any WallClock)? = nil, library: WorkflowLibrary = APIFixture.library,
        _ body: @Sendable (APIClient) async throws -> T
    ) async throws -> T {
        let app = try PipelineServer.application(
            store: store, library: library,
            configuration: configuration(maximumBodySize, clock: clock))
        return try await app.test(.live) { client in
            try await body(APIClient(client: client, tokens: tokens))
        }
    }
}

/// One HTTP answer, with its body parsed as JSON when it is JSON.
struct Reply: Sendable {
    let status: Int
    let headers: HTTPFields
    let body: Data

    var json: [String: Any] { (try? JSONSerialization.jsonObject(with: body) as? [String: Any]) ?? [:] }
    var text: String { String(decoding: body, as: UTF8.self) }
    var problemType: String? { (json["type"] as? String)?.components(separatedBy: "/").last }
    var etag: String? { headers[.eTag] }
}

struct APIClient: Sendable {
    let client: any TestClientProtocol
    let tokens: [APIFixture.Person: String]

    var port: Int? { client.port }

    func send(
        _ method: HTTPRequest.Method, _ path: String, as person: APIFixture.Person? = .facilitator, json: String? = nil,
        raw: Data? = nil, headers extra: [String: String] = [:]
    ) async throws -> Reply {
        var headers: HTTPFields = [:]
        if let person, let token = tokens[person] { headers[.authorization] = "Bearer \(token)" }
        if json != nil || raw != nil { headers[.contentType] = "application/json" }
        for (name, value) in extra { headers[HTTPField.Name(name)!] = value }
        let body = raw.map { ByteBuffer(bytes: $0) } ?? json.map { ByteBuffer(string: $0) }
        let response = try await client.executeRequest(uri: path, method: method, headers: headers, body: body)
        return Reply(
            status: Int(response.status.code), headers: response.headers, body: Data(response.body.readableBytesView))
    }

    /// Submits an idea for the practice with the fields the proposal needs; returns its id.
    func submitIdea(as person: APIFixture.Person = .practice, organisation: String? = nil) async throws -> String {
        let summary = String(repeating: "Een regionaal loket voor stageplaatsen. ", count: 3)
        let org = organisation.map { ", \"organisation\": \"\($0)\"" } ?? ""
        let reply = try await send(
            .post, "/v1/ideas", as: person,
            json: """
                {"workflow": "primary-care-innovation", "region": "Twente"\(org),
                 "fields": {"title": "Regionale stagedesk", "summary": "\(summary)", "theme": "onderwijsvernieuwing"}}
                """)
        #expect(reply.status == 201, "\(reply.text)")
        return reply.json["id"] as? String ?? ""
    }

    func version(of id: String) async throws -> Int {
        try await send(.get, "/v1/ideas/\(id)").json["version"] as? Int ?? 0
    }

    /// PATCHes fields with the current version as If-Match.
    @discardableResult
    func update(_ id: String, _ fields: String, as person: APIFixture.Person = .practice) async throws -> Reply {
        let version = try await version(of: id)
        return try await send(
            .patch, "/v1/ideas/\(id)", as: person, json: "{\"fields\": \(fields)}",
            headers: ["If-Match": "\"\(version)\""])
    }

    /// Moves a fresh idea into the business case stage.
    func ideaInBusinessCase() async throws -> String {
        let id = try await submitIdea()
        try await update(id, #"{"problem": "Te weinig stageplaatsen", "partners": ["mbo"]}"#)
        #expect(try await send(.post, "/v1/ideas/\(id)/approvals", json: "{}").status == 200)
        #expect(try await send(.post, "/v1/ideas/\(id)/decisions", json: #"{"decision": "go"}"#).status == 200)
        return id
    }
}
