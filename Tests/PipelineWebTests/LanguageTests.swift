import Foundation
import PipelineCore
import PipelineTestSupport
import Testing

/// Dutch by default, English when the server or the person says so; the workflow's own words
/// (role names, stage descriptions) whatever the language.
@Suite("The pages' language")
struct LanguageTests {
    static let main = WebFixture.library.latest("primary-care-innovation")!

    @Test("a server without a language setting speaks Dutch, signed out and signed in")
    func dutchByDefault() async throws {
        try await WebFixture.withServer(language: nil) { web in
            let signin = try await web.get("/signin")
            #expect(signin.text.contains("<html lang=\"nl\">"))
            #expect(signin.text.contains("<title>Inloggen · Innovatiepijplijn</title>"))
            #expect(signin.text.contains("Log in met het token dat u hebt gekregen"))
            let wrong = try await web.post("/signin", nil, form: [("token", "pl_not-a-token")])
            #expect(wrong.text.contains("Dit token is onbekend of ingetrokken."))

            let browser = try await web.signIn(.practice)
            let board = try await web.get("/board/primary-care-innovation", browser)
            #expect(board.text.contains("<html lang=\"nl\">"))
            for text in ["Idee indienen", "Uitloggen", "Trechter", "Meldingen", "Hoe deze workflow werkt"] {
                #expect(board.text.contains(text), "\(text)")
            }
            #expect(!board.text.contains("Sign out"))
            let id = try await web.submitIdea()
            let idea = try await web.get("/ideas/\(id)", browser)
            #expect(idea.text.contains("Poortcriteria: Toets voorstel"))
            #expect(idea.text.contains("<strong>Probleem</strong> — nog niet ingevuld"))
            #expect(idea.text.contains("0 van 1 akkoord van Facilitator"))
        }
    }

    @Test("the server's language setting chooses English")
    func englishByConfiguration() async throws {
        try await WebFixture.withServer(language: "en") { web in
            #expect(try await web.get("/signin").text.contains("<html lang=\"en\">"))
            let board = try await web.get("/board/primary-care-innovation", try await web.signIn(.practice))
            #expect(board.text.contains("<html lang=\"en\">"))
            #expect(board.text.contains("Submit an idea"))
            #expect(board.text.contains("Sign out"))
        }
    }

    @Test("a person's choice in the footer wins over the server's default, and is kept in a cookie")
    func aPersonsChoice() async throws {
        try await WebFixture.withServer(language: nil) { web in
            let browser = try await web.signIn(.practice)
            let board = try await web.get("/board/primary-care-innovation?region=Twente", browser)
            // The switch: one button per language, named in its own language, back to this page.
            #expect(board.text.contains("<form class=\"language\" method=\"post\" action=\"/settings/language\""))
            #expect(board.text.contains("name=\"next\" value=\"/board/primary-care-innovation?region=Twente\""))
            #expect(board.text.contains("value=\"nl\" lang=\"nl\" aria-current=\"true\">Nederlands</button>"))
            #expect(board.text.contains("value=\"en\" lang=\"en\">English</button>"))

            let chosen = try await web.post(
                "/settings/language", browser,
                form: [("language", "en"), ("next", "/board/primary-care-innovation?region=Twente")])
            #expect(chosen.status == 303)
            #expect(chosen.location == "/board/primary-care-innovation?region=Twente")
            let cookie = try #require(chosen.setCookie)
            #expect(cookie.hasPrefix("pipeline_language=en;"))
            #expect(cookie.contains("SameSite=Lax"))
            #expect(cookie.contains("HttpOnly"))
            #expect(cookie.contains("Path=/"))
            #expect(!cookie.contains("Secure"), "plain http to 127.0.0.1 cannot keep a Secure cookie")

            let english = Browser(cookie: browser.cookie + "; pipeline_language=en", csrf: browser.csrf)
            let page = try await web.get("/board/primary-care-innovation", english)
            #expect(page.text.contains("<html lang=\"en\">"))
            #expect(page.text.contains("Submit an idea"))
            #expect(page.text.contains("value=\"en\" lang=\"en\" aria-current=\"true\">English</button>"))
            // Signed out, the sign-in form follows the choice too.
            let signin = try await web.get("/signin", Browser(cookie: "pipeline_language=en", csrf: ""))
            #expect(signin.text.contains("<html lang=\"en\">"))
            // A cookie of a language the pages do not speak is the server's default.
            let unknown = Browser(cookie: browser.cookie + "; pipeline_language=xx", csrf: browser.csrf)
            #expect(try await web.get("/funnel", unknown).text.contains("<html lang=\"nl\">"))
        }
    }

