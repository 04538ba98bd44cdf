import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import PipelineWebhooks
import Testing

/// What the consumer received.
actor Consumer {
    var bodies: [Data] = []
    func add(_ body: Data) { bodies.append(body) }
}

@Suite("Webhooks over the API")
struct WebhookAPITests {
    @Test("an admin subscribes a receiver, pings it, and sees the signed deliveries and their attempts")
    func subscribeAndDeliver() async throws {
        let fixture = try await APIFixture()
        defer { fixture.cleanup() }
        let consumer = Consumer()
        let router = Router()
        router.post("hook") { request, _ -> Response in
            let data = try await request.body.collect(upTo: 1 << 20)
            await consumer.add(Data(data.readableBytesView))
            return Response(status: .noContent)
        }
        let receiver = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)))
        try await receiver.test(.live) { receiverClient in
            let port = try #require(receiverClient.port)
            try await fixture.withServer { api in
                let body =
                    #"{"url": "http://127.0.0.1:\#(port)/hook", "events": ["idea.*"], "description": "regio-dashboard"}"#
                #expect(try await api.send(.post, "/v1/webhooks", as: .facilitator, json: body).status == 403)
                let created = try await api.send(.post, "/v1/webhooks", as: .admin, json: body)
                #expect(created.status == 201, "\(created.text)")
                let id = try #require(created.json["id"] as? String)
                let secret = try #require(created.json["secret"] as? String)
                #expect(secret.hasPrefix("whsec_"))
                let listed = try await api.send(.get, "/v1/webhooks", as: .admin)
                #expect(!listed.text.contains(secret), "secrets are shown once only")

                let ping = try await api.send(.post, "/v1/webhooks/\(id)/ping", as: .admin)
                #expect(ping.json["delivered"] as? Bool == true, "\(ping.text)")
                #expect(ping.json["status"] as? Int == 204)

                let ideaID = try await api.submitIdea()
                let worker = DeliveryWorker(store: fixture.store, policy: try AddressPolicy(allowing: ["127.0.0.0/8"]))
                let deadline = Date().addingTimeInterval(30)
                while await consumer.bodies.count < 2, Date() < deadline {
                    if try await worker.deliverDue() == 0 { try await Task.sleep(for: .milliseconds(20)) }
                }
                let bodies = await consumer.bodies
                #expect(bodies.count == 2, "the ping and idea.submitted")
                let message = try #require(try JSONSerialization.jsonObject(with: bodies[1]) as? [String: Any])
                #expect(message["type"] as? String == "idea.submitted")
                let data = message["data"] as? [String: Any]
                #expect(data?["idea"] as? String == ideaID)
                #expect(data?["stage_after"] as? String == "proposal")

                let attempts = try await api.send(.get, "/v1/webhooks/\(id)/deliveries", as: .admin)
                #expect((attempts.json["attempts"] as? [[String: Any]])?.first?["status"] as? Int == 204)
                #expect(
                    try await api.send(.post, "/v1/webhooks/\(id)/pause", as: .admin).json["status"] as? String
                        == "paused")
                #expect(
                    try await api.send(.post, "/v1/webhooks/\(id)/resume", as: .admin).json["status"] as? String
                        == "active")
                #expect(try await api.send(.delete, "/v1/webhooks/\(id)", as: .admin).status == 204)
                #expect(try await api.send(.get, "/v1/webhooks/\(id)", as: .admin).status == 404)
            }
        }
    }

    @Test("subscriptions refuse bad addresses and unknown event types")
    func badSubscriptions() async throws {
        let fixture = try await APIFixture()
        defer { fixture.cleanup() }
        try await fixture.withServer { (api: APIClient) async throws in
            for body in [
                #"{"url": "ftp://example.org/x"}"#, #"{"url": "not a url"}"#,
                #"{"url": "https://example.org", "events": ["idea.exploded"]}"#,
            ] {
                #expect(try await api.send(.post, "/v1/webhooks", as: .admin, json: body).status == 422, "\(body)")
            }
            #expect(try await api.send(.post, "/v1/webhooks", as: .admin, json: #"{"url": 5}"#).status == 400)
            #expect(try await api.send(.get, "/v1/webhooks", as: .admin).json["webhooks"] as? [Any] != nil)
        }
    }
}
