import Foundation
import HTTPTypes
import PipelineCore
import PipelineStore
import PipelineStoreSQLite
import PipelineTestSupport
import Testing

/// Holds with a review date, conditional goes and their conditions, and the SLA ladder, on the
/// board and the idea page. The clock is a `ManualClock`; what the timers do is done by the engine
/// itself, through the same `TimerRunner` the server's timer service runs.
@Suite("Time on the pages")
struct TimePagesTests {
    static let day: TimeInterval = 86_400
    /// 2027-01-15 08:00 UTC.
    static let start = Date(timeIntervalSince1970: 1_800_000_000)
    static let board = "/board/primary-care-innovation"

    @Test func aHoldNeedsAReviewDateAndShowsIt() async throws {
        let clock = ManualClock(now: Self.start)
        try await WebFixture.withServer(clock: clock) { web in
            let id = try await web.submitIdea()
            let browser = try await web.signIn(.facilitator)
            let page = try await web.get("/ideas/\(id)", browser).text
            #expect(page.contains("action=\"/ideas/\(id)/decide\""))
            #expect(
                page.contains(
                    "<input type=\"date\" id=\"hold-until\" name=\"until\" min=\"2027-01-16\" value=\"\" required"),
                "a required date, from tomorrow")

            let missing = try await web.post(
                "/ideas/\(id)/decide", browser, form: [("decision", "hold"), ("reason", "wacht op subsidie")])
            #expect(missing.status == 422)
            #expect(
                missing.text.contains(
                    "a hold needs a review date (until), when the idea resurfaces".htmlEscaped))
            #expect(missing.text.contains(">wacht op subsidie</textarea>"), "the reason typed stays")
            #expect(try await web.api(.get, "/v1/ideas/\(id)").json["status"] as? String == "active")

            let wrong = try await web.post(
                "/ideas/\(id)/decide", browser,
                form: [("decision", "hold"), ("reason", "wacht op subsidie"), ("until", "2027-02-30")])
            #expect(wrong.status == 422)
            #expect(wrong.text.contains("the review date &#39;2027-02-30&#39; is not a day"))
            #expect(wrong.text.contains("value=\"2027-02-30\""), "the date typed stays")
            #expect(try await web.api(.get, "/v1/ideas/\(id)").json["status"] as? String == "active")

            let today = try await web.post(
                "/ideas/\(id)/decide", browser,
                form: [("decision", "hold"), ("reason", "wacht op subsidie"), ("until", "2027-01-15")])
            #expect(today.status == 422)
            #expect(today.text.contains("the review date must lie in the future"))

