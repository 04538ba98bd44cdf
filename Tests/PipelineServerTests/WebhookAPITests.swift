import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import PipelineTestSupport
import PipelineWebhooks
import Testing

/// What the consumer received.
actor Consumer {
    struct Signed {
        let id: String
        let timestamp: Int
        let signature: String
        let body: Data
    }

    var bodies: [Data] = []
    /// The messages that came from the delivery worker (not the ping).
    var signed: [Signed] = []

    func add(_ body: Data, headers: HTTPFields) {
        bodies.append(body)
        let id = headers[HTTPField.Name("webhook-id")!] ?? ""
        guard id.hasPrefix("evt_") else { return }
        signed.append(
            Signed(
                id: id, timestamp: Int(headers[HTTPField.Name("webhook-timestamp")!] ?? "") ?? 0,
                signature: headers[HTTPField.Name("webhook-signature")!] ?? "", body: body))
    }
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
            await consumer.add(Data(data.readableBytesView), headers: request.headers)
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
                #expect(data?["schema_version"] as? Int == 2)
                #expect(data?["link"] as? String == "/v1/ideas/\(ideaID)")
                let change = data?["change"] as? [String: Any]
                #expect(change?["workflow_id"] as? String == "primary-care-innovation", "the flat change of its type")
                #expect(change?["workflow_version"] as? Int == 1)

                // Rotate the secret: the next message carries both signatures, each valid for its secret.
                let rotated = try await api.send(
                    .post, "/v1/webhooks/\(id)/rotate", as: .admin, json: #"{"grace_hours": 1}"#)
                let newSecret = try #require(rotated.json["secret"] as? String)
                #expect(newSecret != secret)
                _ = try await api.send(
                    .post, "/v1/ideas/\(ideaID)/comments", as: .practice, json: #"{"text": "na rotatie"}"#)
                let rotationDeadline = Date().addingTimeInterval(30)
                while await consumer.signed.count < 2, Date() < rotationDeadline {
                    if try await worker.deliverDue() == 0 { try await Task.sleep(for: .milliseconds(20)) }
                }
                let last = try #require(await consumer.signed.last)
                let signatures = last.signature.split(separator: " ").map(String.init)
                #expect(signatures.count == 2)
                for (index, key) in [newSecret, secret].enumerated() {
                    let expected = try WebhookSigner(secret: key).signature(
                        id: last.id, timestamp: last.timestamp, body: last.body)
                    #expect(signatures[index] == expected)
                }

                let deliveries = try await api.send(.get, "/v1/webhooks/\(id)/deliveries", as: .admin)
                let messages = deliveries.json["deliveries"] as? [[String: Any]] ?? []
                #expect(messages.map { $0["type"] as? String } == ["idea.commented", "idea.submitted"], "newest first")
                let attempts = messages.first?["attempts"] as? [[String: Any]]
                #expect(attempts?.first?["status"] as? Int == 204)
                let submitted = try await api.send(
                    .get, "/v1/webhooks/\(id)/deliveries?type=idea.submitted&status=delivered&idea=\(ideaID)",
                    as: .admin)
                let only = submitted.json["deliveries"] as? [[String: Any]] ?? []
                #expect(only.count == 1)
                for bad in ["status=lost", "limit=0", "before=x", "colour=red"] {
                    let refused = try await api.send(.get, "/v1/webhooks/\(id)/deliveries?\(bad)", as: .admin)
                    #expect(refused.status == 400, "\(bad): \(refused.text)")
                }

                // Replay one delivered message: it arrives again with the same webhook-id.
                let replayID = try #require(only.first?["id"] as? Int)
                let replayed = try await api.send(
                    .post, "/v1/webhooks/\(id)/redeliver", as: .admin, json: #"{"delivery": \#(replayID)}"#)
                #expect(replayed.json["queued"] as? Int == 1, "\(replayed.text)")
                let replayDeadline = Date().addingTimeInterval(30)
                while await consumer.signed.count < 3, Date() < replayDeadline {
                    if try await worker.deliverDue() == 0 { try await Task.sleep(for: .milliseconds(20)) }
                }
                let signed = await consumer.signed
                #expect(signed.count == 3)
                #expect(signed.last?.id == only.first?["message_id"] as? String)
                let missing = try await api.send(
                    .post, "/v1/webhooks/\(id)/redeliver", as: .admin, json: #"{"delivery": 999999}"#)
                #expect(missing.status == 404)
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
            let misspelt = #"{"url": "https://example.org", "events": ["idea.*", "ide.*"]}"#
            let unknown = try await api.send(.post, "/v1/webhooks", as: .admin, json: misspelt)
            #expect(unknown.status == 422)
            let detail = unknown.json["detail"] as? String ?? ""
            #expect(detail.hasPrefix("unknown event type 'ide.*'"), "\(detail)")
            #expect(detail.contains("idea.advanced") && detail.contains("webhook.disabled"), "lists the known types")
            for events in [#"["*"]"#, #"["idea.*", "gate.approved"]"#, #"["webhook.disabled"]"#] {
                let body = #"{"url": "https://example.org", "events": \#(events)}"#
                #expect(try await api.send(.post, "/v1/webhooks", as: .admin, json: body).status == 201, "\(events)")
            }
            #expect(try await api.send(.get, "/v1/webhooks", as: .admin).json["webhooks"] as? [Any] != nil)
        }
    }

    @Test("a URL that could never be delivered is refused at creation with 422 and the reason; nothing is stored")
    func undeliverableURLs() async throws {
        let fixture = try await APIFixture()
        defer { fixture.cleanup() }
        try await fixture.withServer { api in
            let cases = [
                ("https://example.org/a\\r\\nX-Evil: 1", "control character"),
                ("http://10.0.0.1/hook", "10.0.0.1 is a private address"),
                ("http://0x0a000001/hook", "0x0a000001 is 10.0.0.1, a private address"),
                ("http://169.254.169.254/latest", "169.254.169.254 is a link-local address"),
                ("http://[::ffff:192.168.0.1]/", "a private address"),
                ("ftp://example.org/", "http or https"),
            ]
            for (url, reason) in cases {
                let reply = try await api.send(.post, "/v1/webhooks", as: .admin, json: #"{"url": "\#(url)"}"#)
                #expect(reply.status == 422, "\(url): \(reply.status)")
                #expect((reply.json["detail"] as? String)?.contains(reason) == true, "\(url): \(reply.text)")
            }
            let listed = try await api.send(.get, "/v1/webhooks", as: .admin)
            #expect((listed.json["webhooks"] as? [Any])?.isEmpty == true)
            // The server allows 127.0.0.0/8 here (a local consumer), so that one is accepted.
            let local = try await api.send(.post, "/v1/webhooks", as: .admin, json: #"{"url": "http://127.0.0.1:9/h"}"#)
            #expect(local.status == 201)
        }
    }
}
