import Foundation
import HTTPTypes
import PipelineStore
import PipelineStoreSQLite
import PipelineTestSupport
import Testing

@Suite("Idea page and its forms")
struct IdeaPageTests {
    @Test func theGateChecklistSaysWhatIsMissingInTheWorkflowsWords() async throws {
        try await WebFixture.withServer { web in
            let id = try await web.submitIdea()
            let page = try await web.get("/ideas/\(id)", try await web.signIn(.practice))
            #expect(page.status == 200)
            #expect(page.text.contains("Gate checklist: Toets voorstel"))
            // The API's checks, one by one, in the page's words: field labels and role names.
            let gate = try await web.api(.get, "/v1/ideas/\(id)/gate").json
            let checks = try #require(gate["checks"] as? [[String: Any]])
            #expect(checks.count == 6)
            let items = page.text.components(separatedBy: "<ul class=\"checklist\">")[1]
                .components(separatedBy: "</ul>")[0].components(separatedBy: "<li class=")
                .dropFirst()
            #expect(items.map { $0.hasPrefix("\"ok\"") } == checks.map { $0["holds"] as? Bool == true })
            #expect(page.text.contains("<strong>Probleem</strong> — not filled in yet"))
            #expect(page.text.contains("<strong>Thema</strong> — filled in"))
            #expect(page.text.contains("<strong>Samenvatting van minstens 100 tekens</strong> — met"))
            #expect(
                page.text.contains("<strong>Approvals from Facilitator</strong> — 0 of 1 approval from Facilitator"))
            #expect(page.text.contains("Samenvatting"))
            #expect(page.text.contains("Onderwijsvernieuwing en stageplaatsen"), "the choice's label, not its value")
            #expect(page.text.contains("submitted the idea for HAP De Linde (Twente), in Voorstel"))
        }
    }

    @Test func eachRoleSeesTheFormsTheEngineWouldAccept() async throws {
        try await WebFixture.withServer { web in
            let id = try await web.submitIdea()
            let practice = try await web.get("/ideas/\(id)", try await web.signIn(.practice)).text
            #expect(practice.contains("action=\"/ideas/\(id)/fields\""))
            #expect(practice.contains("action=\"/ideas/\(id)/comment\""))
            #expect(!practice.contains("action=\"/ideas/\(id)/decide\""))
            #expect(
                !practice.contains("action=\"/ideas/\(id)/approve\""), "the proposal gate is approved by facilitators")

            let facilitator = try await web.get("/ideas/\(id)", try await web.signIn(.facilitator)).text
            for action in ["fields", "approve", "decide", "comment"] {
                #expect(facilitator.contains("action=\"/ideas/\(id)/\(action)\""), "\(action)")
            }
            let gatekeeper = try await web.get("/ideas/\(id)", try await web.signIn(.gatekeeper)).text
            #expect(!gatekeeper.contains("action=\"/ideas/\(id)/fields\""))
            #expect(!gatekeeper.contains("action=\"/ideas/\(id)/decide\""))
            #expect(!gatekeeper.contains("action=\"/ideas/\(id)/review\""), "no scorecard at the proposal gate")
            #expect(gatekeeper.contains("action=\"/ideas/\(id)/comment\""))
        }
    }

    @Test func anotherOrganisationCannotSeeOrTouchTheIdea() async throws {
        try await WebFixture.withServer { web in
            let id = try await web.submitIdea()
            let other = try await web.signIn(.otherPractice)
            let page = try await web.get("/ideas/\(id)", other)
            #expect(page.status == 404)
            #expect(page.text.contains("idea &#39;\(id)&#39; not found"))
            let before = try await web.version(of: id)
            let comment = try await web.post("/ideas/\(id)/comment", other, form: [("text", "Mag ik meekijken?")])
            #expect(comment.status == 404)
            #expect(try await web.version(of: id) == before)
        }
    }

    @Test func aFormWithoutTheSessionsCSRFTokenChangesNothing() async throws {
        try await WebFixture.withServer { web in
            let id = try await web.submitIdea()
            let browser = try await web.signIn(.facilitator)
            let before = try await web.version(of: id)
            for token in ["", "forged", try await web.signIn(.facilitator).csrf] {
                let reply = try await web.post("/ideas/\(id)/comment", browser, form: [("text", "hallo")], csrf: token)
                #expect(reply.status == 403, "csrf '\(token)'")
                #expect(reply.text.contains("This form has expired or did not come from this site"))
            }
            let signedOut = try await web.post(
                "/ideas/\(id)/comment", nil, form: [("text", "hallo")], csrf: browser.csrf)
            #expect(signedOut.status == 403)
            #expect(try await web.version(of: id) == before)
            #expect(try await web.post("/ideas/\(id)/comment", browser, form: [("text", "hallo")]).status == 303)
            #expect(try await web.version(of: id) == before + 1)
        }
    }

    @Test func aRefusedDecisionShowsTheAPIsExplanation() async throws {
        try await WebFixture.withServer { web in
            let id = try await web.submitIdea()
            let browser = try await web.signIn(.facilitator)
            let page = try await web.post("/ideas/\(id)/decide", browser, form: [("decision", "go")])
            let api = try await web.api(.post, "/v1/ideas/\(id)/decisions", json: #"{"decision": "go"}"#)
            #expect(api.status == 409)
            #expect(page.status == api.status)
            let detail = try #require(api.json["detail"] as? String)
            #expect(detail.hasPrefix("gate 'proposal_review' does not hold"))
            // The same refusal in the page's words: the gate's name, field labels and role names.
            let gate = try await web.api(.get, "/v1/ideas/\(id)/gate?language=en")
            let messages = (gate.json["checks"] as? [[String: Any]] ?? []).filter { $0["holds"] as? Bool == false }
                .compactMap { $0["message"] as? String }
            #expect(!messages.isEmpty)
            let worded = "The gate 'Toets voorstel' does not hold yet: " + messages.joined(separator: "; ")
            #expect(page.text.contains("<p class=\"refusal\" role=\"alert\" id=\"refusal\">\(worded.htmlEscaped)</p>"))
            #expect(!page.text.contains("proposal_review"), "no gate id in what a person reads")

            let kill = try await web.post("/ideas/\(id)/decide", browser, form: [("decision", "kill"), ("reason", "")])
            let apiKill = try await web.api(.post, "/v1/ideas/\(id)/decisions", json: #"{"decision": "kill"}"#)
            #expect(kill.status == 422)
            #expect(kill.text.contains((apiKill.json["detail"] as? String ?? "?").htmlEscaped))

            let practice = try await web.signIn(.practice)
            let forbidden = try await web.post(
                "/ideas/\(id)/decide", practice, form: [("decision", "hold"), ("reason", "x"), ("until", "2099-01-01")])
            #expect(forbidden.status == 403)
            #expect(forbidden.text.contains("only facilitators decide at gates"))
        }
    }

    @Test func fieldsAreEditedWithTheirProblemsNextToThem() async throws {
        try await WebFixture.withServer { web in
            let id = try await web.submitIdea()
            let browser = try await web.signIn(.practice)
            let version = try await web.version(of: id)
            let summary = String(repeating: "Een regionaal loket voor stageplaatsen. ", count: 3)
            var form: [(String, String)] = [
                ("version", String(version)), ("title", "Regionale stagedesk"), ("summary", summary),
                ("theme", "onderwijsvernieuwing"), ("problem", "Te weinig stageplaatsen"),
                ("expected_fte_saved", "veel"), ("partners", "mbo"), ("partners", "hbo"),
            ]
            let bad = try await web.post("/ideas/\(id)/fields", browser, form: form)
            #expect(bad.status == 422)
            #expect(bad.text.contains("<p class=\"error\" id=\"err-expected_fte_saved\">“veel” is not a number"))
            #expect(bad.text.contains("value=\"veel\""), "what was typed stays")
            #expect(bad.text.contains("value=\"hbo\" checked"))
            #expect(try await web.version(of: id) == version)

            form[5] = ("expected_fte_saved", "2000")
            let range = try await web.post("/ideas/\(id)/fields", browser, form: form)
            #expect(range.status == 422)
            #expect(
                range.text.contains("<p class=\"error\" id=\"err-expected_fte_saved\">is 2.000; at most 1.000</p>"),
                "the engine's own check, with the form's numbers")

            form[5] = ("expected_fte_saved", "2,5")
            let good = try await web.post("/ideas/\(id)/fields", browser, form: form)
            #expect(good.status == 303)
            let idea = try await web.api(.get, "/v1/ideas/\(id)").json
            let fields = try #require(idea["fields"] as? [String: Any])
            #expect(fields["expected_fte_saved"] as? Double == 2.5)
            #expect(fields["partners"] as? [String] == ["mbo", "hbo"])

            let stale = try await web.post("/ideas/\(id)/fields", browser, form: form)
            #expect(stale.status == 412, "the form was made for an older version")
        }
    }

    @Test func approveReviewCommentAndHistory() async throws {
        try await WebFixture.withServer { web in
            let id = try await web.submitIdea()
            let facilitator = try await web.signIn(.facilitator)
            let approved = try await web.post("/ideas/\(id)/approve", facilitator, form: [("comment", "Mooi plan")])
            #expect(approved.status == 303)
            let again = try await web.post("/ideas/\(id)/approve", facilitator, form: [])
            #expect(again.status == 409)
            #expect(
                again.text.contains("facilitator has already approved gate &#39;Toets voorstel&#39; in this stage"))
            let page = try await web.get("/ideas/\(id)?done=approve", facilitator)
            #expect(page.text.contains("Your approval was recorded."))
            #expect(page.text.contains("approved Toets voorstel as Facilitator: Mooi plan"))
            #expect(!page.text.contains("action=\"/ideas/\(id)/approve\""), "already approved: the form is closed")

            let practice = try await web.signIn(.practice)
            #expect(try await web.post("/ideas/\(id)/comment", practice, form: [("text", "<b>dank</b>")]).status == 303)
            let withComment = try await web.get("/ideas/\(id)", practice).text
            #expect(withComment.contains("&lt;b&gt;dank&lt;/b&gt;"))
            #expect(!withComment.contains("<b>dank</b>"))

            let review = try await web.post(
                "/ideas/\(id)/review", try await web.signIn(.gatekeeper), form: [("comment", "goed")])
            #expect(review.status == 409)
            #expect(review.text.contains("gate &#39;Toets voorstel&#39; has no scorecard"))
        }
    }
}