    @Test("the switch is a form like every other: a session, its CSRF token, a language the pages speak")
    func theSwitchIsGuarded() async throws {
        try await WebFixture.withServer(language: nil) { web in
            let browser = try await web.signIn(.practice)
            let forged = try await web.post("/settings/language", browser, form: [("language", "en")], csrf: "wrong")
            #expect(forged.status == 403)
            #expect(forged.setCookie == nil)
            let signedOut = try await web.post("/settings/language", nil, form: [("language", "en")])
            #expect(signedOut.status == 403)
            #expect(signedOut.setCookie == nil)
            let unknown = try await web.post("/settings/language", browser, form: [("language", "fr")])
            #expect(unknown.status == 422)
            #expect(unknown.text.contains("kies een van de talen: nl, en"))
            #expect(unknown.setCookie == nil)
            // Elsewhere than this site is never where it goes back to.
            let away = try await web.post(
                "/settings/language", browser, form: [("language", "en"), ("next", "https://elsewhere.example")])
            #expect(away.location == "/")
            let secure = try await web.post(
                "/settings/language", browser, form: [("language", "nl")], headers: ["X-Forwarded-Proto": "https"])
            #expect(secure.setCookie?.contains("; Secure") == true)
        }
    }

    @Test("roles are shown by the workflow's names, not by their ids, in either language")
    func roleNames() async throws {
        for language in ["nl", "en"] {
            try await WebFixture.withServer(language: language) { web in
                let gatekeeper = try await web.get("/funnel", try await web.signIn(.gatekeeper))
                #expect(gatekeeper.text.contains("gatekeeper · Lid poortcommissie</span>"), "\(language)")
                let practice = try await web.get("/funnel", try await web.signIn(.practice))
                #expect(practice.text.contains("practice · Indienende organisatie · HAP De Linde</span>"))

                // The business case gate: approvals and a scorecard by the gate committee.
                let id = try await web.submitIdea()
                try await FunnelPagesTests.toBusinessCase(web, id)
                let facilitator = try await web.signIn(.facilitator)
                let idea = try await web.get("/ideas/\(id)", facilitator).text
                #expect(!idea.contains("gatekeeper)"), "\(language)")
                #expect(!idea.contains("from gatekeeper"), "\(language)")
                #expect(!idea.contains("by gatekeeper"), "\(language)")
                let scorecard =
                    language == "nl"
                    ? "Scorekaart door Lid poortcommissie</strong> — 0 van 3 beoordelingen door Lid poortcommissie"
                    : "Scorecard by Lid poortcommissie</strong> — 0 of 3 reviews by Lid poortcommissie"
                #expect(idea.contains(scorecard), "\(language)")

                let admin = try await web.get("/people", try await web.signIn(.admin)).text
                let adminName = language == "nl" ? "Beheerder" : "Admin"
                #expect(admin.contains("<label for=\"person-role-gatekeeper\">Lid poortcommissie</label>"))
                #expect(admin.contains("<label for=\"person-role-admin\">\(adminName)</label>"), "\(language)")
            }
        }
    }

    @Test("the submit page and the idea page say what happens in the stage, from the workflow file")
    func stageDescriptions() async throws {
        let proposal = try #require(Self.main.stage("proposal")?.description)
        let businessCase = try #require(Self.main.stage("business_case")?.description)
        try await WebFixture.withServer(language: nil) { web in
            let browser = try await web.signIn(.practice)
            let submit = try await web.get("/submit/primary-care-innovation", browser).text
            #expect(submit.contains("<h2 id=\"h-stage-about\">Wat gebeurt er in deze fase?</h2>"))
            #expect(submit.contains("<p>\(proposal.htmlEscaped)</p>"))

            let id = try await web.submitIdea()
            let idea = try await web.get("/ideas/\(id)", browser).text
            #expect(idea.contains("Wat gebeurt er in deze fase?"))
            #expect(idea.contains(proposal.htmlEscaped))
            try await FunnelPagesTests.toBusinessCase(web, id)
            let later = try await web.get("/ideas/\(id)", browser).text
            #expect(later.contains(businessCase.htmlEscaped))
            #expect(!later.contains(proposal.htmlEscaped))
        }
    }

    @Test("every stage of the bundled workflows has a description for submitters")
    func bundledStagesAreDescribed() {
        for workflow in WebFixture.library.workflows {
            for stage in workflow.stages {
                #expect(stage.description?.isEmpty == false, "\(workflow.id).\(stage.id)")
            }
        }
    }
}
