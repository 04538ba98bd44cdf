import Foundation
import PipelineCore
import PipelineStore
import PipelineStoreSQLite
import PipelineTestSupport
import Testing

/// Admins register organisations and people and change them on `/people` and `/people/{id}`,
/// through the same register as the CLI and the API; nobody else may, over real HTTP.
@Suite("People pages")
struct PeoplePagesTests {
    /// A person form as the page sends it.
    static func personForm(
        name: String = "Anna de Vries", email: String = "anna@delinde.nl", roles: [String] = ["submitter"],
        organisation: String, regions: [String] = [], notify: String = "daily"
    ) -> [(String, String)] {
        [("name", name), ("email", email), ("organisation", organisation), ("notify", notify)]
            + roles.map { ("roles", $0) } + regions.map { ("regions", $0) }
    }

    static func organisationID(_ web: WebClient, _ name: String) async throws -> String {
        try #require(try await web.store.organisations().first { $0.name == name }?.id)
    }

    @Test("an admin registers an organisation and a person, changes and deactivates them, and the register shows it")
    func register() async throws {
        try await WebFixture.withServer { web in
            let admin = try await web.signIn(.admin)
            let empty = try await web.get("/people", admin)
            #expect(empty.status == 200)
            // The forms: labelled inputs, the types with their labels, the configured regions,
            // the roles and regions as checkboxes in fieldsets; no token.
            #expect(empty.text.contains(#"<label for="organisation-name">"#))
            #expect(empty.text.contains(#"<option value="huisartsenpost">Huisartsenpost</option>"#))
            #expect(empty.text.contains(#"<option value="Utrecht en omgeving">Utrecht en omgeving</option>"#))
            #expect(empty.text.contains(#"<legend>Roles</legend>"#))
            #expect(
                empty.text.contains(
                    #"<input type="checkbox" id="person-role-submitter" name="roles" value="submitter">"#))
            #expect(empty.text.contains(#"<label for="person-region-3">Utrecht en omgeving</label>"#))
            #expect(empty.text.contains("Tokens are not issued here"))

            let added = try await web.post(
                "/organisations", admin,
                form: [("name", "HAP De Linde"), ("type", "huisartsenpost"), ("region", "Twente")])
            #expect(added.status == 303)
            #expect(added.location == "/people?done=people_organisation_added")
            let linde = try await Self.organisationID(web, "HAP De Linde")
            let organisation = try #require(try await web.store.organisation(id: linde))
            #expect(organisation.type == .huisartsenpost && organisation.region == "Twente")

            let person = try await web.post("/people", admin, form: Self.personForm(organisation: linde))
            #expect(person.status == 303, "\(person.text)")
            #expect(person.location == "/people?done=people_person_added")
            let anna = try #require(try await web.store.person(email: "anna@delinde.nl"))
            #expect(anna.roles == ["submitter"] && anna.organisationID == linde && anna.notify == .daily && anna.active)

            let page = try await web.get("/people?done=people_person_added", admin)
            #expect(page.text.contains("The person was registered."))
            #expect(page.text.contains("<td>HAP De Linde</td><td>Huisartsenpost</td><td>Twente</td><td>1</td>"))
            #expect(
                page.text.contains(
                    "<td><a href=\"/people/\(anna.id)\">Anna de Vries</a></td><td>anna@delinde.nl</td><td>Indienende organisatie</td><td>HAP De Linde</td>"
                ))

            // Her page: the same form, filled in.
            let form = try await web.get("/people/\(anna.id)", admin)
            #expect(form.status == 200)
            #expect(form.text.contains(#"action="/people/\#(anna.id)""#))
            #expect(form.text.contains(#"value="anna@delinde.nl""#))
            #expect(form.text.contains(#"value="submitter" checked>"#))
            #expect(form.text.contains(#"<option value="\#(linde)" selected>HAP De Linde</option>"#))
            #expect(form.text.contains(#"<option value="daily" selected>"#))
            #expect(form.text.contains(#"action="/people/\#(anna.id)/deactivate""#))

            // Changed into a facilitator serving two regions, without an organisation.
            let changed = try await web.post(
                "/people/\(anna.id)", admin,
                form: Self.personForm(
                    name: "Anna de Vries-Bakker", email: "Anna@ROS.nl", roles: ["facilitator", "gatekeeper"],
                    organisation: "", regions: ["Twente", "Utrecht en omgeving"], notify: "off"))
            #expect(changed.status == 303, "\(changed.text)")
            #expect(changed.location == "/people/\(anna.id)?done=people_person_saved")
            let now = try #require(try await web.store.person(id: anna.id))
            #expect(now.name == "Anna de Vries-Bakker" && now.email == "anna@ros.nl")
            #expect(now.roles == ["facilitator", "gatekeeper"] && now.organisationID == nil)
            #expect(now.regions == ["Twente", "Utrecht en omgeving"] && now.notify == .off)

            let deactivated = try await web.post("/people/\(anna.id)/deactivate", admin, form: [])
            #expect(deactivated.status == 303)
            #expect(deactivated.location == "/people/\(anna.id)?done=people_deactivated")
            #expect(try await web.store.person(id: anna.id)?.active == false)
            let inactive = try await web.get("/people/\(anna.id)?done=people_deactivated", admin)
            #expect(inactive.text.contains("The person was deactivated."))
            #expect(inactive.text.contains(#"action="/people/\#(anna.id)/activate""#))
            #expect(try await web.get("/people", admin).text.contains(#"<tr class="inactive">"#))

            #expect(try await web.post("/people/\(anna.id)/activate", admin, form: []).status == 303)
            #expect(try await web.store.person(id: anna.id)?.active == true)

            // An unknown person: a 404 page, for every route.
            #expect(try await web.get("/people/per_nobody", admin).status == 404)
            #expect(
                try await web.post("/people/per_nobody", admin, form: Self.personForm(organisation: "")).status == 404)
            #expect(try await web.post("/people/per_nobody/deactivate", admin, form: []).status == 404)
        }
    }

    @Test("every refusal shows the form again with the reason and what was typed, and stores nothing")
    func refusals() async throws {
        try await WebFixture.withServer { web in
            let admin = try await web.signIn(.admin)
            #expect(
                try await web.post(
                    "/organisations", admin,
                    form: [("name", "HAP De Linde"), ("type", "huisartsenpost"), ("region", "Twente")]
                ).status == 303)
            let linde = try await Self.organisationID(web, "HAP De Linde")
            #expect(try await web.post("/people", admin, form: Self.personForm(organisation: linde)).status == 303)
            let anna = try #require(try await web.store.person(email: "anna@delinde.nl"))

            func organisationRefused(_ form: [(String, String)], status: Int, reason: String) async throws {
                let reply = try await web.post("/organisations", admin, form: form)
                #expect(reply.status == status, "\(form): \(reply.text)")
                #expect(reply.text.contains(#"id="organisation-refusal">"#), "\(form)")
                #expect(reply.text.contains(reason.htmlEscaped), "\(form): \(reply.text)")
                #expect(reply.text.contains(#"value="\#(form[0].1.htmlEscaped)""#), "the name stays: \(form)")
                #expect(try await web.store.organisations().count == 1, "\(form)")
            }
            try await organisationRefused(
                [("name", "hap de linde"), ("type", "hagro"), ("region", "Twente")], status: 409,
                reason: "an organisation named 'HAP De Linde' is registered already")
            try await organisationRefused(
                [("name", "Zorggroep Noord"), ("type", "zorggroep"), ("region", "Friesland")], status: 422,
                reason: "unknown region 'Friesland'")
            try await organisationRefused(
                [("name", "Zorggroep Noord"), ("type", "ziekenhuis"), ("region", "Twente")], status: 422,
                reason: "unknown organisation type 'ziekenhuis'")
            try await organisationRefused(
                [("name", String(repeating: "x", count: 300)), ("type", "zorggroep"), ("region", "Twente")],
                status: 422, reason: "the organisation's name is longer than 200 characters")
            // What was chosen stays chosen.
            let kept = try await web.post(
                "/organisations", admin, form: [("name", "Zorggroep Noord"), ("type", "zorggroep"), ("region", "Mars")])
            #expect(kept.text.contains(#"<option value="zorggroep" selected>Zorggroep</option>"#))

            func personRefused(_ path: String, _ form: [(String, String)], status: Int, reason: String) async throws {
                let before = try await web.store.people()
                let reply = try await web.post(path, admin, form: form)
                #expect(reply.status == status, "\(form): \(reply.text)")
                #expect(reply.text.contains(#"id="person-refusal">"#), "\(form)")
                #expect(reply.text.contains(reason.htmlEscaped), "\(form): \(reply.text)")
                #expect(reply.text.contains(#"value="\#(form[1].1.htmlEscaped)""#), "the address stays: \(form)")
                #expect(try await web.store.people() == before, "\(form)")
            }
            for path in ["/people", "/people/\(anna.id)"] {
                try await personRefused(
                    path, Self.personForm(email: "not an address", organisation: linde), status: 422,
                    reason: "'not an address' is not an e-mail address: it contains a space")
                try await personRefused(
                    path, Self.personForm(email: "bert@delinde.nl", organisation: ""), status: 422,
                    reason: "a submitter needs an organisation of the register")
                try await personRefused(
                    path,
                    Self.personForm(
                        email: "bert@delinde.nl", roles: ["facilitator"], organisation: "",
                        regions: ["Mars"]), status: 422, reason: "unknown region 'Mars'")
                try await personRefused(
                    path, Self.personForm(email: "bert@delinde.nl", roles: ["king"], organisation: linde),
                    status: 422, reason: "unknown role 'king'")
                try await personRefused(
                    path, Self.personForm(email: "bert@delinde.nl", organisation: "org_nothing"), status: 422,
                    reason: "unknown organisation 'org_nothing'")
            }
            // Another address already registered: 409, on registering and on changing.
            try await personRefused(
                "/people", Self.personForm(name: "Anna II", organisation: linde), status: 409,
                reason: "a person with the e-mail address 'anna@delinde.nl' is registered already")
            #expect(
                try await web.post(
                    "/people", admin, form: Self.personForm(name: "Bert", email: "bert@delinde.nl", organisation: linde)
                ).status == 303)
            let bert = try #require(try await web.store.person(email: "bert@delinde.nl"))
            let duplicate = try await web.post(
                "/people/\(bert.id)", admin, form: Self.personForm(name: "Bert", organisation: linde))
            #expect(duplicate.status == 409)
            #expect(duplicate.text.contains("a person with the e-mail address &#39;anna@delinde.nl&#39;"))
            #expect(try await web.store.person(id: bert.id) == bert)

            // A huge field (within the form's size limit, which closes the connection as the API's
            // does): the register's limit, with the reason.
            try await personRefused(
                "/people",
                Self.personForm(name: String(repeating: "a", count: 100_000), email: "c@x.nl", organisation: linde),
                status: 422, reason: "the name is longer than 200 characters")
            try await personRefused(
                "/people/\(anna.id)",
                Self.personForm(email: String(repeating: "c", count: 50_000) + "@x.nl", organisation: linde),
                status: 422, reason: "is not an e-mail address: it is longer than 254 bytes")
            // Forms without the session's CSRF token.
            for path in ["/organisations", "/people", "/people/\(anna.id)", "/people/\(anna.id)/deactivate"] {
                let form =
                    [("name", "Zorggroep Noord"), ("type", "zorggroep"), ("region", "Twente")]
                    + Self.personForm(email: "c@x.nl", organisation: linde).dropFirst()
                let forged = try await web.post(path, admin, form: form, csrf: "forged")
                #expect(forged.status == 403, "\(path)")
                #expect(forged.text.contains("did not come from this site"), "\(path)")
                #expect(try await web.post(path, admin, form: form, csrf: "").status == 403, "\(path)")
            }
            #expect(try await web.store.organisations().count == 1)
            #expect(try await web.store.people().count == 2)
            #expect(try await web.store.person(id: anna.id) == anna)
        }
    }

    /// The register's refusals in the page's language (``RefusalWords``, the labels
    /// `refusal_<code>`): Dutch by default, English with the language cookie, as the CLI and the
    /// API say them.
    @Test("a refused organisation or person says why in Dutch on a Dutch page, in English on an English one")
    func refusalsInThePagesLanguage() async throws {
        try await WebFixture.withServer(language: nil) { web in
            let dutch = try await web.signIn(.admin)
            let english = Browser(cookie: dutch.cookie + "; pipeline_language=en", csrf: dutch.csrf)
            let oostForm = [("name", "Huisartsenpraktijk Oost"), ("type", "huisartsenpraktijk"), ("region", "Twente")]
            #expect(try await web.post("/organisations", dutch, form: oostForm).status == 303)
            let oost = try await Self.organisationID(web, "Huisartsenpraktijk Oost")
            #expect(try await web.post("/people", dutch, form: Self.personForm(organisation: oost)).status == 303)
            let anna = try #require(try await web.store.person(email: "anna@delinde.nl"))
            let (organisations, people) = (try await web.store.organisations(), try await web.store.people())

            let refusals: [(String, [(String, String)], Int, nl: String, en: String)] = [
                (
                    "/organisations", [("name", "huisartsenpraktijk oost"), ("type", "hagro"), ("region", "Twente")],
                    409, "Er is al een organisatie met de naam ‘Huisartsenpraktijk Oost’.",
                    "an organisation named 'Huisartsenpraktijk Oost' is registered already"
                ),
                (
                    "/organisations", [("name", " "), ("type", "hagro"), ("region", "Twente")], 422,
                    "De naam van de organisatie is leeg.", "the organisation's name is empty"
                ),
                (
                    "/organisations", [("name", "Zorggroep Noord"), ("type", "zorggroep"), ("region", "twente")], 422,
                    "Onbekende regio ‘twente’; bedoelt u ‘Twente’?", "unknown region 'twente'; did you mean 'Twente'?"
                ),
                (
                    "/people", Self.personForm(name: "Bert", email: "anna@", organisation: oost), 422,
                    "‘anna@’ is geen e-mailadres: er staat niets na de @.",
                    "'anna@' is not an e-mail address: nothing comes after the @"
                ),
                (
                    "/people", Self.personForm(name: "Anna II", organisation: oost), 409,
                    "Er is al een persoon met het e-mailadres ‘anna@delinde.nl’.",
                    "a person with the e-mail address 'anna@delinde.nl' is registered already"
                ),
                (
                    "/people", Self.personForm(name: "Bert", email: "bert@delinde.nl", organisation: ""), 422,
                    "Een indiener heeft een organisatie uit het register nodig.",
                    "a submitter needs an organisation of the register"
                ),
                (
                    "/people", Self.personForm(name: "", email: "bert@delinde.nl", organisation: oost), 422,
                    "De naam is leeg.", "the name is empty"
                ),
                (
                    "/people/\(anna.id)", Self.personForm(email: "anna@delinde", organisation: oost), 422,
                    "‘anna@delinde’ is geen e-mailadres: het domein ‘delinde’ heeft geen punt.",
                    "'anna@delinde' is not an e-mail address: the domain 'delinde' has no dot"
                ),
                (
                    "/people/\(anna.id)", Self.personForm(email: "anna@delinde.nl", organisation: "org_nothing"), 422,
                    "Onbekende organisatie ‘org_nothing’: kies een organisatie uit het register.",
                    "unknown organisation 'org_nothing': give the id or name of a registered organisation"
                ),
            ]
            for (path, form, status, nl, en) in refusals {
                let page = try await web.post(path, dutch, form: form)
                #expect(page.status == status, "\(path) \(form): \(page.text)")
                #expect(page.text.contains("<html lang=\"nl\">"))
                #expect(page.text.contains(nl.htmlEscaped), "\(nl): \(page.text)")
                #expect(!page.text.contains(en.htmlEscaped), "\(en)")
                let other = try await web.post(path, english, form: form)
                #expect(other.status == status)
                #expect(other.text.contains("<html lang=\"en\">"))
                #expect(other.text.contains(en.htmlEscaped), "\(en): \(other.text)")
                #expect(!other.text.contains(nl.htmlEscaped), "\(nl)")
            }
            #expect(try await web.store.organisations() == organisations, "nothing stored")
            #expect(try await web.store.people() == people, "nothing stored or changed")
        }
    }

    @Test("facilitators and submitters get 403 on every route, GET and POST")
    func othersRefused() async throws {
        try await WebFixture.withServer { web in
            let admin = try await web.signIn(.admin)
            #expect(
                try await web.post(
                    "/organisations", admin,
                    form: [("name", "HAP De Linde"), ("type", "huisartsenpost"), ("region", "Twente")]
                ).status == 303)
            let linde = try await Self.organisationID(web, "HAP De Linde")
            #expect(try await web.post("/people", admin, form: Self.personForm(organisation: linde)).status == 303)
            let anna = try #require(try await web.store.person(email: "anna@delinde.nl"))
            for person in [WebFixture.Person.facilitator, .practice] {
                let browser = try await web.signIn(person)
                for path in ["/people", "/people/\(anna.id)", "/people/per_nobody"] {
                    let reply = try await web.get(path, browser)
                    #expect(reply.status == 403, "\(person) GET \(path)")
                    #expect(!reply.text.contains("anna@delinde.nl"), "\(person) GET \(path)")
                }
                let posts: [(String, [(String, String)])] = [
                    ("/organisations", [("name", "Zorggroep Noord"), ("type", "zorggroep"), ("region", "Twente")]),
                    ("/people", Self.personForm(email: "bert@delinde.nl", organisation: linde)),
                    ("/people/\(anna.id)", Self.personForm(email: "bert@delinde.nl", organisation: linde)),
                    ("/people/\(anna.id)/deactivate", []), ("/people/\(anna.id)/activate", []),
                ]
                for (path, form) in posts {
                    let reply = try await web.post(path, browser, form: form)
                    #expect(reply.status == 403, "\(person) POST \(path)")
                    #expect(reply.text.contains("only admins see and change the registers"), "\(person) POST \(path)")
                }
            }
            #expect(try await web.store.organisations().count == 1)
            #expect(try await web.store.people() == [anna])
        }
    }
}
