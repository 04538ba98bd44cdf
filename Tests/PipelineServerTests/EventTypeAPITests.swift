import Foundation
import HTTPTypes
import PipelineCore
import PipelineTestSupport
import Testing

@Suite("Event types and their schemas over the API")
struct EventTypeAPITests {
    @Test("GET /v1/event-types lists every type with its description and where its schema is")
    func list() async throws {
        let fixture = try await APIFixture()
        defer { fixture.cleanup() }
        try await fixture.withServer { api in
            let reply = try await api.send(.get, "/v1/event-types", as: .practice)
            #expect(reply.status == 200)
            let entries = try #require(reply.json["event_types"] as? [[String: String]])
            #expect(entries.map { $0["type"] } == EventType.all.map(\.name))
            #expect(entries.map { $0["description"] } == EventType.all.map(\.summary))
            #expect(entries.map { $0["schema"] } == EventType.all.map { "/v1/event-types/\($0.name)" })
        }
    }

    @Test("GET /v1/event-types/{type} serves the type's JSON Schema, the same bytes as docs/events")
    func schema() async throws {
        let fixture = try await APIFixture()
        defer { fixture.cleanup() }
        try await fixture.withServer { api in
            for type in EventType.all {
                let reply = try await api.send(.get, "/v1/event-types/\(type.name)", as: .gatekeeper)
                #expect(reply.status == 200)
                #expect(reply.headers[.contentType] == "application/schema+json")
                let documented = APIFixture.packageRoot.appendingPathComponent("docs/events/\(type.name).schema.json")
                #expect(reply.body == (try Data(contentsOf: documented)), "\(type.name)")
            }
        }
    }

    @Test("an unknown type is a problem+json 404 that lists the known types; a token is required")
    func refusals() async throws {
        let fixture = try await APIFixture()
        defer { fixture.cleanup() }
        try await fixture.withServer { api in
            let unknown = try await api.send(.get, "/v1/event-types/idea.exploded")
            #expect(unknown.status == 404)
            #expect(unknown.headers[.contentType] == "application/problem+json")
            #expect(unknown.problemType == "not-found")
            #expect((unknown.json["detail"] as? String)?.contains("idea.advanced") == true)
            #expect(try await api.send(.get, "/v1/event-types", as: nil).status == 401)
            #expect(try await api.send(.get, "/v1/event-types/idea.advanced", as: nil).status == 401)
        }
    }
}
