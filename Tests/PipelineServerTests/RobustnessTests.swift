import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import PipelineServer
import PipelineTestSupport
import Testing

@Suite("Idempotency, concurrency and bad input")
struct RobustnessTests {
    @Test("a retried POST with the same Idempotency-Key has one effect and the first answer")
    func idempotentRetry() async throws {
        let fixture = try await APIFixture()
        defer { fixture.cleanup() }
        try await fixture.withServer { api in
            let id = try await api.submitIdea()
            let headers = ["Idempotency-Key": "comment-1"]
            let first = try await api.send(
                .post, "/v1/ideas/\(id)/comments", json: #"{"text": "Eén keer"}"#, headers: headers)
            let second = try await api.send(
                .post, "/v1/ideas/\(id)/comments", json: #"{"text": "Eén keer"}"#, headers: headers)
            #expect(first.status == 200)
            #expect(second.status == 200)
            #expect(second.body == first.body)
            #expect(second.headers[HTTPField.Name("Idempotency-Replayed")!] == "true")
            let history = try await api.send(.get, "/v1/ideas/\(id)/history").json["events"] as? [[String: Any]] ?? []
            #expect(history.filter { $0["type"] as? String == "idea.commented" }.count == 1)

            let other = try await api.send(
                .post, "/v1/ideas/\(id)/comments", json: #"{"text": "Iets anders"}"#, headers: headers)
            #expect(other.status == 422)
            #expect(other.problemType == "idempotency-key-reused")

            // Submitting twice with one key makes one idea.
            let body = #"{"workflow": "quick-wins", "region": "Twente", "fields": {"title": "t", "summary": "s"}}"#
            let a = try await api.send(
                .post, "/v1/ideas", as: .practice, json: body, headers: ["Idempotency-Key": "submit-1"])
            let b = try await api.send(
                .post, "/v1/ideas", as: .practice, json: body, headers: ["Idempotency-Key": "submit-1"])
            #expect(a.status == 201)
            #expect(a.json["id"] as? String == b.json["id"] as? String)
            // A refusal is replayed too: the first answer stands.
            let refused = try await api.send(
                .post, "/v1/ideas/\(id)/decisions", json: #"{"decision": "go"}"#, headers: ["Idempotency-Key": "go-1"])
            let replayed = try await api.send(
                .post, "/v1/ideas/\(id)/decisions", json: #"{"decision": "go"}"#, headers: ["Idempotency-Key": "go-1"])
            #expect(refused.status == 409)
            #expect(replayed.status == 409)
            #expect(replayed.body == refused.body)
        }
    }

    @Test("concurrent updates with the same If-Match: one wins, the rest get 412")
    func concurrentIfMatch() async throws {
        let fixture = try await APIFixture()
        defer { fixture.cleanup() }
        try await fixture.withServer { api in
            let id = try await api.submitIdea()
            let version = try await api.version(of: id)
            let port = try #require(api.port)
            let token = try #require(fixture.tokens[.practice])
            let statuses = try await withThrowingTaskGroup(of: Int.self) { group in
                for client in 0..<12 {
                    group.addTask {
                        try await TestClient.withClient(host: "127.0.0.1", port: port) { http in
                            let response = try await http.execute(
                                .init(
                                    "/v1/ideas/\(id)", method: .patch,
                                    headers: [
                                        .authorization: "Bearer \(token)", .contentType: "application/json",
                                        .ifMatch: "\"\(version)\"",
                                    ],
                                    body: ByteBuffer(string: "{\"fields\": {\"problem\": \"client \(client)\"}}")))
                            return Int(response.head.status.code)
                        }
                    }
                }
                return try await group.reduce(into: [Int]()) { $0.append($1) }
            }
            #expect(statuses.filter { $0 == 200 }.count == 1, "\(statuses)")
            #expect(statuses.filter { $0 == 412 }.count == 11, "\(statuses)")
            #expect(try await api.version(of: id) == version + 1)
        }
    }

    @Test("PATCH without If-Match is 428; with a stale one 412; with garbage 400")
    func preconditions() async throws {
        let fixture = try await APIFixture()
        defer { fixture.cleanup() }
        try await fixture.withServer { api in
            let id = try await api.submitIdea()
            let body = #"{"fields": {"problem": "x"}}"#
            #expect(try await api.send(.patch, "/v1/ideas/\(id)", as: .practice, json: body).status == 428)
            #expect(
                try await api.send(.patch, "/v1/ideas/\(id)", as: .practice, json: body, headers: ["If-Match": "\"9\""])
                    .status == 412)
            #expect(
                try await api.send(.patch, "/v1/ideas/\(id)", as: .practice, json: body, headers: ["If-Match": "abc"])
                    .status == 400)
            #expect(try await api.version(of: id) == 1)
        }
    }

    /// Hostile bodies for every route that takes one; each must be a 4xx problem and change nothing.
    static let badBodies: [(name: String, raw: Data, status: Int)] = [
        ("malformed JSON", Data("{\"text\": ".utf8), 400),
        ("not an object", Data("[1, 2]".utf8), 400),
        ("invalid UTF-8", Data([0x7B, 0x22, 0x74, 0x22, 0x3A, 0x22, 0xFF, 0xFE, 0x22, 0x7D]), 400),
        ("unknown member", Data("{\"zzz\": 1}".utf8), 400),
        ("huge number", Data("{\"fields\": {\"cost_eur\": 1e400}, \"text\": 1e400}".utf8), 400),
        ("empty body", Data(), 400),
        ("deep nesting", Data((String(repeating: "[", count: 5_000) + String(repeating: "]", count: 5_000)).utf8), 400),
        ("wrong type", Data("{\"text\": 5, \"fields\": 5, \"comment\": 5, \"decision\": 5, \"scores\": 5}".utf8), 400),
    ]

    @Test("bad input gets a 4xx problem on every route with a body, and changes nothing")
    func badInput() async throws {
        let fixture = try await APIFixture()
        defer { fixture.cleanup() }
        try await fixture.withServer(maximumBodySize: 64 * 1024) { api in
            let id = try await api.submitIdea()
            let routes: [(HTTPRequest.Method, String)] = [
                (.post, "/v1/ideas"), (.patch, "/v1/ideas/\(id)"), (.post, "/v1/ideas/\(id)/approvals"),
                (.post, "/v1/ideas/\(id)/reviews"), (.post, "/v1/ideas/\(id)/decisions"),
                (.post, "/v1/ideas/\(id)/comments"), (.post, "/v1/ideas/\(id)/conditions/1/met"),
                (.put, "/v1/ideas/\(id)/owner"), (.put, "/v1/ideas/\(id)/co-organisations"),
                (.put, "/v1/ideas/\(id)/gatekeepers"),
            ]
            for (method, path) in routes {
                for bad in Self.badBodies {
                    let reply = try await api.send(method, path, raw: bad.raw, headers: ["If-Match": "\"1\""])
                    // Meeting a condition takes no body: the engine answers (the idea has no condition 1).
                    let expected = bad.raw.isEmpty && path.hasSuffix("/met") ? 422 : bad.status
                    #expect((400..<500).contains(reply.status), "\(bad.name) on \(method) \(path): \(reply.status)")
                    #expect(reply.status == expected, "\(bad.name) on \(method) \(path): \(reply.text)")
                    #expect(reply.headers[.contentType] == "application/problem+json")
                }
                let plain = try await api.send(
                    method, path, json: nil, raw: nil, headers: ["Content-Type": "text/plain", "If-Match": "\"1\""])
                #expect(plain.status == 415, "\(method) \(path): \(plain.status)")
                #expect(try await api.send(method, path, as: nil, json: "{}").status == 401)
            }
            #expect(try await api.version(of: id) == 1, "nothing changed")
            let ideas = try await api.send(.get, "/v1/ideas").json["ideas"] as? [Any]
            #expect(ideas?.count == 1, "no idea was created by bad input")
        }
    }

    @Test("wrong tokens, unknown ideas, workflows, stages and decisions")
    func unknowns() async throws {
        let fixture = try await APIFixture()
        defer { fixture.cleanup() }
        try await fixture.withServer { api in
            let id = try await api.ideaInBusinessCase()
            let client = api.client
            let bad = try await client.executeRequest(
                uri: "/v1/ideas", method: .get, headers: [.authorization: "Bearer pl_not-a-token"], body: nil)
            #expect(bad.status == .unauthorized)
            let basic = try await client.executeRequest(
                uri: "/v1/ideas", method: .get, headers: [.authorization: "Basic YTpi"], body: nil)
            #expect(basic.status == .unauthorized)
            #expect(try await api.send(.get, "/v1/ideas/no-such-idea").status == 404)
            #expect(try await api.send(.get, "/v1/workflows/nope").status == 404)
            #expect(try await api.send(.get, "/v1/nothing-here").status == 404)
            let unknownWorkflow = try await api.send(
                .post, "/v1/ideas", as: .practice, json: #"{"workflow": "nope", "region": "Twente", "fields": {}}"#)
            #expect(unknownWorkflow.status == 404)
            let recycle = try await api.send(
                .post, "/v1/ideas/\(id)/decisions", json: #"{"decision": "recycle", "to": "nowhere", "reason": "x"}"#)
            #expect(recycle.status == 422)
            #expect(recycle.json["detail"] as? String == "unknown stage 'nowhere'")
            #expect(recycle.json["code"] as? String == "recycle_unknown_stage", "the refusal's code beside its words")
            #expect(try await api.send(.post, "/v1/ideas/\(id)/decisions", json: #"{"decision": "fly"}"#).status == 400)
            let fields = try await api.update(id, #"{"cost_eur": -5, "colour": "blue"}"#)
            #expect(fields.status == 422)
            let problems = fields.json["invalid_fields"] as? [[String: String]]
            #expect(
                problems == [
                    ["field": "colour", "code": "field_unknown", "message": "unknown field"],
                    ["field": "cost_eur", "code": "field_below_minimum", "message": "is -5; at least 0"],
                ])
            #expect(fields.json["code"] == nil, "each field problem has its code")
            #expect(try await api.send(.get, "/v1/ideas?limit=0").status == 400)
            #expect(try await api.send(.get, "/v1/ideas?cursor=garbage").status == 422)
            #expect(try await api.send(.get, "/v1/ideas?sort=up").status == 400)
            #expect(try await api.send(.get, "/v1/reports/counts?by=colour").status == 400)
        }
    }

    @Test("only application/json (with parameters, in any case) is JSON; every other type is 415 on every body route")
    func contentTypes() async throws {
        let fixture = try await APIFixture()
        defer { fixture.cleanup() }
        try await fixture.withServer { api in
            let id = try await api.submitIdea()
            let routes: [(HTTPRequest.Method, String, TestPerson)] = [
                (.post, "/v1/ideas", .facilitator), (.patch, "/v1/ideas/\(id)", .facilitator),
                (.post, "/v1/ideas/\(id)/comments", .facilitator), (.post, "/v1/ideas/\(id)/decisions", .facilitator),
                (.post, "/v1/ideas/\(id)/conditions/1/met", .facilitator), (.post, "/v1/webhooks", .admin),
                (.put, "/v1/ideas/\(id)/owner", .facilitator), (.put, "/v1/ideas/\(id)/co-organisations", .facilitator),
                (.put, "/v1/ideas/\(id)/gatekeepers", .facilitator),
            ]
            let refused = [
                "application/jsonx", "application/json-patch+json", "text/json", "application/x-www-form-urlencoded",
                "text/plain; charset=utf-8", "application/xml", "json",
            ]
            for (method, path, person) in routes {
                for type in refused {
                    let reply = try await api.send(
                        method, path, as: person, raw: Data("{}".utf8),
                        headers: ["Content-Type": type, "If-Match": "\"1\""])
                    #expect(reply.status == 415, "\(type) on \(method) \(path): \(reply.status)")
                }
                for type in ["application/json; charset=utf-8", "Application/JSON", "application/json ; charset=UTF-8"]
                {
                    let reply = try await api.send(
                        method, path, as: person, raw: Data("{}".utf8),
                        headers: ["Content-Type": type, "If-Match": "\"1\""])
                    #expect(reply.status != 415, "\(type) on \(method) \(path)")
                }
            }
        }
    }

    @Test("every path answers a method it does not take with 405 and Allow; HEAD wherever GET, without a body")
    func methodsAndHead() async throws {
        let fixture = try await APIFixture()
        defer { fixture.cleanup() }
        let routes = try PipelineServer.routes(store: fixture.store, library: APIFixture.library)
        try await fixture.withServer { api in
            let id = try await api.submitIdea()
            var allowed: [String: Set<String>] = [:]
            for route in routes {
                let parts = route.split(separator: " ", maxSplits: 1).map(String.init)
                let path = parts[1].replacingOccurrences(of: "{id}", with: id)
                    .replacingOccurrences(of: "{type}", with: "idea.submitted")
                    .replacingOccurrences(of: "{number}", with: "1").replacingOccurrences(of: "{name}", with: "Twente")
                allowed[path, default: []].insert(parts[0])
            }
            for (path, methods) in allowed {
                for method in [
                    HTTPRequest.Method.put, .delete, .patch, .post, .get, .options, .trace, .init("PROPFIND")!,
                ]
                where !methods.contains(method.rawValue) {
                    let reply = try await api.send(method, path)
                    #expect(reply.status == 405, "\(method) \(path): \(reply.status)")
                    #expect(reply.problemType == "method-not-allowed", "\(method) \(path)")
                    let allow = Set(
                        (reply.headers[.allow] ?? "").split(separator: ",").map {
                            $0.trimmingCharacters(in: .whitespaces)
                        })
                    let expected = methods.union(methods.contains("GET") ? ["HEAD"] : [])
                    #expect(allow == expected, "\(method) \(path): Allow \(allow)")
                }
                guard methods.contains("GET") else { continue }
                let get = try await api.send(.get, path)
                let head = try await api.send(.head, path)
                #expect(head.status == get.status, "HEAD \(path)")
                #expect(head.body.isEmpty, "HEAD \(path) has no body")
                #expect(head.headers[.contentType] == get.headers[.contentType], "HEAD \(path)")
            }
            #expect(try await api.send(.head, "/v1/ideas", as: nil).status == 401)
            #expect(try await api.send(.head, "/v1/no/such/path").status == 404)
        }
    }

    @Test(
        "a body too large is answered with 413 on every body route, and the connection is closed, not read to its end")
    func tooLargeCloses() async throws {
        let fixture = try await APIFixture()
        defer { fixture.cleanup() }
        try await fixture.withServer(maximumBodySize: 64 * 1024) { api in
            let port = try #require(api.port)
            let token = try #require(api.tokens[.admin])
            let id = try await api.submitIdea()
            let routes = [
                "POST /v1/ideas", "PATCH /v1/ideas/\(id)", "POST /v1/ideas/\(id)/approvals",
                "POST /v1/ideas/\(id)/reviews", "POST /v1/ideas/\(id)/decisions", "POST /v1/ideas/\(id)/comments",
                "POST /v1/ideas/\(id)/conditions/1/met", "POST /v1/webhooks", "PUT /v1/ideas/\(id)/owner",
                "PUT /v1/ideas/\(id)/co-organisations", "PUT /v1/ideas/\(id)/gatekeepers",
            ]
            for route in routes {
                let (status, closed) = try await onOwnThread {
                    try RawConnection.sendOversizedBody(
                        route, port: port, token: token, declared: 200 << 20, sent: 1 << 20)
                }
                #expect(status.hasPrefix("HTTP/1.1 413"), "\(route): \(status)")
                #expect(status.lowercased().contains("connection: close"), "\(route)")
                #expect(closed, "\(route): the server ended the connection instead of reading 200 MiB")
            }
            #expect(try await api.version(of: id) == 1, "nothing changed")
        }
    }
    @Test("If-Match: * accepts any version (RFC 9110), a version the idea is not at is 412, a malformed one 400")
    func ifMatchForms() async throws {
        let fixture = try await APIFixture()
        defer { fixture.cleanup() }
        try await fixture.withServer { api in
            let id = try await api.submitIdea()
            // Each update changes the idea, so its version counts up from 1.
            for (number, header) in ["*", " * ", "\"3\"", "W/\"4\"", "5"].enumerated() {
                let fields = #"{"fields": {"problem": "Te weinig stageplaatsen \#(number)"}}"#
                let reply = try await api.send(
                    .patch, "/v1/ideas/\(id)", as: .practice, json: fields, headers: ["If-Match": header])
                #expect(reply.status == 200, "If-Match \(header): \(reply.text)")
            }
            #expect(try await api.version(of: id) == 6)
            let fields = #"{"fields": {"problem": "Nog eens"}}"#
            for (header, status) in [
                ("\"1\"", 412), ("0", 412), ("", 400), ("\"\"", 400), ("abc", 400), ("\"-1\"", 400),
            ] {
                let reply = try await api.send(
                    .patch, "/v1/ideas/\(id)", as: .practice, json: fields, headers: ["If-Match": header])
                #expect(reply.status == status, "If-Match '\(header)': \(reply.text)")
                let comment = try await api.send(
                    .post, "/v1/ideas/\(id)/comments", json: #"{"text": "x"}"#, headers: ["If-Match": header])
                #expect(comment.status == status, "comment with If-Match '\(header)': \(comment.text)")
            }
            let star = try await api.send(
                .post, "/v1/ideas/\(id)/comments", json: #"{"text": "x"}"#, headers: ["If-Match": "*"])
            #expect(star.status == 200)
            #expect(
                try await api.send(
                    .post, "/v1/ideas/nope/comments", json: #"{"text": "x"}"#, headers: ["If-Match": "*"]
                ).status == 404)
        }
    }

    @Test("null is not a string: a text member sent as null is 400, not taken as left out")
    func nullMembers() async throws {
        let fixture = try await APIFixture()
        defer { fixture.cleanup() }
        try await fixture.withServer { api in
            let id = try await api.submitIdea()
            for (path, body) in [
                ("/v1/ideas/\(id)/comments", #"{"text": null}"#), ("/v1/ideas/\(id)/approvals", #"{"comment": null}"#),
                ("/v1/ideas/\(id)/decisions", #"{"decision": "resume", "reason": null}"#),
                ("/v1/ideas", #"{"workflow": "quick-wins", "region": "Twente", "organisation": null}"#),
            ] {
                let reply = try await api.send(.post, path, json: body)
                #expect(reply.status == 400, "\(path) \(body): \(reply.text)")
            }
            #expect(try await api.version(of: id) == 1)
        }
    }

    @Test("headers too large are answered (400, Connection: close) and the connection is closed")
    func tooLargeHeadersClose() async throws {
        let fixture = try await APIFixture()
        defer { fixture.cleanup() }
        try await fixture.withServer { api in
            let port = try #require(api.port)
            let (status, closed) = try await onOwnThread {
                try RawConnection.raw(
                    "GET /v1/ideas HTTP/1.1\r\nHost: x\r\nX-Big: \(String(repeating: "a", count: 200_000))\r\n\r\n",
                    port: port)
            }
            #expect(status.hasPrefix("HTTP/1.1 4"), "\(status)")
            #expect(status.lowercased().contains("connection: close"), "\(status)")
            #expect(closed, "the server ended the connection")
        }
    }
}

/// A client on a plain socket, for what HTTP libraries hide: a body that keeps coming.
enum RawConnection {
    /// Declares a body of `declared` bytes, sends `sent` of them, and reads the answer: its head,
    /// and whether the server then closed the connection (read returns 0 or fails) within 10 s.
    static func sendOversizedBody(
        _ route: String, port: Int, token: String?, declared: Int, sent: Int
    ) throws -> (String, Bool) {
        let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(socket) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard connected == 0 else { throw POSIXError(.ECONNREFUSED) }
        var timeout = timeval(tv_sec: 10, tv_usec: 0)
        setsockopt(socket, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        setsockopt(socket, SOL_SOCKET, SO_SNDTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        // Without a token, `route` is the whole request, sent as it is.
        let text =
            token.map { token in
                "\(route) HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer \(token)\r\nIf-Match: \"1\"\r\n"
                    + "Content-Type: application/json\r\nContent-Length: \(declared)\r\n\r\n"
            } ?? route
        let head = Array(text.utf8)
        _ = head.withUnsafeBytes { send(socket, $0.baseAddress, head.count, Int32(MSG_NOSIGNAL)) }
        let chunk = [UInt8](repeating: 0x20, count: 64 * 1024)
        var written = 0
        while written < sent {
            let count = chunk.withUnsafeBytes { send(socket, $0.baseAddress, chunk.count, Int32(MSG_NOSIGNAL)) }
            if count <= 0 { break }
            written += count
        }
        var answer = [UInt8]()
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = read(socket, &buffer, buffer.count)
            if count == 0 { return (String(decoding: answer, as: UTF8.self), true) }
            if count < 0 { return (String(decoding: answer, as: UTF8.self), errno == ECONNRESET) }
            answer += buffer[..<count]
        }
    }

    /// Sends `text` as it is and reads the answer until the server closes (10 s at most).
    static func raw(_ text: String, port: Int) throws -> (String, Bool) {
        try sendOversizedBody(text, port: port, token: nil, declared: 0, sent: 0)
    }
}
