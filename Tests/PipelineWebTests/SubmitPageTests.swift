import Foundation
import HTTPTypes
import PipelineStore
import PipelineStoreSQLite
import PipelineTestSupport
import Testing

@Suite("Submit form")
struct SubmitPageTests {
    @Test func theFormIsMadeFromTheFirstStagesFields() async throws {
        try await WebFixture.withServer { web in
            let page = try await web.get("/submit/primary-care-innovation", try await web.signIn(.practice))
            #expect(page.status == 200)
            #expect(page.text.contains("<label for=\"in-title\">Titel <span class=\"required\">(required)</span>"))
            #expect(page.text.contains("<select id=\"in-theme\" name=\"theme\""))
            #expect(
                page.text.contains("<option value=\"anders_besturen\">Anders besturen en sociale innovatie</option>"))
            #expect(page.text.contains("<input type=\"checkbox\" name=\"partners\" value=\"mbo\">"))
            #expect(page.text.contains("<textarea id=\"in-summary\" name=\"summary\" rows=\"5\" maxlength=\"4000\""))
            #expect(page.text.contains("id=\"in-expected_fte_saved\""))
            #expect(page.text.contains("at least 0, at most 1.000"))
            #expect(page.text.contains("<option value=\"Twente\">Twente</option>"), "regions from the data file")
            #expect(
                page.text.contains("value=\"HAP De Linde\" readonly"), "a submitter submits for their own organisation")
            #expect(!page.text.contains("name=\"cost_eur\""), "a field of a later stage")
        }
    }

    @Test func aFailedSubmitKeepsTheInputAndShowsEachProblemNextToItsField() async throws {
        try await WebFixture.withServer { web in
            let browser = try await web.signIn(.practice)
            let reply = try await web.post(
                "/submit/primary-care-innovation", browser,
                form: [
                    ("region", "Twente"), ("summary", "<i>kort</i>"), ("theme", "onderwijsvernieuwing"),
                    ("expected_fte_saved", "twee"), ("partners", "mbo"),
                ])
            #expect(reply.status == 422)
            #expect(reply.text.contains("<p class=\"error\" id=\"err-expected_fte_saved\">“twee” is not a number"))
            #expect(
                reply.text.contains(
                    #"aria-invalid="true" aria-describedby="constraint-expected_fte_saved err-expected_fte_saved">"#),
                "a screen reader says the field's limits and its problem with it")
            #expect(
                reply.text.contains(
                    #"<textarea id="in-summary" name="summary" rows="5" maxlength="4000" aria-describedby="help-summary">"#
                ),
                "and a field's help")
            #expect(reply.text.contains("&lt;i&gt;kort&lt;/i&gt;</textarea>"), "kept, and escaped")
            #expect(reply.text.contains("<option value=\"onderwijsvernieuwing\" selected>"))
            #expect(reply.text.contains("value=\"mbo\" checked"))

            let missing = try await web.post(
                "/submit/primary-care-innovation", browser,
                form: [("region", "Twente"), ("summary", "kort"), ("theme", "onderwijsvernieuwing")])
            #expect(missing.status == 422)
            #expect(missing.text.contains("<p class=\"error\" id=\"err-title\">is required</p>"))
            let none = try await web.api(.get, "/v1/ideas").json["ideas"] as? [Any]
            #expect(none?.isEmpty == true, "nothing was submitted")

            let region = try await web.post(
                "/submit/primary-care-innovation", browser,
                form: [("region", "Atlantis"), ("title", "x"), ("summary", "kort"), ("theme", "onderwijsvernieuwing")])
            #expect(region.status == 422)
            #expect(region.text.contains("choose one of the labour-market regions"))
        }
    }

    @Test func aGoodSubmitMakesOneIdeaEvenWhenSentTwice() async throws {
        try await WebFixture.withServer { web in
            let browser = try await web.signIn(.practice)
            let page = try await web.get("/submit/primary-care-innovation", browser)
            let marker = "name=\"submission\" value=\""
            let range = try #require(page.text.range(of: marker))
            let submission = String(page.text[range.upperBound...].prefix(10))
            let form: [(String, String)] = [
                ("submission", submission), ("region", "Rijnmond"), ("title", "Gedeelde pool van triagisten"),
                ("summary", "Huisartsenposten delen een pool van triagisten."), ("theme", "anders_besturen"),
                ("expected_fte_saved", "1,5"),
            ]
            let first = try await web.post("/submit/primary-care-innovation", browser, form: form)
            #expect(first.status == 303)
            #expect(first.location == "/ideas/\(submission)?done=submitted")
            let second = try await web.post("/submit/primary-care-innovation", browser, form: form)
            #expect(second.location == "/ideas/\(submission)?done=submitted")
            let ideas = try #require(try await web.api(.get, "/v1/ideas").json["ideas"] as? [[String: Any]])
            #expect(ideas.count == 1)
            #expect(ideas.first?["organisation"] as? String == "HAP De Linde")
            #expect((ideas.first?["fields"] as? [String: Any])?["expected_fte_saved"] as? Double == 1.5)
            let shown = try await web.get(first.location!, browser)
            #expect(shown.text.contains("Your idea was submitted."))
        }
    }

    @Test func aGatekeeperMayNotSubmit() async throws {
        try await WebFixture.withServer { web in
            let reply = try await web.post(
                "/submit/primary-care-innovation", try await web.signIn(.gatekeeper),
                form: [
                    ("organisation", "HAP De Linde"), ("region", "Twente"), ("title", "x"), ("summary", "y"),
                    ("theme", "onderwijsvernieuwing"),
                ])
            #expect(reply.status == 403)
            #expect(reply.text.contains("the role Lid poortcommissie does not submit ideas"), "the role by its name")
        }
    }
}
