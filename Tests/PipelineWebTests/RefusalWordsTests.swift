import Foundation
import HTTPTypes
import PipelineCore
import PipelineDefinition
import PipelineStore
import PipelineTestSupport
import Testing

@testable import PipelineWeb

/// Every refusal worded in every language the pages speak, from the labels `refusal_<code>`, with
/// the workflow's names for ids; and refused commands on the pages in Dutch and in English.
@Suite("Refusals in Dutch and English")
struct RefusalWordsTests {
    static let workflow = GateWordsTests.workflow

    static func placeholders(_ text: String) -> Set<String> {
        Set(text.matches(of: #/\{([a-z_]+)\}/#).map { String($0.output.1) })
    }

    @Test("every code has a label in every language, with exactly the placeholders its values provide")
    func everyCodeIsWorded() throws {
        let languages = try LabelsTests.languages()
        #expect(languages.count >= 2)
        for (file, labels) in languages {
            for code in Refusal.Code.allCases {
                let label = try #require(labels["refusal_\(code.rawValue)"], "\(file) lacks refusal_\(code.rawValue)")
                #expect(
                    Self.placeholders(label) == Set(code.example.values.keys), "\(file): refusal_\(code.rawValue)")
            }
            for (name, words) in Refusal.wordValues {
                for word in words {
                    let label = labels["refusal_\(name)_\(word)"]
                    #expect(label != nil, "\(file) lacks refusal_\(name)_\(word)")
                    #expect(label.map(Self.placeholders)?.isEmpty != false)
                }
            }
            // No other refusal_ label: each is a code or one of the words of a value.
            let known = Set(Refusal.Code.allCases.map { "refusal_\($0.rawValue)" }).union(
                Refusal.wordValues.flatMap { name, words in words.map { "refusal_\(name)_\($0)" } })
            let stray = labels.keys.filter { $0.hasPrefix("refusal_") && !known.contains($0) }.sorted()
            #expect(stray.isEmpty, "\(file): \(stray)")
        }
    }

    @Test("every example is worded in full, in Dutch and in English, without a placeholder left")
    func everyExampleIsWorded() throws {
        for language in ["nl", "en"] {
            let words = RefusalWords(workflow: Self.workflow, labels: try Labels(language: language))
            let bare = RefusalWords(workflow: nil, labels: try Labels(language: language))
            for code in Refusal.Code.allCases {
                for sentence in [words.message(code.example), bare.message(code.example)] {
                    #expect(!sentence.hasPrefix("refusal_"), "\(language): \(sentence)")
                    for name in code.example.values.keys {
                        #expect(!sentence.contains("{\(name)}"), "\(language): \(sentence)")
                    }
                }
            }
        }
    }

    @Test("ids become the workflow's names, numbers and days are Dutch, fields are worded as the form shows them")
    func namesNumbersAndFields() throws {
        let nl = RefusalWords(workflow: Self.workflow, labels: try Labels(language: "nl"))
        let en = RefusalWords(workflow: Self.workflow, labels: try Labels(language: "en"))
        let cases: [(Refusal, nl: String, en: String)] = [
            (
                .recycleNotEarlier(earlier: ["proposal", "business_case"]),
                "Terugsturen kan alleen naar een eerdere fase: Voorstel, Businesscase.",
                "recycle goes back to an earlier stage: Voorstel, Businesscase"
            ),
            (
                .onHold(before: .changeFields),
                "Dit idee staat in de wacht; hervat het eerst, dan kunt u velden wijzigen.",
                "idea is on hold; resume it before you change fields"
            ),
            (
                .closedNoDecisions(status: .killed), "Dit idee is gestopt; er vallen geen besluiten meer over.",
                "idea is stopped; it takes no more decisions"
            ),
            (
                .textTooLong(.comment, limit: 4_000), "De opmerking is langer dan 4.000 tekens.",
                "the comment is longer than 4.000 characters"
            ),
            (
                .conditionDuePassed(number: 2, due: CalendarDay.start(of: "2027-03-01")!),
                "Voorwaarde 2 moet uiterlijk 1 maart 2027 vervuld zijn, en die dag is voorbij.",
                "condition 2 is due 1 maart 2027, which has passed"
            ),
            (
                .recused(
                    person: "gea", recusal: .submitting("HAP De Linde"), action: .score, gate: "business_case_review"),
                "gea hoort bij HAP De Linde, de indiener van dit idee, en mag daarom bij poort Beoordeling businesscase niet scoren.",
                "gea belongs to HAP De Linde, which submitted this idea, and so does not score at gate 'Beoordeling businesscase' (recusal)"
            ),
            (
                .unknownCriterion("x", criteria: ["impact"]),
                "Onbekend criterium ‘x’; de criteria zijn \(Self.criterion("impact")).",
                "unknown criterion 'x'; the criteria are \(Self.criterion("impact"))"
            ),
        ]
        for (refusal, dutch, english) in cases {
            #expect(nl.message(refusal) == dutch)
            #expect(en.message(refusal) == english)
        }
        // A role's name in the workflow; without a workflow, the label of the role.
        let role = try #require(Self.workflow.roles.first { $0.id == "submitter" }).name
        #expect(
            nl.message(.approveWrongRole(gate: "proposal_review", roles: ["facilitator"], role: "submitter"))
                .hasSuffix("niet aan \(role)."))
        let bare = RefusalWords(workflow: nil, labels: try Labels(language: "nl"))
        #expect(bare.message(.roleDoesNotSubmit(role: "gatekeeper")) == "De rol Beoordelaar dient geen ideeën in.")
        #expect(
            bare.message(.stageTerminal(stage: "done"))
                == "De fase done is een eindfase; er is geen poort om over te besluiten.")

