import Foundation
import HTTPTypes
import PipelineCore
import PipelineServer
import PipelineStore
import PipelineStoreSQLite
import PipelineTestSupport
import Testing

@Suite("adoptions API")
struct AdoptionAPITests {
    /// A proven idea of HAP De Linde (Twente) in regional implementation; Gezondheidscentrum
    /// Oost (``TestPerson/otherPractice``) is registered in Rijnmond, HAP De Linde
    /// (``TestPerson/practice``) in Twente.
    static func provenIdea(_ fixture: APIFixture) async throws {
        var handler = CommandHandler(store: fixture.store, library: APIFixture.library)
        handler.regions = TestRegions.list
        var proven = ProvenIdea(handler: handler, now: Date())
        try await proven.make(id: "idea-1")
        try await fixture.store.addOrganisation(
            OrganisationRecord(
                id: "org_oost", name: "Gezondheidscentrum Oost", type: .gezondheidscentrum, region: "Rijnmond",
                createdAt: Date()))
        try await fixture.store.addOrganisation(
            OrganisationRecord(
                id: "org_linde", name: "HAP De Linde", type: .huisartsenpost, region: "Twente", createdAt: Date()))
    }

    @Test("a region adopts a proven idea: a linked implementation with its own routes, and the idea's roll-up")
    func adopt() async throws {
        let fixture = try await APIFixture()
        defer { fixture.cleanup() }
        try await Self.provenIdea(fixture)
        try await fixture.withServer { api in
            let created = try await api.send(.post, "/v1/ideas/idea-1/adoptions", json: #"{"region": "Rijnmond"}"#)
            #expect(created.status == 201, "\(created.text)")
            let id = try #require(created.json["id"] as? String)
            #expect(id.hasPrefix("imp_"))
            #expect(created.json["parent"] as? String == "idea-1")
            #expect(created.json["region"] as? String == "Rijnmond")
            #expect(created.json["stage"] as? String == "intake")
            #expect((created.json["workflow"] as? [String: Any])?["id"] as? String == "regional-implementation")
            #expect((created.json["fields"] as? [String: Any])?["title"] as? String == "Regionale stagedesk")
            let links = created.json["links"] as? [String: String]
            #expect(links?["self"] == "/v1/implementations/\(id)")
            #expect(links?["idea"] == "/v1/ideas/idea-1")

            // Each path serves its own kind of record.
            #expect(try await api.send(.get, "/v1/implementations/\(id)").status == 200)
            #expect(try await api.send(.get, "/v1/ideas/\(id)").status == 404)
            #expect(try await api.send(.get, "/v1/implementations/idea-1").status == 404)
            #expect(try await api.send(.post, "/v1/ideas/\(id)/comments", json: #"{"text": "x"}"#).status == 404)

            // The implementation moves through its own gates, with implementation.* events.
            let patched = try await api.send(
                .patch, "/v1/implementations/\(id)", json: #"{"fields": {"local_lead": "Rita de Vries"}}"#,
                headers: ["If-Match": "\"\(created.json["version"] as? Int ?? 0)\""])
            #expect(patched.status == 200, "\(patched.text)")
            #expect(try await api.send(.post, "/v1/implementations/\(id)/approvals", json: "{}").status == 200)
            let go = try await api.send(.post, "/v1/implementations/\(id)/decisions", json: #"{"decision": "go"}"#)
            #expect(go.status == 200, "\(go.text)")
            #expect(go.json["stage"] as? String == "plan")
            let history = try await api.send(.get, "/v1/implementations/\(id)/history")
            let types = (history.json["events"] as? [[String: Any]])?.compactMap { $0["type"] as? String }
            #expect(
                types == [
                    "idea.adopted", "implementation.updated", "implementation.approved", "implementation.advanced",
                ])
            let gate = try await api.send(.get, "/v1/implementations/\(id)/gate")
            #expect(gate.json["gate"] as? String == "go_live", "\(gate.text)")

            // The idea shows the roll-up; its adoptions list the implementation.
            let idea = try await api.send(.get, "/v1/ideas/idea-1")
            let rollup = idea.json["adoptions"] as? [String: Any]
            #expect(rollup?["total"] as? Int == 1)
            #expect(rollup?["adopting"] as? Int == 1)
            #expect(rollup?["live"] as? Int == 0)
            let adoptions = try await api.send(.get, "/v1/ideas/idea-1/adoptions")
            #expect(adoptions.status == 200)
            let notYet = adoptions.json["not_yet"] as? [String] ?? []
            #expect(notYet.count == 26, "28 regions, not Twente (its own), not Rijnmond (adopting)")
            #expect(!notYet.contains("Twente") && !notYet.contains("Rijnmond"))
            #expect((adoptions.json["implementations"] as? [[String: Any]])?.compactMap { $0["id"] as? String } == [id])
            let listed = try await api.send(.get, "/v1/implementations?idea=idea-1")
            #expect((listed.json["implementations"] as? [[String: Any]])?.count == 1, "\(listed.text)")
            #expect((try await api.send(.get, "/v1/ideas").json["ideas"] as? [[String: Any]])?.count == 1)
            // The regions' overview counts it.
            let region = try await api.send(.get, "/v1/regions/Rijnmond")
            #expect((region.json["adoptions"] as? [String: Any])?["adopting"] as? Int == 1, "\(region.text)")
        }
    }

    @Test("adoptions that cannot be: a clear problem, and nothing stored")
    func refusals() async throws {
        let fixture = try await APIFixture()
        defer { fixture.cleanup() }
        try await Self.provenIdea(fixture)
        try await fixture.withServer { api in
            let early = try await api.submitIdea()
            let cases: [(path: String, body: String, status: Int, type: String, says: String)] = [
                ("/v1/ideas/idea-1/adoptions", #"{"region": "Atlantis"}"#, 422, "invalid-input", "Atlantis"),
                ("/v1/ideas/idea-1/adoptions", #"{"region": "Twente"}"#, 422, "invalid-input", "another region"),
                ("/v1/ideas/\(early)/adoptions", #"{"region": "Rijnmond"}"#, 409, "not-allowed-now", "proposal"),
                ("/v1/ideas/nothing/adoptions", #"{"region": "Rijnmond"}"#, 404, "not-found", "nothing"),
                ("/v1/ideas/idea-1/adoptions", #"{}"#, 400, "invalid-body", "region"),
                ("/v1/ideas/idea-1/adoptions", #"{"region": "Rijnmond", "regio": 1}"#, 400, "invalid-body", "regio"),
                (
                    "/v1/ideas/idea-1/adoptions", #"{"region": "Rijnmond", "fields": {"hours_saved": -3}}"#, 422,
                    "invalid-fields", "hours_saved"
                ),
                ("/v1/ideas/idea-1/adoptions", #"{"region": 7}"#, 400, "invalid-body", "region"),
            ]
            for item in cases {
                let reply = try await api.send(.post, item.path, json: item.body)
                #expect(reply.status == item.status, "\(item.body): \(reply.text)")
                #expect(reply.headers[.contentType] == "application/problem+json", "\(item.body)")
                #expect(reply.problemType == item.type, "\(item.body): \(reply.text)")
                #expect(reply.text.contains(item.says), "\(item.body): \(reply.text)")
            }
            #expect(try await fixture.store.implementations(of: "idea-1").isEmpty)
            #expect(try await fixture.store.implementations(of: early).isEmpty)
            #expect(
                try await api.send(.post, "/v1/ideas/idea-1/adoptions", json: #"{"region": "Rijnmond"}"#).status == 201)
            let twice = try await api.send(.post, "/v1/ideas/idea-1/adoptions", json: #"{"region": "Rijnmond"}"#)
            #expect(twice.status == 409, "\(twice.text)")
            #expect(try await fixture.store.implementations(of: "idea-1").count == 1)
        }
    }

    @Test(
        "a region's implementation is seen by its organisations and the facilitators; a scoped facilitator acts in her regions only"
    )
    func visibilityAndScope() async throws {
        let fixture = try await APIFixture()
        defer { fixture.cleanup() }
        try await Self.provenIdea(fixture)
        // Frieda facilitates Friesland only.
        let frieda = PersonRecord(
            id: "per_frieda", name: "Frieda Hoekstra", email: "frieda@ros-friesland.nl", roles: ["facilitator"],
            organisationID: nil, regions: ["Friesland"], createdAt: Date())
        try await fixture.store.addPerson(frieda)
        let (token, record) = TokenAuthority.issue(
            name: frieda.name, role: "facilitator", organisation: nil, personID: frieda.id, now: Date())
        try await fixture.store.addToken(record)
        let asFrieda = ["Authorization": "Bearer \(token)"]
        try await fixture.withServer { api in
            let rijnmond = try await api.send(.post, "/v1/ideas/idea-1/adoptions", json: #"{"region": "Rijnmond"}"#)
            let id = try #require(rijnmond.json["id"] as? String)
            // Gezondheidscentrum Oost is of Rijnmond; HAP De Linde (Twente) is not.
            let oost = try await api.send(.get, "/v1/implementations", as: .otherPractice)
            #expect((oost.json["implementations"] as? [[String: Any]])?.compactMap { $0["id"] as? String } == [id])
            #expect(try await api.send(.get, "/v1/implementations/\(id)", as: .otherPractice).status == 200)
            let linde = try await api.send(.get, "/v1/implementations", as: .practice)
            #expect((linde.json["implementations"] as? [[String: Any]])?.isEmpty == true, "\(linde.text)")
            #expect(try await api.send(.get, "/v1/implementations/\(id)", as: .practice).status == 404)
            // The shared idea and its roll-up stay visible to both.
            let ideaForLinde = try await api.send(.get, "/v1/ideas/idea-1/adoptions", as: .practice)
            #expect((ideaForLinde.json["rollup"] as? [String: Any])?["total"] as? Int == 1)
            #expect((ideaForLinde.json["implementations"] as? [[String: Any]])?.isEmpty == true)

            // Frieda sees everything, acts only in Friesland.
            #expect(try await api.send(.get, "/v1/implementations/\(id)", as: nil, headers: asFrieda).status == 200)
            let approval = try await api.send(
                .post, "/v1/implementations/\(id)/approvals", as: nil, json: "{}", headers: asFrieda)
            #expect(approval.status == 403, "\(approval.text)")
            #expect(approval.text.contains("Friesland"))
            let elsewhere = try await api.send(
                .post, "/v1/ideas/idea-1/adoptions", as: nil, json: #"{"region": "Zeeland"}"#, headers: asFrieda)
            #expect(elsewhere.status == 403, "\(elsewhere.text)")
            let hers = try await api.send(
                .post, "/v1/ideas/idea-1/adoptions", as: nil, json: #"{"region": "Friesland"}"#, headers: asFrieda)
            #expect(hers.status == 201, "\(hers.text)")
            let idea = try await api.send(
                .post, "/v1/ideas/idea-1/comments", as: nil, json: #"{"text": "Mooi"}"#, headers: asFrieda)
            #expect(idea.status == 403, "an idea of Twente: \(idea.text)")
        }
    }
}
