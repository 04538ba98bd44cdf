import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import PipelineWebhooks
import Testing

/// What a receiver on 127.0.0.1 saw.
actor Received {
    var requests: [(path: String, headers: HTTPFields, body: Data)] = []
    func add(_ path: String, _ headers: HTTPFields, _ body: Data) { requests.append((path, headers, body)) }
}

@Suite("Requests over real libcurl to a real receiver")
struct CurlClientTests {
    /// Runs `body` with the port of a receiver that records requests and answers by path.
    func withReceiver(_ body: @escaping @Sendable (Int, Received) async throws -> Void) async throws {
        let received = Received()
        let router = Router()
        router.post("hook") { request, _ -> Response in
            let data = try await request.body.collect(upTo: 1 << 20)
            await received.add("/hook", request.headers, Data(data.readableBytesView))
            return Response(status: .noContent)
        }
        router.post("fail") { request, _ -> Response in
            _ = try await request.body.collect(upTo: 1 << 20)
            await received.add("/fail", request.headers, Data())
            return Response(
                status: .internalServerError,
                body: .init(byteBuffer: ByteBuffer(string: String(repeating: "x", count: 10_000))))
        }
        router.post("redirect") { request, _ -> Response in
            _ = try await request.body.collect(upTo: 1 << 20)
            await received.add("/redirect", request.headers, Data())
            return Response(status: .found, headers: [.location: "/hook"])
        }
        router.post("slow") { request, _ -> Response in
            _ = try await request.body.collect(upTo: 1 << 20)
            try await Task.sleep(for: .seconds(3))
            return Response(status: .ok)
        }
        let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)))
        try await app.test(.live) { client in
            try await body(client.port ?? 0, received)
        }
    }

    func send(_ request: CurlRequest, _ policy: AddressPolicy) async -> CurlResponse {
        await CurlClient.perform(request, policy: policy)
    }

    @Test("a signed POST arrives with its headers and body; 2xx is success")
    func delivered() async throws {
        try await withReceiver { port, received in
            let policy = try AddressPolicy(allowing: ["127.0.0.0/8"])
            let body = Data(#"{"type":"idea.submitted"}"#.utf8)
            let signer = try WebhookSigner(secret: "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")
            let request = CurlRequest(
                url: "http://127.0.0.1:\(port)/hook",
                headers: [
                    ("webhook-id", "msg_1"), ("webhook-timestamp", "1790000000"),
                    ("webhook-signature", signer.signature(id: "msg_1", timestamp: 1_790_000_000, body: body)),
                ], body: body)
            let response = await send(request, policy)
            #expect(response.status == 204)
            #expect(response.succeeded)
            let seen = await received.requests
            #expect(seen.count == 1)
            #expect(seen.first?.body == body)
            #expect(seen.first?.headers[HTTPField.Name("webhook-id")!] == "msg_1")
            let signature = seen.first?.headers[HTTPField.Name("webhook-signature")!] ?? ""
            #expect(signature == signer.signature(id: "msg_1", timestamp: 1_790_000_000, body: body))
        }
    }

    @Test("an option libcurl refuses means nothing is sent, and the attempt says which option")
    func refusedOptionSendsNothing() async throws {
        try await withReceiver { port, received in
            // libcurl refuses strings longer than 8,000,000 bytes when the option is set.
            let url = "http://127.0.0.1:\(port)/hook?" + String(repeating: "a", count: 8_000_001)
            let response = await send(
                CurlRequest(url: url, headers: [], body: Data("{}".utf8)),
                try AddressPolicy(allowing: ["127.0.0.0/8"]))
            #expect(!response.succeeded)
            #expect(response.status == 0)
            #expect(response.error?.hasPrefix("not sent: libcurl refused the URL") == true, "\(response.error ?? "")")
            #expect(await received.requests.isEmpty)
        }
    }

    @Test("an address the guard refuses is recorded as refused, with the address and why, also for a name")
    func refusedByGuard() async throws {
        try await withReceiver { port, received in
            let strict = try AddressPolicy()
            let literal = await send(CurlRequest(url: "http://10.0.0.1:9/hook", headers: [], body: Data()), strict)
            #expect(literal.error == "refused: 10.0.0.1 is a private address")
            // A name is refused after it resolves: localhost is 127.0.0.1 (or ::1).
            let named = await send(
                CurlRequest(url: "http://localhost:\(port)/hook", headers: [], body: Data()), strict)
            #expect(named.error?.hasPrefix("refused: ") == true, "\(named.error ?? "")")
            #expect(named.error?.hasSuffix("is a loopback address") == true, "\(named.error ?? "")")
            #expect(await received.requests.isEmpty)
            // A port nobody listens on is a connection failure, not a refusal.
            let allowed = try AddressPolicy(allowing: ["127.0.0.0/8"])
            let down = await send(CurlRequest(url: "http://127.0.0.1:1/hook", headers: [], body: Data()), allowed)
            #expect(down.error?.hasPrefix("refused") == false, "\(down.error ?? "")")
        }
    }

    @Test("a 500 is a failure; only the first 4 KiB of the answer are kept")
    func failure() async throws {
        try await withReceiver { port, _ in
            let response = await send(
                CurlRequest(url: "http://127.0.0.1:\(port)/fail", headers: [], body: Data("{}".utf8)),
                try AddressPolicy(allowing: ["127.0.0.0/8"]))
            #expect(response.status == 500, "\(response.error ?? "")")
            #expect(!response.succeeded)
            #expect(response.body.count == 4_096)
        }
    }

    @Test("a redirect is a failure and is not followed")
    func redirect() async throws {
        try await withReceiver { port, received in
            let response = await send(
                CurlRequest(url: "http://127.0.0.1:\(port)/redirect", headers: [], body: Data("{}".utf8)),
                try AddressPolicy(allowing: ["127.0.0.0/8"]))
            #expect(response.status == 302)
            #expect(!response.succeeded)
            #expect(await received.requests.map(\.path) == ["/redirect"])
        }
    }

    @Test("the guard refuses loopback unless allowed, by address and by name")
    func guardRefuses() async throws {
        try await withReceiver { port, received in
            let strict = try AddressPolicy()
            for host in ["127.0.0.1", "localhost"] {
                let response = await send(
                    CurlRequest(url: "http://\(host):\(port)/hook", headers: [], body: Data("{}".utf8)), strict)
                #expect(response.status == 0, "\(host)")
                #expect(response.error != nil, "\(host)")
            }
            #expect(await received.requests.isEmpty)
        }
    }

    @Test("only http and https; a timeout is a failure")
    func protocolsAndTimeouts() async throws {
        try await withReceiver { port, _ in
            let policy = try AddressPolicy(allowing: ["127.0.0.0/8"])
            let file = await send(CurlRequest(url: "file:///etc/passwd", headers: [], body: Data()), policy)
            #expect(file.error != nil)
            #expect(file.body.isEmpty)
            var slow = CurlRequest(url: "http://127.0.0.1:\(port)/slow", headers: [], body: Data("{}".utf8))
            slow.totalTimeout = .milliseconds(500)
            let response = await send(slow, policy)
            #expect(response.error != nil)
            #expect(!response.succeeded)
        }
    }
}