        // Field problems: next to the field in its own terms, and together after the fields' labels.
        let cost = FieldProblem(field: "cost_eur", .fieldAboveMaximum(310_000, max: 250_000))
        let cap = try #require(Self.workflow.field("cost_eur"))
        #expect(nl.message(cost) == "Dit is € 310.000; hoogstens € 250.000.")
        #expect(en.message(cost) == "is € 310.000; at most € 250.000")
        #expect(
            nl.message(.invalidFields([cost, FieldProblem(field: "summary", .fieldRequired)]))
                == "\(cap.label): Dit is € 310.000; hoogstens € 250.000; "
                + "\(Self.workflow.field("summary")!.label): Dit veld is verplicht.")
        let theme = try #require(Self.workflow.field("theme"))
        guard case .choice(let options) = theme.type else {
            Issue.record("theme is a choice")
            return
        }
        let wrong = FieldProblem(field: "theme", .fieldNotAnOption("sport", options: options))
        #expect(nl.message(wrong).hasPrefix("‘sport’ is geen van de keuzes: \(options[0].label), "))
        #expect(
            nl.message(FieldProblem(field: "privacy_checked", .fieldWrongType(expected: .boolean)))
                == "Dit moet ja of nee zijn.")
        #expect(nl.message(.notFound(idea: "x")) == "Idee ‘x’ bestaat niet, of u mag het niet zien.")
    }

    @Test("the register's refusals: English as the CLI and the API say them, Dutch as people read them")
    func registerRefusals() throws {
        let en = RefusalWords(workflow: nil, labels: try Labels(language: "en"))
        let nl = RefusalWords(workflow: nil, labels: try Labels(language: "nl"))
        // Each whose values are shown as they are: the English label is the English sentence.
        let english: [Refusal] =
            EmailAddress.Reason.allCases.map { .emailInvalid("anna@", reason: $0) } + [
                .nameTooLong(.organisationName, limit: 200), .nameControlCharacter(.personName),
                .nameEmpty(.organisationName), .nameEmpty(.personName), .roleTwice("king"), .regionEmpty,
                .regionInvalid(limit: 200), .regionTwice("Twente"), .submitterNeedsOrganisation,
                .emailNotASCII("jürgen@zorg.nl", character: "ü"), .emailCharacterNotAllowed("a;b@x.nl", character: ";"),
                .emailDomainWithoutDot("b@ros", domain: "ros"), .emailDomainDots("b@ros..nl", domain: "ros..nl"),
                .emailDomainCharacters("b@a_b.nl", domain: "a_b.nl"), .organisationNameTaken("HAP Oost", id: nil),
                .emailTaken("anna@delinde.nl"), .organisationUnknown("HAP De Eik"), .personUnknown(id: "per_x"),
            ]
        for refusal in english {
            #expect(en.message(refusal) == refusal.message)
            #expect(en.message(RegisterFailure.invalid(refusal)) == refusal.message)
        }
        let cases: [(Refusal, String)] = [
            (.nameEmpty(.organisationName), "De naam van de organisatie is leeg."),
            (.nameTooLong(.personName, limit: 200), "De naam is langer dan 200 tekens."),
            (.emailInvalid("anna@", reason: .nothingAfterAt), "‘anna@’ is geen e-mailadres: er staat niets na de @."),
            (
                .organisationNameTaken("Huisartsenpraktijk Oost", id: "org_1"),
                "Er is al een organisatie met de naam ‘Huisartsenpraktijk Oost’."
            ),
            (
                .notifyUnknown("weekly"),
                "Onbekende keuze voor meldingen ‘weekly’; kies een van: direct, dagoverzicht, uit."
            ),
        ]
        for (refusal, dutch) in cases { #expect(nl.message(refusal) == dutch) }
        // Organisation types by their labels; roles by the names the people pages give them.
        #expect(
            nl.message(.organisationTypeUnknown("apotheek"))
                .hasPrefix("Onbekende soort organisatie ‘apotheek’; kies een van: Huisartsenpraktijk, HAGRO, Zorggroep")
        )
        let named = RefusalWords(workflow: nil, labels: try Labels(language: "nl"), roleNames: ["admin": "Beheer"])
        #expect(named.message(.roleTwice("admin")) == "De rol Beheer staat er twee keer in.")
        #expect(nl.message(.roleTwice("admin")) == "De rol Beheerder staat er twee keer in.")
        #expect(nl.message(RegisterFailure.store(.unavailable("down"))) == "de database is niet bereikbaar")
    }

    static func criterion(_ id: String) -> String {
        workflow.gates.lazy.compactMap { $0.scorecard?.criteria.first { $0.id == id }?.label }.first ?? id
    }

    /// An idea in its pilot with one condition of its go, refused four ways as the page's language
    /// says them: a submitter deciding, a hold without a review date, recycling to a later stage,
    /// a condition it does not have. The API says the same in English, with the code.
    @Test("a refused command on a Dutch page says why in Dutch, on an English page in English")
    func refusedOnThePages() async throws {
        let clock = ManualClock(now: TimePagesTests.start)
        try await WebFixture.withServer(clock: clock, language: nil) { web in
            let id = try await web.submitIdea()
            try await web.toBusinessCase(id)
            try await web.businessCaseGateHolds(id)
            let go = try await web.api(
                .post, "/v1/ideas/\(id)/decisions",
                json: #"{"decision": "go", "conditions": [{"text": "DPIA afronden", "due": "2027-03-01"}]}"#)
            #expect(go.json["stage"] as? String == "pilot", "\(go.text)")

            let dutch = (
                practice: try await web.signIn(.practice), facilitator: try await web.signIn(.facilitator)
            )
            func english(_ browser: Browser) -> Browser {
                Browser(cookie: browser.cookie + "; pipeline_language=en", csrf: browser.csrf)
            }
            let refusals: [(String, Bool, [(String, String)], Int, nl: String, en: String)] = [
                (
                    "decide", true, [("decision", "go")], 403, "Alleen facilitators besluiten bij een poort.",
                    "only facilitators decide at gates"
                ),
                (
                    "decide", false, [("decision", "hold"), ("reason", "wacht op subsidie")], 422,
                    "Kies een herbeoordelingsdatum: de dag waarop het idee weer op tafel komt.",
                    "a hold needs a review date (until), when the idea resurfaces"
                ),
                (
                    "decide", false, [("decision", "recycle"), ("to", "regional_implementation"), ("reason", "x")], 422,
                    "Terugsturen kan alleen naar een eerdere fase: Voorstel, Businesscase.",
                    "recycle goes back to an earlier stage: Voorstel, Businesscase"
                ),
                (
                    "condition", false, [("number", "4")], 422,
                    "Idee \(id) heeft geen voorwaarde 4; de voorwaarden zijn 1.",
                    "idea '\(id)' has no condition 4; its conditions are 1"
                ),
            ]
            for (action, bySubmitter, form, status, nl, en) in refusals {
                let browser = bySubmitter ? dutch.practice : dutch.facilitator
                let page = try await web.post("/ideas/\(id)/\(action)", browser, form: form)
                #expect(page.status == status, "\(nl)")
                #expect(page.text.contains("<html lang=\"nl\">"))
                #expect(page.text.contains(nl.htmlEscaped), "\(page.text)")
                let other = try await web.post("/ideas/\(id)/\(action)", english(browser), form: form)
                #expect(other.status == status)
                #expect(other.text.contains("<html lang=\"en\">"))
                #expect(other.text.contains(en.htmlEscaped), "\(en)")
                #expect(!other.text.contains(nl.htmlEscaped))
            }
            #expect(try await web.api(.get, "/v1/ideas/\(id)").json["stage"] as? String == "pilot", "nothing happened")

            // A form closed for now says why in the page's language too.
            let hold = try await web.api(
                .post, "/v1/ideas/\(id)/decisions", json: #"{"decision": "hold", "reason": "x", "until": "2027-03-01"}"#
            )
            #expect(hold.status == 200, "\(hold.text)")
            let closed = try await web.get("/ideas/\(id)", dutch.practice).text
            #expect(
                closed.contains(
                    "<p class=\"closed\">Dit idee staat in de wacht; hervat het eerst, dan kunt u velden wijzigen.</p>")
            )
            let closedEnglish = try await web.get("/ideas/\(id)", english(dutch.practice)).text
            #expect(
                closedEnglish.contains("<p class=\"closed\">idea is on hold; resume it before you change fields</p>"))

            // The API keeps its English detail, and names the refusal with its code.
            let api = try await web.api(
                .post, "/v1/ideas/\(id)/decisions", as: .practice, json: #"{"decision": "go"}"#)
            #expect(api.status == 403)
            #expect(api.json["detail"] as? String == "only facilitators decide at gates")
            #expect(api.json["code"] as? String == "decide_not_facilitator")
        }
    }
}
