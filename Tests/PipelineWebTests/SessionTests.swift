import Crypto
import Foundation
import PipelineStore
import PipelineStoreSQLite
import PipelineTestSupport
import Testing

/// Sessions kept in the database: any instance serves any page, and they end on their own.
@Suite("Sessions in the database")
struct SessionTests {
    static let hour: TimeInterval = 3_600

    @Test func aSessionStartedOnOneInstanceServesPagesOnAnother() async throws {
        try await WebFixture.withTwoServers { first, second in
            let id = try await first.submitIdea()
            let browser = try await first.signIn(.facilitator)
            let page = try await second.get("/ideas/\(id)", browser)
            #expect(page.status == 200)
            #expect(page.text.contains("facilitator · Facilitator"))
            #expect(page.csrf == browser.csrf, "one session, one CSRF token, on every instance")

            let before = try await second.version(of: id)
            let comment = try await second.post("/ideas/\(id)/comment", browser, form: [("text", "Elders verder")])
            #expect(comment.status == 303, "\(comment.text)")
            #expect(try await first.version(of: id) == before + 1)
        }
    }

    @Test func signingOutOnOneInstanceEndsTheSessionOnTheOther() async throws {
        try await WebFixture.withTwoServers { first, second in
            let browser = try await first.signIn(.practice)
            #expect(try await second.get("/funnel", browser).status == 200)
            let out = try await second.post("/signout", browser, form: [])
            #expect(out.status == 303)
            let page = try await first.get("/funnel", browser)
            #expect(page.status == 303)
            #expect(page.location == "/signin?next=/funnel")
            let form = try await first.post("/signout", browser, form: [])
            #expect(form.status == 403)
            #expect(form.text.contains("Your session has ended"))
        }
    }

    @Test func theDatabaseKeepsOnlyTheHashOfTheSessionId() async throws {
        try await WebFixture.withServer { web in
            let browser = try await web.signIn(.practice)
            let id = String(try #require(browser.cookie.split(separator: "=", maxSplits: 1).last))
            let hash = SHA256.hash(data: Data(id.utf8)).map { String(format: "%02x", $0) }.joined()
            let stored = try #require(try await web.store.session(idHash: hash, now: Date()))
            #expect(stored.csrf == browser.csrf)
            #expect(try await web.store.session(idHash: id, now: Date()) == nil)
        }
    }

    @Test func anUnusedSessionEndsAfterTwelveHours() async throws {
        let clock = ManualClock(now: Date(timeIntervalSince1970: 1_800_000_000))
        try await WebFixture.withServer(clock: clock) { web in
            let browser = try await web.signIn(.facilitator)
            clock.advance(by: 11 * SessionTests.hour)
            #expect(try await web.get("/funnel", browser).status == 200)
            clock.advance(by: 12 * SessionTests.hour - 1)
            #expect(try await web.get("/funnel", browser).status == 200, "counted from the last use")
            clock.advance(by: 12 * SessionTests.hour)
            let page = try await web.get("/funnel", browser)
            #expect(page.status == 303)
            #expect(page.location == "/signin?next=/funnel")
            let form = try await web.post("/signout", browser, form: [])
            #expect(form.status == 403)
            #expect(form.text.contains("Your session has ended"))
        }
    }

    @Test func aSessionEndsAfterSevenDaysHoweverOftenItIsUsed() async throws {
        let clock = ManualClock(now: Date(timeIntervalSince1970: 1_800_000_000))
        try await WebFixture.withServer(clock: clock) { web in
            let browser = try await web.signIn(.facilitator)
            for _ in 0..<16 {
                clock.advance(by: 10 * SessionTests.hour)
                #expect(try await web.get("/funnel", browser).status == 200)
            }
            clock.advance(by: 8 * SessionTests.hour)
            #expect(try await web.get("/funnel", browser).status == 303, "168 hours after signing in")
            let again = try await web.signIn(.facilitator)
            #expect(try await web.get("/funnel", again).status == 200)
        }
    }

    @Test func aWrongCSRFTokenIsRefusedOnEveryInstance() async throws {
        try await WebFixture.withTwoServers { first, second in
            let id = try await first.submitIdea()
            let browser = try await first.signIn(.facilitator)
            let other = try await second.signIn(.facilitator)
            let before = try await first.version(of: id)
            for web in [first, second] {
                for token in ["", "forged", other.csrf] {
                    let reply = try await web.post(
                        "/ideas/\(id)/comment", browser, form: [("text", "hallo")], csrf: token)
                    #expect(reply.status == 403, "csrf '\(token)'")
                    #expect(reply.text.contains("This form has expired or did not come from this site"))
                }
            }
            #expect(try await second.version(of: id) == before)
            #expect(try await second.post("/ideas/\(id)/comment", browser, form: [("text", "hallo")]).status == 303)
            #expect(try await first.version(of: id) == before + 1)
        }
    }

    @Test func aDatabaseFailureWhileReadingTheSessionIsAnErrorPage() async throws {
        try await WebFixture.withServer { web in
            let browser = try await web.signIn(.practice)
            try await web.store.close()
            let page = try await web.get("/funnel", browser)
            #expect(page.status == 503)
            #expect(page.text.contains("the database is unavailable"))
            let signIn = try await web.post("/signin", nil, form: [("token", web.tokens[.practice]!)])
            #expect(signIn.status == 503, "neither the token nor a new session can be read or stored")
        }
    }
}
