import Foundation
import HTTPTypes
import PipelineTestSupport
import Testing

/// The idea page shows its owner, co-submitting organisations and assigned gatekeepers; a
/// facilitator changes the owner and assigns gatekeepers with small forms.
@Suite("An idea's people on its page")
struct IdeaPeoplePageTests {
    /// HAP De Linde (the practice's) and Zorggroep Twente; facilitators Fenna and Frank (Twente);
    /// gatekeepers Gerrit, Greet (HAP De Linde) and Gijs (Zorggroep Twente). Their ids by name.
    static func register(_ web: WebClient) async throws -> [String: String] {
        for name in ["HAP De Linde", "Zorggroep Twente"] {
            let created = try await web.api(
                .post, "/v1/organisations", as: .admin,
                json: #"{"name": "\#(name)", "type": "zorggroep", "region": "Twente"}"#)
            #expect(created.status == 201, "\(created.text)")
        }
        var ids: [String: String] = [:]
        for (name, role, organisation) in [
            ("Fenna", "facilitator", nil), ("Frank", "facilitator", nil), ("Gerrit", "gatekeeper", nil),
            ("Greet", "gatekeeper", "HAP De Linde"), ("Gijs", "gatekeeper", "Zorggroep Twente"),
        ] as [(String, String, String?)] {
            let org = organisation.map { #", "organisation": "\#($0)""# } ?? ""
            let created = try await web.api(
                .post, "/v1/people", as: .admin,
                json:
                    #"{"name": "\#(name)", "email": "\#(name.lowercased())@example.nl", "roles": ["\#(role)"], "regions": ["Twente"]\#(org)}"#
            )
            #expect(created.status == 201, "\(created.text)")
            ids[name] = created.json["id"] as? String
        }
        return ids
    }

    /// An idea of the practice with Zorggroep Twente as co-submitter, in the business case.
    static func idea(_ web: WebClient) async throws -> String {
        let summary = String(repeating: "Een regionaal loket voor stageplaatsen. ", count: 3)
        let reply = try await web.api(
            .post, "/v1/ideas", as: .practice,
            json: """
                {"workflow": "primary-care-innovation", "region": "Twente", "co_organisations": ["Zorggroep Twente"],
                 "fields": {"title": "Regionale stagedesk", "summary": "\(summary)", "theme": "onderwijsvernieuwing"}}
                """)
        #expect(reply.status == 201, "\(reply.text)")
        let id = reply.json["id"] as? String ?? ""
        try await web.toBusinessCase(id)
        return id
    }

    @Test("the page shows the owner, the co-submitters and the gatekeepers; only facilitators get the forms")
    func facts() async throws {
        try await WebFixture.withServer { web in
            let ids = try await Self.register(web)
            let id = try await Self.idea(web)
            let facilitator = try await web.get("/ideas/\(id)", try await web.signIn(.facilitator)).text
            #expect(facilitator.contains("<dt>Owner</dt><dd>Fenna</dd>"))
            #expect(facilitator.contains("<dt>Together with</dt><dd>Zorggroep Twente</dd>"))
            #expect(!facilitator.contains("<dt>Assigned gatekeepers</dt>"))
            #expect(facilitator.contains("action=\"/ideas/\(id)/owner\""))
            #expect(facilitator.contains("<option value=\"\(ids["Fenna"]!)\" selected>Fenna</option>"))
            #expect(facilitator.contains("<option value=\"\(ids["Frank"]!)\">Frank</option>"))
            #expect(!facilitator.contains("<option value=\"\(ids["Gerrit"]!)\""), "only facilitators hold ideas")
            #expect(facilitator.contains("action=\"/ideas/\(id)/gatekeepers\""))
            #expect(
                facilitator.contains(
                    "<input type=\"checkbox\" name=\"person\" value=\"\(ids["Gerrit"]!)\"> Gerrit (Lid poortcommissie)</label>"
                ))
            #expect(
                facilitator.contains(
                    "<input type=\"checkbox\" name=\"person\" value=\"\(ids["Greet"]!)\" disabled> Greet (Lid poortcommissie) (involved organisation)</label>"
                ))
            #expect(
                facilitator.contains(
                    "<input type=\"checkbox\" name=\"person\" value=\"\(ids["Gijs"]!)\" disabled> Gijs (Lid poortcommissie) (involved organisation)</label>"
                ))
            #expect(facilitator.contains("value=\"\(ids["Frank"]!)\"> Frank (Facilitator)</label>"))
            #expect(
                facilitator.contains(
                    "Who approves or scores at Beoordeling businesscase (Facilitator or Lid poortcommissie)."))