            let held = try await web.post(
                "/ideas/\(id)/decide", browser,
                form: [("decision", "hold"), ("reason", "wacht op subsidie"), ("until", "2027-03-01")])
            #expect(held.status == 303, "\(held.text)")
            #expect(held.location == "/ideas/\(id)?done=decide_hold")
            let idea = try await web.get(held.location!, browser).text
            #expect(idea.contains("The idea is on hold."))
            #expect(idea.contains("Reason: wacht op subsidie"))
            #expect(idea.contains("Review date: 1 maart 2027"))
            #expect(idea.contains("put the idea on hold: wacht op subsidie (review on 1 maart 2027)"))
            #expect(!idea.contains("id=\"hold-until\""), "no hold form while on hold")
            #expect(idea.contains("value=\"resume\" checked"))
            let board = try await web.get(Self.board, browser).text
            #expect(board.contains("<strong>on hold</strong> · review on 1 maart 2027"))
            #expect(!board.contains("On hold by SLA"), "a person's hold")
        }
    }

    @Test func aConditionalGoGivesConditionsThatAreMetOneByOne() async throws {
        let clock = ManualClock(now: Self.start)
        try await WebFixture.withServer(clock: clock) { web in
            let id = try await web.submitIdea()
            let facilitator = try await web.signIn(.facilitator)
            let proposal = try await web.get("/ideas/\(id)", facilitator).text
            #expect(!proposal.contains("condition_text_1"), "the proposal gate allows no conditions")

            try await web.toBusinessCase(id)
            try await web.businessCaseGateHolds(id)
            let page = try await web.get("/ideas/\(id)", facilitator).text
            for row in 1...3 {
                #expect(page.contains("name=\"condition_text_\(row)\""), "row \(row)")
                #expect(page.contains("type=\"date\" id=\"condition-due-\(row)\" name=\"condition_due_\(row)\""))
            }
            #expect(!page.contains("condition_text_4"))

            let half = try await web.post(
                "/ideas/\(id)/decide", facilitator,
                form: [
                    ("decision", "go"), ("condition_text_1", "DPIA afronden"), ("condition_due_1", "2027-03-01"),
                    ("condition_text_2", "Contract met de zorgverzekeraar"), ("condition_due_2", ""),
                ])
            #expect(half.status == 422)
            #expect(
                half.text.contains(
                    "condition row 2 has a text but no due date; fill in both, or empty the row"))
            #expect(half.text.contains("value=\"Contract met de zorgverzekeraar\""), "what was typed stays")
            #expect(half.text.contains("value=\"2027-03-01\""))
            #expect(try await web.api(.get, "/v1/ideas/\(id)").json["stage"] as? String == "business_case")

            let dateOnly = try await web.post(
                "/ideas/\(id)/decide", facilitator,
                form: [("decision", "go"), ("condition_text_3", " "), ("condition_due_3", "2027-03-01")])
            #expect(dateOnly.status == 422)
            #expect(dateOnly.text.contains("condition row 3 has a due date but no text"))

            let kill = try await web.post(
                "/ideas/\(id)/decide", facilitator,
                form: [
                    ("decision", "kill"), ("reason", "te duur"), ("condition_text_1", "DPIA afronden"),
                    ("condition_due_1", "2027-03-01"),
                ])
            #expect(kill.status == 422)
            #expect(kill.text.contains("conditions go with a go: choose Go, or empty the condition rows"))
            #expect(kill.text.contains("value=\"kill\" checked"), "the decision chosen stays")
            #expect(kill.text.contains(">te duur</textarea>"))

            let go = try await web.post(
                "/ideas/\(id)/decide", facilitator,
                form: [
                    ("decision", "go"), ("condition_text_1", "DPIA afronden"), ("condition_due_1", "2027-03-01"),
                    ("condition_text_2", ""), ("condition_due_2", ""),
                    ("condition_text_3", "Contract met de zorgverzekeraar"), ("condition_due_3", "2027-04-01"),
                ])
            #expect(go.status == 303, "\(go.text)")
            #expect(try await web.api(.get, "/v1/ideas/\(id)").json["stage"] as? String == "pilot")

            let pilot = try await web.get("/ideas/\(id)", facilitator).text
            #expect(pilot.contains("Conditions of the go"))
            #expect(pilot.contains("Given with the go at Beoordeling businesscase; Opschalingsbesluit holds"))
            #expect(pilot.contains("<strong id=\"condition-1\">DPIA afronden</strong> — due 1 maart 2027"))
            #expect(
                pilot.contains("<strong id=\"condition-2\">Contract met de zorgverzekeraar</strong> — due 1 april 2027")
            )
            #expect(pilot.components(separatedBy: "<span class=\"mark open\">Open</span>").count == 3)
            #expect(pilot.components(separatedBy: "action=\"/ideas/\(id)/condition\"").count == 3)
            #expect(
                pilot.contains(
                    "<li class=\"missing\"><span class=\"tick\" aria-hidden=\"true\">✗</span> <span class=\"visually-hidden\">missing:</span> <strong>Condition: DPIA afronden (by 1 maart 2027)</strong>"
                ), "a row of the next gate's checklist")
            #expect(pilot.contains("<strong>Condition: Contract met de zorgverzekeraar (by 1 april 2027)</strong>"))
            #expect(pilot.contains("gave the go with conditions: 1. DPIA afronden (1 maart 2027); 2. Contract"))
            #expect(try await web.get(Self.board, facilitator).text.contains("2 conditions open"))

            let practice = try await web.signIn(.practice)
            let own = try await web.get("/ideas/\(id)", practice).text
            #expect(own.contains("DPIA afronden"))
            #expect(!own.contains("action=\"/ideas/\(id)/condition\""), "only facilitators and admins meet them")
            let refused = try await web.post(
                "/ideas/\(id)/condition", practice, form: [("number", "1"), ("note", "klaar")])
            #expect(refused.status == 403)

            clock.advance(by: Self.day)
            let facilitatorAgain = try await web.signIn(.facilitator)
            let met = try await web.post(
                "/ideas/\(id)/condition", facilitatorAgain, form: [("number", "1"), ("note", "DPIA ligt er")])
            #expect(met.status == 303, "\(met.text)")
            #expect(met.location == "/ideas/\(id)?done=condition")
            let after = try await web.get(met.location!, facilitatorAgain).text
            #expect(after.contains("The condition was marked as met."))
            #expect(after.contains("Met by facilitator on 16 januari 2027: “DPIA ligt er”"))
            #expect(after.contains("met condition 1: DPIA ligt er"))
            #expect(after.components(separatedBy: "action=\"/ideas/\(id)/condition\"").count == 2)
            #expect(
                after.contains(
                    "<strong>Condition: DPIA afronden (by 1 maart 2027)</strong> — met by facilitator"
                ))
            let again = try await web.post(
                "/ideas/\(id)/condition", facilitatorAgain, form: [("number", "1")])
            #expect(again.status == 409)
            #expect(again.text.contains("condition 1 was already met by facilitator"))
            #expect(try await web.get(Self.board, facilitatorAgain).text.contains("1 condition open"))

            // The second one's day passes: the timer marks it overdue, on the page and the board.
            clock.set(Date(timeIntervalSince1970: 1_806_624_000))  // 2027-04-02 00:00 UTC
            let runner = TimerRunner(
                handler: CommandHandler(store: web.store, library: WebFixture.library, clock: clock))
            #expect(try await runner.fireDue(now: clock.now()).fired >= 1)
            let late = try await web.signIn(.facilitator)
            let board = try await web.get(Self.board, late).text
            #expect(board.contains("<span class=\"mark conditions overdue\">1 condition open (1 overdue)</span>"))
            let overdue = try await web.get("/ideas/\(id)", late).text
            #expect(overdue.contains("<span class=\"mark overdue\">Overdue</span>"))
        }
    }

    @Test func theBoardAndTheIdeaPageFollowTheSLALadder() async throws {
        let clock = ManualClock(now: Self.start)
        try await WebFixture.withServer(clock: clock) { web in
            let id = try await web.submitIdea()
            try await web.toBusinessCase(id)
            let runner = TimerRunner(
                handler: CommandHandler(store: web.store, library: WebFixture.library, clock: clock))

            var browser = try await web.signIn(.facilitator)
            var page = try await web.get("/ideas/\(id)", browser).text
            #expect(page.contains("Waiting counts from 15 januari 2027, when the idea entered this stage."))
            #expect(page.contains("Reminder on 16 maart 2027 — <span class=\"state\">planned</span>"))
            #expect(page.contains("Escalation to Facilitator on 31 maart 2027 — <span class=\"state\">planned</span>"))
            #expect(page.contains("Automatic hold on 15 april 2027 — <span class=\"state\">planned</span>"))
            var board = try await web.get(Self.board, browser).text
            #expect(!board.contains("Reminder sent"))

            // Day 61: the reminder.
            clock.advance(by: 61 * Self.day)
            #expect(try await runner.fireDue(now: clock.now()).fired == 1)
            browser = try await web.signIn(.facilitator)
            board = try await web.get(Self.board, browser).text
            #expect(board.contains("<span class=\"mark reminded\">Reminder sent</span>"))
            #expect(board.contains("SLA passed"))
            page = try await web.get("/ideas/\(id)", browser).text
            #expect(page.contains("Reminder on 16 maart 2027 — <span class=\"state\">happened on 17 maart 2027</span>"))
            #expect(page.contains("Escalation to Facilitator on 31 maart 2027 — <span class=\"state\">planned</span>"))

            // Day 76: the escalation.
            clock.advance(by: 15 * Self.day)
            #expect(try await runner.fireDue(now: clock.now()).fired == 1)
            browser = try await web.signIn(.facilitator)
            board = try await web.get(Self.board, browser).text
            #expect(board.contains("<span class=\"mark escalated\">Escalated</span>"))
            #expect(!board.contains("Reminder sent"))

            // Day 91: the SLA holds the idea, with a review 30 days later.
            clock.advance(by: 15 * Self.day)
            #expect(try await runner.fireDue(now: clock.now()).fired == 1)
            browser = try await web.signIn(.facilitator)
            board = try await web.get(Self.board, browser).text
            #expect(board.contains("<span class=\"mark sla-held\">On hold by SLA</span>"))
            #expect(board.contains("review on 16 mei 2027"))
            #expect(!board.contains("Escalated"), "the ladder's marks are for active ideas")
            #expect(!board.contains("Review date reached"))
            page = try await web.get("/ideas/\(id)", browser).text
            #expect(page.contains("Reason: SLA"))
            #expect(page.contains("Review date: 16 mei 2027"))
            #expect(
                page.contains(
                    "Automatic hold on 15 april 2027 — <span class=\"state\">happened on 16 april 2027</span>"))
            #expect(page.contains("The hold stopped these steps"))

            // Day 121: the review date comes.
            clock.advance(by: 30 * Self.day)
            #expect(try await runner.fireDue(now: clock.now()).fired == 1)
            browser = try await web.signIn(.facilitator)
            board = try await web.get(Self.board, browser).text
            #expect(board.contains("<span class=\"mark review-due\">Review date reached</span>"))
            #expect(!board.contains("review on 16 mei 2027"))
            page = try await web.get("/ideas/\(id)", browser).text
            #expect(page.contains("The review date has come: decide to resume or stop the idea."))

            // A resume starts the wait again: the SLA mark counts from it, not from entering the stage.
            let resume = try await web.post("/ideas/\(id)/decide", browser, form: [("decision", "resume")])
            #expect(resume.status == 303, "\(resume.text)")
            board = try await web.get(Self.board, browser).text
            #expect(board.contains("121 days in stage"))
            #expect(!board.contains("SLA passed"))
            #expect(!board.contains("Review date reached"))
            page = try await web.get("/ideas/\(id)", browser).text
            #expect(page.contains("Waiting counts from 16 mei 2027, when the idea was last resumed."))
            #expect(page.contains("Reminder on 15 juli 2027 — <span class=\"state\">planned</span>"))
        }
    }
}

