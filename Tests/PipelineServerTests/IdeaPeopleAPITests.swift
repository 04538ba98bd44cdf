import Foundation
import HTTPTypes
import PipelineCore
import PipelineServer
import PipelineStore
import PipelineStoreSQLite
import PipelineTestSupport
import Testing

/// An idea's owner, co-submitting organisations and assigned gatekeepers over real HTTP: who may
/// change them, and every hostile request refused with a precise 4xx that stores nothing.
@Suite("An idea's people over the API")
struct IdeaPeopleAPITests {
    /// The register of these tests, by name: HAP De Linde (the practice's), Gezondheidscentrum
    /// Oost and Zorggroep Twente; facilitators Fenna and Frank serving Twente, Fiona (deactivated);
    /// Anna, a submitter of HAP De Linde; gatekeepers Gerrit (no organisation), Greet (HAP De
    /// Linde) and Gijs (Zorggroep Twente).
    static func register(_ api: APIClient) async throws -> [String: String] {
        for (name, type, region) in [
            ("HAP De Linde", "huisartsenpost", "Twente"),
            ("Gezondheidscentrum Oost", "gezondheidscentrum", "Amsterdam"),
            ("Zorggroep Twente", "zorggroep", "Twente"),
        ] {
            let created = try await api.send(
                .post, "/v1/organisations", as: .admin,
                json: #"{"name": "\#(name)", "type": "\#(type)", "region": "\#(region)"}"#)
            #expect(created.status == 201, "\(created.text)")
        }
        var ids: [String: String] = [:]
        for (name, roles, organisation, regions) in [
            ("Fenna", #"["facilitator"]"#, nil, #"["Twente"]"#), ("Frank", #"["facilitator"]"#, nil, #"["Twente"]"#),
            ("Fiona", #"["facilitator"]"#, nil, #"["Twente"]"#),
            ("Anna", #"["submitter"]"#, "HAP De Linde", "[]"), ("Gerrit", #"["gatekeeper"]"#, nil, "[]"),
            ("Greet", #"["gatekeeper"]"#, "HAP De Linde", "[]"), ("Gijs", #"["gatekeeper"]"#, "Zorggroep Twente", "[]"),
        ] as [(String, String, String?, String)] {
            let org = organisation.map { #", "organisation": "\#($0)""# } ?? ""
            let created = try await api.send(
                .post, "/v1/people", as: .admin,
                json:
                    #"{"name": "\#(name)", "email": "\#(name.lowercased())@example.nl", "roles": \#(roles), "regions": \#(regions)\#(org)}"#
            )
            #expect(created.status == 201, "\(created.text)")
            ids[name] = created.json["id"] as? String ?? ""
        }
        let fiona = try #require(ids["Fiona"])
        #expect(
            try await api.send(.patch, "/v1/people/\(fiona)", as: .admin, json: #"{"active": false}"#).status == 200)
        return ids
    }

    /// The body of a submission of the practice, with `extra` members.
    static func submission(_ extra: String = "") -> String {
        let summary = String(repeating: "Een regionaal loket voor stageplaatsen. ", count: 3)
        return """
            {"workflow": "primary-care-innovation", "region": "Twente"\(extra),
             "fields": {"title": "Regionale stagedesk", "summary": "\(summary)", "theme": "onderwijsvernieuwing"}}
            """
    }

    /// Sends a refused request and checks that it is a problem of `status` whose detail holds
    /// `words`, and that the idea did not change.
    static func refused(
        _ api: APIClient, _ method: HTTPRequest.Method, _ path: String, idea: String, as person: APIFixture.Person,
        json: String, status: Int, _ words: String, headers: [String: String] = [:],
        sourceLocation: SourceLocation = #_sourceLocation
    ) async throws {
        let before = try await api.send(.get, "/v1/ideas/\(idea)").text
        let reply = try await api.send(method, path, as: person, json: json, headers: headers)
        #expect(reply.status == status, "\(json): \(reply.text)", sourceLocation: sourceLocation)
        #expect(
            reply.headers[.contentType] == "application/problem+json", "\(json)", sourceLocation: sourceLocation)
        #expect(reply.text.contains(words), "\(json): \(reply.text)", sourceLocation: sourceLocation)
        #expect(
            try await api.send(.get, "/v1/ideas/\(idea)").text == before, "\(json): nothing stored",
            sourceLocation: sourceLocation)
    }

    @Test("an idea gets its owner at intake, by region; a facilitator changes it; every refusal says why")
    func owner() async throws {
        let fixture = try await APIFixture()
        defer { fixture.cleanup() }
        try await fixture.withServer { api in
            let ids = try await Self.register(api)
            let submitted = try await api.send(
                .post, "/v1/ideas", as: .practice, json: Self.submission(#", "co_organisations": ["zorggroep twente"]"#)
            )
            #expect(submitted.status == 201, "\(submitted.text)")
            let id = try #require(submitted.json["id"] as? String)
            let owner = try #require(submitted.json["owner"] as? [String: Any])
            #expect(owner["id"] as? String == ids["Fenna"], "Fenna and Frank hold none; Fenna comes first by name")
            #expect(owner["name"] as? String == "Fenna")
            #expect(submitted.json["co_organisations"] as? [String] == ["Zorggroep Twente"])
            #expect(submitted.json["gatekeepers"] as? [Any] != nil)
            let history = try await api.send(.get, "/v1/ideas/\(id)/history")
            let events = try #require(history.json["events"] as? [[String: Any]])
            #expect(
                events.compactMap { $0["type"] as? String } == [
                    "idea.submitted", "idea.co_submitters_set", "idea.owner_assigned",
                ])
            #expect((events.last?["actor"] as? [String: Any])?["role"] as? String == "system")
            #expect(submitted.etag == "\"3\"")

            let path = "/v1/ideas/\(id)/owner"
            let frank = try #require(ids["Frank"])
            let changed = try await api.send(.put, path, json: #"{"person": "\#(frank)"}"#)
            #expect(changed.status == 200, "\(changed.text)")
            #expect((changed.json["owner"] as? [String: Any])?["name"] as? String == "Frank")
            #expect(changed.etag == "\"4\"")
            let again = try await api.send(.put, path, as: .admin, json: #"{"person": "frank@example.nl"}"#)
            #expect(again.status == 200)
            #expect(again.etag == "\"4\"", "the same owner again changes nothing")

            for (body, status, words) in [
                (#"{"person": "per_nobody"}"#, 422, "no person 'per_nobody' in the register"),
                (#"{"person": "\#(ids["Fiona"]!)"}"#, 422, "Fiona (\(ids["Fiona"]!)) is not active"),
                (#"{"person": "\#(ids["Anna"]!)"}"#, 422, "Anna (\(ids["Anna"]!)) is not a facilitator"),
                (#"{"person": "\#(ids["Gerrit"]!)"}"#, 422, "is not a facilitator"),
                (#"{"person": null}"#, 400, "'person' must be a string, not null"),
                (#"{"person": 7}"#, 400, "'person' must be a string"),
                (#"{"person": ["\#(frank)"]}"#, 400, "'person' must be a string"),
                ("{}", 400, "'person' is required"),
                (#"{"person": "\#(frank)", "role": "owner"}"#, 400, "unknown member 'role'"),
                (#"{"person": "\#(String(repeating: "x", count: 300))"}"#, 400, "longer than 254 characters"),
                ("[]", 400, "must be a JSON object"),
            ] {
                try await Self.refused(api, .put, path, idea: id, as: .facilitator, json: body, status: status, words)
            }
            let fenna = #"{"person": "\#(ids["Fenna"]!)"}"#
            try await Self.refused(
                api, .put, path, idea: id, as: .practice, json: fenna, status: 403,
                "only facilitators assign an idea's owner")
            try await Self.refused(
                api, .put, path, idea: id, as: .gatekeeper, json: fenna, status: 403, "only facilitators")
            try await Self.refused(api, .put, path, idea: id, as: .otherPractice, json: fenna, status: 404, "not found")
            try await Self.refused(
                api, .put, path, idea: id, as: .facilitator, json: fenna, status: 412, "is at version 4, not 2",
                headers: ["If-Match": "\"2\""])
            let plain = try await api.send(.put, path, raw: Data(fenna.utf8), headers: ["Content-Type": "text/plain"])
            #expect(plain.status == 415)
            let get = try await api.send(.get, path)
            #expect(get.status == 405)
            #expect(get.headers[.allow] == "PUT")
            #expect(try await api.send(.put, "/v1/ideas/nope/owner", json: fenna).status == 404)

            // Once per Idempotency-Key: a retry gets the first answer, with another body a 422.
            let key = ["Idempotency-Key": "owner-fenna-1"]
            let first = try await api.send(.put, path, json: fenna, headers: key)
            #expect(first.status == 200)
            #expect(first.etag == "\"5\"")
            let retry = try await api.send(.put, path, json: fenna, headers: key)
            #expect(retry.text == first.text)
            #expect(try await api.send(.put, path, json: #"{"person": "\#(frank)"}"#, headers: key).status == 422)
            #expect(try await api.version(of: id) == 5)
        }
    }

    @Test("co-submitting organisations: registered ones, not the submitting one, each once, at most ten")
    func coOrganisations() async throws {
        let fixture = try await APIFixture()
        defer { fixture.cleanup() }
        try await fixture.withServer { api in
            _ = try await Self.register(api)
            let id = try await api.submitIdea()
            let path = "/v1/ideas/\(id)/co-organisations"
            let named = try await api.send(
                .put, path, as: .practice, json: #"{"organisations": ["gezondheidscentrum oost", "Zorggroep Twente"]}"#)
            #expect(named.status == 200, "\(named.text)")
            #expect(named.json["co_organisations"] as? [String] == ["Gezondheidscentrum Oost", "Zorggroep Twente"])
            let many = (1...11).map { "\"Organisatie \($0)\"" }.joined(separator: ", ")
            let huge = Array(repeating: "\"Zorggroep Twente\"", count: 10_000).joined(separator: ", ")
            for (body, status, words) in [
                (#"{"organisations": ["HAP De Linde"]}"#, 422, "HAP De Linde submitted this idea"),
                (
                    #"{"organisations": ["Zorggroep Nergens"]}"#, 422,
                    "'Zorggroep Nergens' is not an organisation of the register"
                ),
                (
                    #"{"organisations": ["Zorggroep Twente", "ZORGGROEP TWENTE"]}"#, 422,
                    "the organisation 'Zorggroep Twente' is named twice"
                ),
                (#"{"organisations": [\#(many)]}"#, 400, "'organisations' has more than 10 entries"),
                (#"{"organisations": [\#(huge)]}"#, 400, "'organisations' has more than 10 entries"),
                (#"{"organisations": [null]}"#, 400, "'organisations' lists strings, not null"),
                (#"{"organisations": null}"#, 400, "'organisations' must be an array, not null"),
                (#"{"organisations": "Zorggroep Twente"}"#, 400, "'organisations' must be an array"),
                ("{}", 400, "'organisations' is required"),
            ] {
                try await Self.refused(api, .put, path, idea: id, as: .practice, json: body, status: status, words)
            }
            let body = #"{"organisations": ["Zorggroep Twente"]}"#
            try await Self.refused(
                api, .put, path, idea: id, as: .gatekeeper, json: body, status: 403,
                "only the submitting organisation and facilitators name co-submitting organisations")
            try await Self.refused(api, .put, path, idea: id, as: .otherPractice, json: body, status: 404, "not found")
            let cleared = try await api.send(.put, path, json: #"{"organisations": []}"#)
            #expect(cleared.status == 200)
            #expect(cleared.json["co_organisations"] as? [String] == [])

            // At submission: the same rules, and nothing is stored on a refusal.
            let count = { () async throws -> Int in
                (try await api.send(.get, "/v1/ideas").json["ideas"] as? [Any])?.count ?? -1
            }
            let before = try await count()
            for (extra, status, words) in [
                (#", "co_organisations": ["Zorggroep Nergens"]"#, 422, "not an organisation of the register"),
                (#", "co_organisations": ["hap de linde"]"#, 422, "HAP De Linde submitted this idea"),
                (#", "co_organisations": [null]"#, 400, "'co_organisations' lists strings, not null"),
                (#", "co_organisations": {"name": "Zorggroep Twente"}"#, 400, "'co_organisations' must be an array"),
                (#", "co_organisations": [\#(many)]"#, 400, "'co_organisations' has more than 10 entries"),
            ] {
                let reply = try await api.send(.post, "/v1/ideas", as: .practice, json: Self.submission(extra))
                #expect(reply.status == status, "\(extra): \(reply.text)")
                #expect(reply.text.contains(words), "\(extra): \(reply.text)")
            }
            #expect(try await count() == before, "nothing stored")
        }
    }

    @Test("gatekeepers: people with a role the gate asks for, active, not recused; refusals name who and why")
    func gatekeepers() async throws {
        let fixture = try await APIFixture()
        defer { fixture.cleanup() }
        try await fixture.withServer { api in
            let ids = try await Self.register(api)
            let id = try await api.ideaInBusinessCase()
            _ = try await api.send(
                .put, "/v1/ideas/\(id)/co-organisations", as: .practice,
                json: #"{"organisations": ["Zorggroep Twente"]}"#)
            let path = "/v1/ideas/\(id)/gatekeepers"
            let gerrit = try #require(ids["Gerrit"])
            let fenna = try #require(ids["Fenna"])
            let assigned = try await api.send(.put, path, json: #"{"people": ["\#(gerrit)", "fenna@example.nl"]}"#)
            #expect(assigned.status == 200, "\(assigned.text)")
            let gatekeepers = try #require(assigned.json["gatekeepers"] as? [[String: Any]])
            #expect(gatekeepers.compactMap { $0["id"] as? String } == [gerrit, fenna])
            #expect(gatekeepers.compactMap { $0["name"] as? String } == ["Gerrit", "Fenna"])
            let history = try await api.send(.get, "/v1/ideas/\(id)/history")
            let last = try #require((history.json["events"] as? [[String: Any]])?.last)
            #expect(last["type"] as? String == "idea.gatekeepers_assigned")
            #expect((last["data"] as? [String: Any])?["gate"] as? String == "business_case_review")

            let (anna, greet, gijs, fiona) = (ids["Anna"]!, ids["Greet"]!, ids["Gijs"]!, ids["Fiona"]!)
            let many = (1...21).map { "\"per_\($0)\"" }.joined(separator: ", ")
            for (body, status, words) in [
                (
                    #"{"people": ["\#(anna)"]}"#, 422,
                    "Anna (\(anna)) is not facilitator or gatekeeper, the roles gate 'business_case_review' asks for"
                ),
                (
                    #"{"people": ["\#(gerrit)", "\#(greet)"]}"#, 422,
                    "Greet (\(greet)) belongs to HAP De Linde, which submitted this idea, and so is not assigned to gate 'business_case_review' (recusal)"
                ),
                (
                    #"{"people": ["\#(gijs)"]}"#, 422,
                    "Gijs (\(gijs)) belongs to Zorggroep Twente, which co-submitted this idea"
                ),
                (#"{"people": ["\#(fiona)"]}"#, 422, "Fiona (\(fiona)) is not active"),
                (#"{"people": ["per_nobody"]}"#, 422, "no person 'per_nobody' in the register"),
                (#"{"people": ["\#(gerrit)", "gerrit@example.nl"]}"#, 422, "Gerrit (\(gerrit)) is named twice"),
                (#"{"people": [\#(many)]}"#, 400, "'people' has more than 20 entries"),
                (#"{"people": ["\#(gerrit)", null]}"#, 400, "'people' lists strings, not null"),
                (#"{"people": [{"id": "\#(gerrit)"}]}"#, 400, "'people' lists strings, not an object"),
                (#"{"people": null}"#, 400, "'people' must be an array, not null"),
                (#"{"gatekeepers": []}"#, 400, "unknown member 'gatekeepers'"),
            ] {
                try await Self.refused(api, .put, path, idea: id, as: .facilitator, json: body, status: status, words)
            }
            let body = #"{"people": ["\#(gerrit)"]}"#
            for person in [APIFixture.Person.practice, .gatekeeper] {
                try await Self.refused(
                    api, .put, path, idea: id, as: person, json: body, status: 403,
                    "only facilitators assign gatekeepers")
            }
            try await Self.refused(api, .put, path, idea: id, as: .otherPractice, json: body, status: 404, "not found")

            // A person's token of a co-submitting organisation may not score: recused, with the reason.
            let (secret, record) = TokenAuthority.issue(
                name: "Gijs", role: "gatekeeper", organisation: "Zorggroep Twente", personID: gijs, now: Date())
            try await fixture.store.addToken(record)
            let review = try await api.send(
                .post, "/v1/ideas/\(id)/reviews", as: nil,
                json: #"{"scores": {"impact": 4, "feasibility": 4, "scalability": 4, "value": 4}, "comment": "Sterk"}"#,
                headers: ["Authorization": "Bearer \(secret)"])
            #expect(review.status == 403)
            #expect(review.text.contains("Gijs belongs to Zorggroep Twente, which co-submitted this idea"))

            // Leaving the stage ends the assignment; an ended idea takes none.
            let recycled = try await api.send(
                .post, "/v1/ideas/\(id)/decisions",
                json: #"{"decision": "recycle", "to": "proposal", "reason": "Scherper"}"#)
            #expect(recycled.json["gatekeepers"] as? [Any] != nil)
            #expect((recycled.json["gatekeepers"] as? [Any])?.isEmpty == true)
            _ = try await api.send(
                .post, "/v1/ideas/\(id)/decisions", json: #"{"decision": "kill", "reason": "Dubbel"}"#)
            try await Self.refused(
                api, .put, path, idea: id, as: .facilitator, json: #"{"people": ["\#(fenna)"]}"#, status: 409,
                "idea is killed; its people no longer change")
        }
    }

    @Test("without a register, an idea has no owner (null) and names any co-submitting organisation")
    func withoutRegister() async throws {
        let fixture = try await APIFixture()
        defer { fixture.cleanup() }
        try await fixture.withServer { api in
            let reply = try await api.send(
                .post, "/v1/ideas", as: .practice, json: Self.submission(#", "co_organisations": ["Wie dan ook"]"#))
            #expect(reply.status == 201, "\(reply.text)")
            #expect(reply.json["owner"] is NSNull, "null, not left out")
            #expect(reply.text.contains(#""owner":null"#))
            #expect(reply.json["co_organisations"] as? [String] == ["Wie dan ook"])
            let id = try #require(reply.json["id"] as? String)
            try await Self.refused(
                api, .put, "/v1/ideas/\(id)/owner", idea: id, as: .facilitator, json: #"{"person": "per_x"}"#,
                status: 422, "no person 'per_x' in the register")
        }
    }
}