            let practice = try await web.get("/ideas/\(id)", try await web.signIn(.practice)).text
            #expect(practice.contains("<dt>Owner</dt><dd>Fenna</dd>"))
            #expect(!practice.contains("action=\"/ideas/\(id)/owner\""))
            #expect(!practice.contains("action=\"/ideas/\(id)/gatekeepers\""))
            #expect(!practice.contains(ids["Frank"]!), "the register is not shown to submitters")
            let gatekeeper = try await web.get("/ideas/\(id)", try await web.signIn(.gatekeeper)).text
            #expect(!gatekeeper.contains("action=\"/ideas/\(id)/gatekeepers\""))
        }
    }

    @Test("a facilitator changes the owner and assigns gatekeepers; refusals show the API's reason and store nothing")
    func forms() async throws {
        try await WebFixture.withServer { web in
            let ids = try await Self.register(web)
            let id = try await Self.idea(web)
            let browser = try await web.signIn(.facilitator)

            let owner = try await web.post("/ideas/\(id)/owner", browser, form: [("person", ids["Frank"]!)])
            #expect(owner.status == 303)
            #expect(owner.location == "/ideas/\(id)?done=owner")
            var page = try await web.get(owner.location!, browser).text
            #expect(page.contains("The idea has a new owner."))
            #expect(page.contains("<dt>Owner</dt><dd>Frank</dd>"))
            #expect(page.contains("gave the idea to Frank to hold, instead of Fenna"))

            let before = try await web.version(of: id)
            let wrong = try await web.post("/ideas/\(id)/owner", browser, form: [("person", ids["Gerrit"]!)])
            #expect(wrong.status == 422)
            #expect(wrong.text.contains("Gerrit (\(ids["Gerrit"]!)) is not a facilitator"))
            let empty = try await web.post("/ideas/\(id)/owner", browser, form: [])
            #expect(empty.status == 422)
            #expect(empty.text.contains("no person"))

            let assigned = try await web.post(
                "/ideas/\(id)/gatekeepers", browser, form: [("person", ids["Gerrit"]!), ("person", ids["Fenna"]!)])
            #expect(assigned.status == 303, "\(assigned.text)")
            #expect(assigned.location == "/ideas/\(id)?done=gatekeepers")
            page = try await web.get(assigned.location!, browser).text
            #expect(page.contains("The gatekeepers were assigned."))
            #expect(page.contains("<dt>Assigned gatekeepers</dt><dd>Gerrit, Fenna</dd>"))
            #expect(page.contains("value=\"\(ids["Gerrit"]!)\" checked> Gerrit"))
            #expect(page.contains("assigned Gerrit, Fenna to Beoordeling businesscase"))

            // A recused person, sent although the page offers them disabled: refused, saying why.
            let after = try await web.version(of: id)
            #expect(after == before + 1, "the refused owners stored nothing")
            let recused = try await web.post("/ideas/\(id)/gatekeepers", browser, form: [("person", ids["Greet"]!)])
            #expect(recused.status == 422)
            #expect(
                recused.text.contains(
                    "Greet (\(ids["Greet"]!)) belongs to HAP De Linde, which submitted this idea, and so is not assigned to gate &#39;Beoordeling businesscase&#39; (recusal)"
                ), "\(recused.text)")
            let practice = try await web.signIn(.practice)
            let forbidden = try await web.post("/ideas/\(id)/gatekeepers", practice, form: [("person", ids["Gerrit"]!)])
            #expect(forbidden.status == 403)
            #expect(forbidden.text.contains("only facilitators assign gatekeepers"))
            #expect(try await web.version(of: id) == after, "refusals store nothing")

            let cleared = try await web.post("/ideas/\(id)/gatekeepers", browser, form: [])
            #expect(cleared.status == 303)
            page = try await web.get("/ideas/\(id)", browser).text
            #expect(!page.contains("<dt>Assigned gatekeepers</dt>"))
            #expect(page.contains("assigned nobody to Beoordeling businesscase"))
        }
    }
}