extension WebClient {
    /// Fills the proposal, approves it and advances the idea to the business case, through the API.
    func toBusinessCase(_ id: String) async throws {
        try await update(id, #"{"problem": "Te weinig stageplaatsen", "partners": ["mbo"]}"#)
        #expect(try await api(.post, "/v1/ideas/\(id)/approvals", json: "{}").status == 200)
        let go = try await api(.post, "/v1/ideas/\(id)/decisions", json: #"{"decision": "go"}"#)
        #expect(go.json["stage"] as? String == "business_case", "\(go.text)")
    }

    /// Fills the business case, approves it and has three gatekeepers score it: its gate holds.
    func businessCaseGateHolds(_ id: String) async throws {
        try await update(
            id,
            #"{"cost_eur": 120000, "funding": "subsidie", "business_case_url": "https://example.org/bc.pdf", "privacy_checked": true, "pilot_start": "2027-02-01"}"#
        )
        #expect(try await api(.post, "/v1/ideas/\(id)/approvals", json: "{}").status == 200)
        for person in [WebFixture.Person.gatekeeper, .secondGatekeeper, .thirdGatekeeper] {
            let review = try await api(
                .post, "/v1/ideas/\(id)/reviews", as: person,
                json: #"{"scores": {"impact": 4, "feasibility": 4, "scalability": 3, "value": 5}, "comment": "Sterk"}"#)
            #expect(review.status == 200, "\(review.text)")
        }
        #expect(try await api(.get, "/v1/ideas/\(id)/gate").json["holds"] as? Bool == true)
    }

    /// Changes fields as the practice, with the idea's current version.
    func update(_ id: String, _ fields: String) async throws {
        let version = try await version(of: id)
        let reply = try await api(
            .patch, "/v1/ideas/\(id)", as: .practice, json: #"{"fields": \#(fields)}"#,
            headers: ["If-Match": "\"\(version)\""])
        #expect(reply.status == 200, "\(reply.text)")
    }
}
