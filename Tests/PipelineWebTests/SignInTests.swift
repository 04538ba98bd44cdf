import Foundation
import HTTPTypes
import PipelineStore
import PipelineStoreSQLite
import PipelineTestSupport
import Testing

@Suite("Sign in and out")
struct SignInTests {
    @Test func pagesSendTheSignedOutToTheSignInForm() async throws {
        try await WebFixture.withServer { web in
            let home = try await web.get("/board/primary-care-innovation?region=Twente")
            #expect(home.status == 303)
            #expect(home.location == "/signin?next=/board/primary-care-innovation")
            let form = try await web.get("/signin")
            #expect(form.status == 200)
            #expect(form.text.contains("<label for=\"token\">"))
            #expect(
                form.headers[HTTPField.Name("Content-Security-Policy")!]?.contains("frame-ancestors 'none'") == true)
            #expect(form.headers[HTTPField.Name("X-Content-Type-Options")!] == "nosniff")
            #expect(form.headers[HTTPField.Name("Referrer-Policy")!] == "same-origin")
        }
    }

    @Test func aTokenBecomesASessionCookieThatHoldsNoSecret() async throws {
        try await WebFixture.withServer { web in
            let wrong = try await web.post("/signin", nil, form: [("token", "pl_not-a-token")])
            #expect(wrong.status == 401)
            #expect(wrong.text.contains("The token is unknown or revoked."))
            #expect(wrong.setCookie == nil)

            let token = web.tokens[.facilitator]!
            let reply = try await web.post("/signin", nil, form: [("token", token), ("next", "/webhooks")])
            #expect(reply.status == 303)
            #expect(reply.location == "/webhooks")
            let cookie = try #require(reply.setCookie)
            #expect(cookie.contains("HttpOnly"))
            #expect(cookie.contains("SameSite=Strict"))
            #expect(cookie.contains("Path=/"))
            #expect(!cookie.contains("Secure"), "plain http to 127.0.0.1 cannot keep a Secure cookie")
            #expect(!cookie.contains(token))

            let browser = try await web.signIn(.facilitator)
            let page = try await web.get("/board/primary-care-innovation", browser)
            #expect(page.status == 200)
            #expect(!page.text.contains(token))
            #expect(page.text.contains("facilitator · Facilitator"))
        }
    }

    @Test func behindATLSProxyTheCookieIsSecure() async throws {
        try await WebFixture.withServer { web in
            let reply = try await web.post(
                "/signin", nil, form: [("token", web.tokens[.practice]!)], headers: ["X-Forwarded-Proto": "https"])
            #expect(reply.setCookie?.contains("; Secure") == true)
        }
    }

    @Test func anOpenRedirectIsRefused() async throws {
        try await WebFixture.withServer { web in
            for next in ["//evil.example", "https://evil.example", "/\\evil"] {
                let reply = try await web.post(
                    "/signin", nil, form: [("token", web.tokens[.practice]!), ("next", next)])
                #expect(reply.location == "/", "\(next)")
            }
        }
    }

    @Test func signingOutEndsTheSession() async throws {
        try await WebFixture.withServer { web in
            let browser = try await web.signIn(.practice)
            #expect(try await web.post("/signout", browser, form: [], csrf: "wrong").status == 403)
            let out = try await web.post("/signout", browser, form: [])
            #expect(out.status == 303)
            #expect(out.setCookie?.contains("Max-Age=0") == true)
            #expect(try await web.get("/funnel", browser).status == 303)
        }
    }

    @Test func aRevokedTokenEndsItsSessions() async throws {
        try await WebFixture.withServer { web in
            let browser = try await web.signIn(.practice)
            let tokens = try await web.store.tokens()
            let id = try #require(tokens.first { $0.name == "practice" }?.id)
            _ = try await web.store.revokeToken(id: id, at: Date())
            // The token cache remembers a checked token for up to 10 seconds, as for the API.
            var status = 200
            for _ in 0..<30 where status == 200 {
                status = try await web.get("/funnel", browser).status
                if status == 200 { try await Task.sleep(for: .milliseconds(500)) }
            }
            #expect(status == 303)
        }
    }
}
