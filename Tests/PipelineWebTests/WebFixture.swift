import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import PipelineCore
import PipelineDefinition
import PipelineServer
import PipelineStore
import PipelineStoreSQLite
import PipelineTestSupport
import Testing

/// A server on a fresh SQLite file, with a token for every role; pages tested over real HTTP.
struct WebFixture: Sendable {
    static let packageRoot = TestPaths.packageRoot
    static let library = BundledWorkflows.library
    typealias Person = TestPerson

    let store: SQLiteStore
    let folder: URL
    let tokens: [Person: String]

    init() async throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("pipeline-web-\(UUID().uuidString)")
        store = try SQLiteStore(path: folder.appendingPathComponent("pipeline.sqlite").path)
        tokens = try await TestPerson.issueTokens(into: store, now: Date())
    }

    /// The SQLite file: another store on it is another instance's view of the same database.
    var path: String { folder.appendingPathComponent("pipeline.sqlite").path }

    func cleanup() { try? FileManager.default.removeItem(at: folder) }

    /// Runs `body` against a live server on 127.0.0.1, then removes the database. The pages read
    /// the time from `clock`. They speak `language`: English, which most tests read, unless a test
    /// asks for another one, or for none (`nil`: the server's own default, Dutch).
    static func withServer(
        clock: any WallClock = SystemClock(), regions: [String] = WebFixture.regions, language: String? = "en",
        _ body: @Sendable (WebClient) async throws -> Void
    ) async throws {
        let fixture = try await WebFixture()
        defer { fixture.cleanup() }
        try await fixture.serve(fixture.store, clock: clock, regions: regions, language: language, body)
    }

    /// The regions the pages' tests submit in; a test of the regions' pages passes all 28.
    static let regions = ["Twente", "Rijnmond", "Utrecht en omgeving"]

    /// Runs `body` against a live server on `store` until it ends.
    func serve(
        _ store: SQLiteStore, clock: any WallClock, regions: [String] = WebFixture.regions,
        language: String? = "en", _ body: @Sendable (WebClient) async throws -> Void
    ) async throws {
        var configuration = ServerConfiguration(host: "127.0.0.1", port: 0)
        if let language { configuration.language = language }
        configuration.regions = regions
        configuration.webhookAllowedNetworks = ["127.0.0.0/8"]
        configuration.clock = clock
        let app = try PipelineServer.application(
            store: store, library: WebFixture.library, configuration: configuration)
        try await app.test(.live) { client in
            try await body(WebClient(client: client, tokens: tokens, store: store))
        }
    }
}

/// One HTTP answer.
struct Reply: Sendable {
    let status: Int
    let headers: HTTPFields
    let body: Data

    var text: String { String(decoding: body, as: UTF8.self) }
    var json: [String: Any] { (try? JSONSerialization.jsonObject(with: body) as? [String: Any]) ?? [:] }
    var location: String? { headers[.location] }
    var setCookie: String? { headers[.setCookie] }

    /// The CSRF token of the first form on the page.
    var csrf: String? {
        guard let range = text.range(of: "name=\"_csrf\" value=\"") else { return nil }
        return String(text[range.upperBound...].prefix { $0 != "\"" })
    }
}

/// A signed-in browser: its session cookie and its forms' CSRF token.
struct Browser: Sendable {
    let cookie: String
    let csrf: String
}

struct WebClient: Sendable {
    let client: any TestClientProtocol
    let tokens: [WebFixture.Person: String]
    let store: SQLiteStore

    func get(_ path: String, _ browser: Browser? = nil, headers extra: [String: String] = [:]) async throws -> Reply {
        var headers: HTTPFields = [:]
        if let browser { headers[.cookie] = browser.cookie }
        for (name, value) in extra { headers[HTTPField.Name(name)!] = value }
        return try await send(.get, path, headers: headers, body: nil)
    }

    /// Posts a form; the browser's CSRF token is added unless `csrf` says otherwise.
    func post(
        _ path: String, _ browser: Browser?, form: [(String, String)], csrf: String? = nil,
        headers extra: [String: String] = [:]
    ) async throws -> Reply {
        var headers: HTTPFields = [.contentType: "application/x-www-form-urlencoded"]
        if let browser { headers[.cookie] = browser.cookie }
        for (name, value) in extra { headers[HTTPField.Name(name)!] = value }
        var pairs = form
        if let token = csrf ?? browser?.csrf { pairs.append(("_csrf", token)) }
        let body = pairs.map { "\(Self.encode($0.0))=\(Self.encode($0.1))" }.joined(separator: "&")
        return try await send(.post, path, headers: headers, body: ByteBuffer(string: body))
    }

    /// Signs in through the form and reads the CSRF token from the first page.
    func signIn(_ person: WebFixture.Person) async throws -> Browser {
        try await signIn(token: tokens[person]!)
    }

    /// Signs in with any token, such as a person's of the register.
    func signIn(token: String) async throws -> Browser {
        let reply = try await post("/signin", nil, form: [("token", token), ("next", "/funnel")])
        #expect(reply.status == 303, "\(reply.text)")
        let cookie = try #require(reply.setCookie?.split(separator: ";").first.map(String.init))
        let page = try await get("/funnel", Browser(cookie: cookie, csrf: ""))
        return Browser(cookie: cookie, csrf: try #require(page.csrf))
    }

    /// A call to the JSON API with a person's bearer token.
    func api(
        _ method: HTTPRequest.Method, _ path: String, as person: WebFixture.Person = .facilitator, json: String? = nil,
        headers extra: [String: String] = [:]
    ) async throws -> Reply {
        var headers: HTTPFields = [.authorization: "Bearer \(tokens[person]!)"]
        if json != nil { headers[.contentType] = "application/json" }
        for (name, value) in extra { headers[HTTPField.Name(name)!] = value }
        return try await send(method, path, headers: headers, body: json.map { ByteBuffer(string: $0) })
    }

    /// Submits an idea for the practice through the API; returns its id.
    func submitIdea(
        title: String = "Regionale stagedesk", region: String = "Twente", theme: String = "onderwijsvernieuwing"
    )
        async throws -> String
    {
        let summary = String(repeating: "Een regionaal loket voor stageplaatsen. ", count: 3)
        let title = title.replacingOccurrences(of: "\"", with: "\\\"")
        let reply = try await api(
            .post, "/v1/ideas", as: .practice,
            json: """
                {"workflow": "primary-care-innovation", "region": "\(region)",
                 "fields": {"title": "\(title)", "summary": "\(summary)", "theme": "\(theme)"}}
                """)
        #expect(reply.status == 201, "\(reply.text)")
        return reply.json["id"] as? String ?? ""
    }

    func version(of id: String) async throws -> Int {
        try await api(.get, "/v1/ideas/\(id)").json["version"] as? Int ?? 0
    }

    private func send(_ method: HTTPRequest.Method, _ path: String, headers: HTTPFields, body: ByteBuffer?)
        async throws -> Reply
    {
        let response = try await client.executeRequest(uri: path, method: method, headers: headers, body: body)
        return Reply(
            status: Int(response.status.code), headers: response.headers, body: Data(response.body.readableBytesView))
    }

    static func encode(_ text: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return (text.addingPercentEncoding(withAllowedCharacters: allowed) ?? "").replacingOccurrences(
            of: "%20", with: "+")
    }
}

extension String {
    /// The text as Mustache escapes it in a page.
    var htmlEscaped: String {
        replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
            .replacingOccurrences(of: "'", with: "&#39;")
    }
}
