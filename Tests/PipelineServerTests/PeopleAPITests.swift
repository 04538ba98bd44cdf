import Foundation
import HTTPTypes
import PipelineCore
import PipelineServer
import PipelineStore
import PipelineStoreSQLite
import PipelineTestSupport
import Testing

/// The organisations and people registers over real HTTP: what admins may change, what is
/// refused and why, and the tokens that act as a person.
@Suite("People and organisations over the API")
struct PeopleAPITests {
    static let linde = #"{"name": "HAP De Linde", "type": "huisartsenpost", "region": "Twente"}"#

    @Test("organisations: admins register them, anyone reads them; names once whatever their case")
    func organisations() async throws {
        let fixture = try await APIFixture()
        defer { fixture.cleanup() }
        try await fixture.withServer { api in
            #expect(try await api.send(.post, "/v1/organisations", as: .facilitator, json: Self.linde).status == 403)
            #expect(try await api.send(.post, "/v1/organisations", as: nil, json: Self.linde).status == 401)
            let created = try await api.send(.post, "/v1/organisations", as: .admin, json: Self.linde)
            #expect(created.status == 201, "\(created.text)")
            let id = try #require(created.json["id"] as? String)
            #expect(id.hasPrefix("org_"))
            #expect(created.json["type_label"] as? String == "Huisartsenpost")
            #expect(created.json["region"] as? String == "Twente")

            let again = try await api.send(
                .post, "/v1/organisations", as: .admin,
                json: #"{"name": " hap de LINDE ", "type": "zorggroep", "region": "Zeeland"}"#)
            #expect(again.status == 409)
            #expect(again.problemType == "already-exists")
            for (body, words) in [
                (#"{"name": "X", "type": "apotheek", "region": "Twente"}"#, "unknown organisation type 'apotheek'"),
                (#"{"name": "X", "type": "ros", "region": "twente"}"#, "did you mean 'Twente'?"),
                (#"{"name": "X", "type": "ros", "region": "Utopia"}"#, "one of the 28 labour-market regions"),
                (#"{"name": "  ", "type": "ros", "region": "Twente"}"#, "the organisation's name is empty"),
            ] {
                let refused = try await api.send(.post, "/v1/organisations", as: .admin, json: body)
                #expect(refused.status == 422, "\(body)")
                #expect(refused.problemType == "invalid-input")
                #expect((refused.json["detail"] as? String)?.contains(words) == true, "\(refused.text)")
            }
            let missing = try await api.send(.post, "/v1/organisations", as: .admin, json: #"{"name": "X"}"#)
            #expect(missing.status == 400)

            let listed = try await api.send(.get, "/v1/organisations", as: .practice)
            #expect(listed.status == 200)
            let organisations = try #require(listed.json["organisations"] as? [[String: Any]])
            #expect(organisations.map { $0["id"] as? String } == [id], "nothing stored on a refusal")
        }
    }

    @Test("people: admins register, read and change them; every refusal says why and stores nothing")
    func people() async throws {
        let fixture = try await APIFixture()
        defer { fixture.cleanup() }
        try await fixture.withServer { api in
            let linde = try await api.send(.post, "/v1/organisations", as: .admin, json: Self.linde)
            let lindeID = try #require(linde.json["id"] as? String)
            let anna =
                #"{"name": "Anna Jansen", "email": "Anna@DeLinde.nl", "roles": ["submitter"], "organisation": "hap de linde"}"#
            #expect(try await api.send(.post, "/v1/people", as: .facilitator, json: anna).status == 403)
            let created = try await api.send(.post, "/v1/people", as: .admin, json: anna)
            #expect(created.status == 201, "\(created.text)")
            let annaID = try #require(created.json["id"] as? String)
            #expect(annaID.hasPrefix("per_"))
            #expect(created.json["email"] as? String == "anna@delinde.nl", "stored lower-cased")
            #expect(created.json["organisation"] as? String == lindeID)
            #expect(created.json["organisation_name"] as? String == "HAP De Linde")
            #expect(created.json["notify"] as? String == "immediate")
            #expect(created.json["active"] as? Bool == true)

            let refusals: [(String, Int, String)] = [
                (#"{"name": "B", "email": "anna@delinde.nl", "roles": ["gatekeeper"]}"#, 409, "already-exists"),
                (#"{"name": "B", "email": "b@delinde", "roles": ["gatekeeper"]}"#, 422, "has no dot"),
                (#"{"name": "B", "email": "b <b@delinde.nl>", "roles": ["gatekeeper"]}"#, 422, "space"),
                (
                    #"{"name": "B", "email": "b@x.nl", "roles": ["submitter"]}"#, 422,
                    "a submitter needs an organisation"
                ),
                (
                    #"{"name": "B", "email": "b@x.nl", "roles": ["submitter"], "organisation": "HAP De Eik"}"#, 422,
                    "unknown organisation 'HAP De Eik'"
                ),
                (#"{"name": "B", "email": "b@x.nl", "roles": ["boss"]}"#, 422, "unknown role 'boss'"),
                (#"{"name": "B", "email": "b@x.nl", "roles": []}"#, 422, "at least one role"),
                (
                    #"{"name": "B", "email": "b@x.nl", "roles": ["facilitator"], "regions": ["Atlantis"]}"#, 422,
                    "unknown region 'Atlantis'"
                ),
                (#"{"name": "B", "email": "b@x.nl", "roles": ["facilitator"], "notify": "weekly"}"#, 422, "weekly"),
                (#"{"name": "B", "email": "b@x.nl", "roles": "facilitator"}"#, 400, "must be an array"),
                (#"{"name": "B", "email": "b@x.nl", "roles": ["facilitator"], "rol": 1}"#, 400, "unknown member"),
            ]
            for (body, status, words) in refusals {
                let refused = try await api.send(.post, "/v1/people", as: .admin, json: body)
                #expect(refused.status == status, "\(body): \(refused.text)")
                #expect(refused.headers[.contentType] == "application/problem+json")
                #expect(refused.text.contains(words), "\(body): \(refused.text)")
            }

            let fenna = try await api.send(
                .post, "/v1/people", as: .admin,
                json:
                    #"{"name": "Fenna", "email": "fenna@ros.nl", "roles": ["facilitator", "admin"], "regions": ["Twente", "Drenthe"], "notify": "daily"}"#
            )
            #expect(fenna.status == 201, "\(fenna.text)")
            let fennaID = try #require(fenna.json["id"] as? String)
            #expect(fenna.json["roles"] as? [String] == ["facilitator", "admin"])
            #expect(fenna.json["regions"] as? [String] == ["Drenthe", "Twente"])
            #expect(fenna.json["organisation"] == nil)

            let listed = try await api.send(.get, "/v1/people", as: .admin)
            #expect((listed.json["people"] as? [[String: Any]])?.map { $0["id"] as? String } == [annaID, fennaID])
            #expect(try await api.send(.get, "/v1/people", as: .facilitator).status == 403)
            #expect(
                try await api.send(.get, "/v1/people/\(annaID)", as: .admin).json["name"] as? String == "Anna Jansen")
            #expect(try await api.send(.get, "/v1/people/per_nobody", as: .admin).status == 404)
            #expect(try await api.send(.get, "/v1/people/\(annaID)", as: .practice).status == 403)

            let changed = try await api.send(
                .patch, "/v1/people/\(fennaID)", as: .admin,
                json:
                    #"{"name": "Fenna de Vries", "roles": ["facilitator"], "organisation": "HAP De Linde", "regions": []}"#
            )
            #expect(changed.status == 200, "\(changed.text)")
            #expect(changed.json["name"] as? String == "Fenna de Vries")
            #expect(changed.json["roles"] as? [String] == ["facilitator"])
            #expect(changed.json["organisation"] as? String == lindeID)
            #expect(changed.json["regions"] as? [String] == [])
            #expect(changed.json["notify"] as? String == "daily", "what is left out stays")
            let cleared = try await api.send(
                .patch, "/v1/people/\(fennaID)", as: .admin, json: #"{"organisation": null}"#)
            #expect(cleared.status == 200)
            #expect(cleared.json["organisation"] == nil)
            let stillSubmitter = try await api.send(
                .patch, "/v1/people/\(annaID)", as: .admin, json: #"{"organisation": null}"#)
            #expect(stillSubmitter.status == 422, "a submitter keeps an organisation")
            let taken = try await api.send(
                .patch, "/v1/people/\(fennaID)", as: .admin, json: #"{"email": "ANNA@delinde.nl"}"#)
            #expect(taken.status == 409)
            #expect(try await api.send(.patch, "/v1/people/per_nobody", as: .admin, json: "{}").status == 404)
            #expect(
                try await api.send(.patch, "/v1/people/\(fennaID)", as: .admin, json: #"{"active": "no"}"#).status
                    == 400)
            let unchanged = try await api.send(.get, "/v1/people/\(fennaID)", as: .admin)
            #expect(unchanged.json["email"] as? String == "fenna@ros.nl", "a refused change changes nothing")
            #expect(unchanged.json["name"] as? String == "Fenna de Vries")
        }
    }

    /// The register's refusals carry their code beside the English `detail`, as the engine's do;
    /// a problem that is not a refusal (a malformed body) has none.
    @Test("a refused entry's problem+json names the refusal's code; the detail is the English sentence")
    func refusalCodes() async throws {
        let fixture = try await APIFixture()
        defer { fixture.cleanup() }
        try await fixture.withServer { api in
            #expect(try await api.send(.post, "/v1/organisations", as: .admin, json: Self.linde).status == 201)
            let anna =
                #"{"name": "Anna", "email": "anna@delinde.nl", "roles": ["submitter"], "organisation": "HAP De Linde"}"#
            let created = try await api.send(.post, "/v1/people", as: .admin, json: anna)
            #expect(created.status == 201, "\(created.text)")
            let annaID = try #require(created.json["id"] as? String)

            let refusals: [(HTTPRequest.Method, String, String, Int, String, String)] = [
                (
                    .post, "/v1/organisations", #"{"name": "  ", "type": "ros", "region": "Twente"}"#, 422,
                    "name_empty",
                    "the organisation's name is empty"
                ),
                (
                    .post, "/v1/organisations", #"{"name": "hap de linde", "type": "ros", "region": "Twente"}"#, 409,
                    "organisation_name_taken", "an organisation named 'HAP De Linde' is registered already ("
                ),
                (
                    .post, "/v1/organisations", #"{"name": "X", "type": "apotheek", "region": "Twente"}"#, 422,
                    "organisation_type_unknown",
                    "unknown organisation type 'apotheek'; the types are huisartsenpraktijk"
                ),
                (
                    .post, "/v1/organisations", #"{"name": "X", "type": "ros", "region": "twente"}"#, 422,
                    "unknown_region_close", "unknown region 'twente'; did you mean 'Twente'?"
                ),
                (
                    .post, "/v1/people", #"{"name": "B", "email": "anna@", "roles": ["gatekeeper"]}"#, 422,
                    "email_invalid", "'anna@' is not an e-mail address: nothing comes after the @"
                ),
                (
                    .post, "/v1/people", #"{"name": "B", "email": "b@delinde", "roles": ["gatekeeper"]}"#, 422,
                    "email_domain_without_dot", "'b@delinde' is not an e-mail address: the domain 'delinde' has no dot"
                ),
                (
                    .post, "/v1/people", #"{"name": "B", "email": "ANNA@delinde.nl", "roles": ["gatekeeper"]}"#, 409,
                    "email_taken", "a person with the e-mail address 'anna@delinde.nl' is registered already"
                ),
                (
                    .post, "/v1/people", #"{"name": "B", "email": "b@x.nl", "roles": ["submitter"]}"#, 422,
                    "submitter_needs_organisation", "a submitter needs an organisation of the register"
                ),
                (
                    .post, "/v1/people",
                    #"{"name": "B", "email": "b@x.nl", "roles": ["submitter"], "organisation": "HAP De Eik"}"#, 422,
                    "organisation_unknown",
                    "unknown organisation 'HAP De Eik': give the id or name of a registered organisation"
                ),
                (
                    .post, "/v1/people", #"{"name": "B", "email": "b@x.nl", "roles": ["boss"]}"#, 422, "role_unknown",
                    "unknown role 'boss'; the roles are submitter, facilitator, gatekeeper, admin"
                ),
                (
                    .post, "/v1/people", #"{"name": "B", "email": "b@x.nl", "roles": []}"#, 422, "roles_missing",
                    "give at least one role: submitter, facilitator, gatekeeper, admin"
                ),
                (
                    .post, "/v1/people",
                    #"{"name": "B", "email": "b@x.nl", "roles": ["facilitator"], "notify": "weekly"}"#,
                    422, "notify_unknown", "unknown notification preference 'weekly'; use immediate, daily, off"
                ),
                (
                    .patch, "/v1/people/\(annaID)", #"{"name": "Anna\u0007"}"#, 422, "name_control_character",
                    "the name holds a control character"
                ),
                (.patch, "/v1/people/per_nobody", "{}", 404, "person_unknown", "no person 'per_nobody'"),
                (.get, "/v1/people/per_nobody", "", 404, "person_unknown", "no person 'per_nobody'"),
            ]
            for (method, path, body, status, code, detail) in refusals {
                let refused = try await api.send(method, path, as: .admin, json: body.isEmpty ? nil : body)
                #expect(refused.status == status, "\(path) \(body): \(refused.text)")
                #expect(refused.headers[.contentType] == "application/problem+json")
                #expect(refused.json["code"] as? String == code, "\(path) \(body): \(refused.text)")
                #expect((refused.json["detail"] as? String)?.hasPrefix(detail) == true, "\(refused.text)")
            }
            let malformed = try await api.send(.post, "/v1/people", as: .admin, json: #"{"name": "B", "rol": 1}"#)
            #expect(malformed.status == 400)
            #expect(malformed.json["code"] == nil, "not a refusal of the register")
            #expect(
                (try await api.send(.get, "/v1/people", as: .admin).json["people"] as? [[String: Any]])?.count == 1,
                "nothing stored")
        }
    }

    @Test("a person's token acts as them, /v1/me says who; deactivated, their token stops working")
    func personTokens() async throws {
        let fixture = try await APIFixture()
        defer { fixture.cleanup() }
        let clock = ManualClock(now: Date(timeIntervalSince1970: 1_790_000_000))
        try await fixture.withServer(clock: clock) { api in
            _ = try await api.send(.post, "/v1/organisations", as: .admin, json: Self.linde)
            let created = try await api.send(
                .post, "/v1/people", as: .admin,
                json:
                    #"{"name": "Anna Jansen", "email": "anna@delinde.nl", "roles": ["submitter", "gatekeeper"], "organisation": "HAP De Linde"}"#
            )
            let annaID = try #require(created.json["id"] as? String)
            let (secret, record) = TokenAuthority.issue(
                name: "Anna Jansen", role: "submitter", organisation: "HAP De Linde", personID: annaID, now: clock.now()
            )
            try await fixture.store.addToken(record)
            let bearer = ["Authorization": "Bearer \(secret)"]

            let me = try await api.send(.get, "/v1/me", as: nil, headers: bearer)
            #expect(me.status == 200, "\(me.text)")
            #expect(me.json["token"] as? String == record.id)
            #expect(me.json["name"] as? String == "Anna Jansen")
            #expect(me.json["role"] as? String == "submitter")
            #expect(me.json["organisation"] as? String == "HAP De Linde")
            #expect((me.json["person"] as? [String: Any])?["id"] as? String == annaID)

            // Today's rules, as the person: their organisation's ideas only.
            let summary = String(repeating: "Een regionaal loket voor stageplaatsen. ", count: 3)
            let idea = try await api.send(
                .post, "/v1/ideas", as: nil,
                json: """
                    {"workflow": "primary-care-innovation", "region": "Twente",
                     "fields": {"title": "Stagedesk", "summary": "\(summary)", "theme": "onderwijsvernieuwing"}}
                    """, headers: bearer)
            #expect(idea.status == 201, "\(idea.text)")
            #expect(idea.json["organisation"] as? String == "HAP De Linde")
            #expect(idea.json["submitted_by"] as? String == "Anna Jansen")
            let id = try #require(idea.json["id"] as? String)
            #expect(try await api.send(.get, "/v1/ideas/\(id)", as: .otherPractice).status == 404)

            let legacy = try await api.send(.get, "/v1/me", as: .practice)
            #expect(legacy.json["name"] as? String == "practice")
            #expect(legacy.json["organisation"] as? String == "HAP De Linde")
            #expect(legacy.json["person"] == nil)

            let deactivated = try await api.send(
                .patch, "/v1/people/\(annaID)", as: .admin, json: #"{"active": false}"#)
            #expect(deactivated.json["active"] as? Bool == false)
            clock.advance(by: 11)  // past the token cache
            let refused = try await api.send(.get, "/v1/me", as: nil, headers: bearer)
            #expect(refused.status == 401)
            #expect(refused.text.contains("no longer active"))
            _ = try await api.send(.patch, "/v1/people/\(annaID)", as: .admin, json: #"{"active": true}"#)
            _ = try await api.send(.patch, "/v1/people/\(annaID)", as: .admin, json: #"{"roles": ["gatekeeper"]}"#)
            clock.advance(by: 11)
            #expect(
                try await api.send(.get, "/v1/me", as: nil, headers: bearer).status == 401,
                "the person no longer has the token's role")
        }
    }

    @Test("submitting: once the register has organisations, an idea names one of them; a region is one of the 28")
    func submittingAgainstTheRegister() async throws {
        let fixture = try await APIFixture()
        defer { fixture.cleanup() }
        try await fixture.withServer { api in
            _ = try await api.submitIdea(as: .facilitator, organisation: "Wie dan ook")
            _ = try await api.send(.post, "/v1/organisations", as: .admin, json: Self.linde)
            let summary = String(repeating: "x", count: 30)
            func body(_ organisation: String, region: String = "Twente") -> String {
                """
                {"workflow": "primary-care-innovation", "region": "\(region)", "organisation": "\(organisation)",
                 "fields": {"title": "t", "summary": "\(summary)", "theme": "anders_besturen"}}
                """
            }
            let unknown = try await api.send(.post, "/v1/ideas", json: body("Wie dan ook"))
            #expect(unknown.status == 422)
            #expect(unknown.text.contains("not an organisation of the register"))
            let spelled = try await api.send(.post, "/v1/ideas", json: body("hap de linde"))
            #expect(spelled.status == 201, "\(spelled.text)")
            #expect(spelled.json["organisation"] as? String == "HAP De Linde")
            let practice = try await api.send(.post, "/v1/ideas", as: .practice, json: body("HAP De Linde"))
            #expect(practice.status == 201)
            let region = try await api.send(.post, "/v1/ideas", json: body("HAP De Linde", region: "Twentse Hoek"))
            #expect(region.status == 422)
            #expect(region.text.contains("did you mean 'Twente'?"))
        }
    }
}
