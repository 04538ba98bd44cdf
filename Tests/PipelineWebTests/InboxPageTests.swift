import Foundation
import HTTPTypes
import PipelineCore
import PipelineStore
import PipelineStoreSQLite
import PipelineTestSupport
import Testing

/// The inbox, the unread count in the header, the notification settings, the unsubscribe link
/// of every mail and the failed mail for admins, over real HTTP.
@Suite("Inbox and notification settings")
struct InboxPageTests {
    /// The practice's idea in Twente with `comments` comments by the facilitator: each tells Anna
    /// (the organisation) and Tom (Twente's facilitator).
    static func commented(_ web: WebClient, comments: Int, people: TestRegister.People) async throws -> String {
        let id = try await web.submitIdea()
        // Tom, Twente's facilitator, was told he holds the idea: read, so that only comments count.
        _ = try await web.store.markAllNotificationsRead(personID: people.tom.id, at: Date())
        for number in 1...comments {
            let reply = try await web.api(.post, "/v1/ideas/\(id)/comments", json: #"{"text": "Reactie \#(number)"}"#)
            #expect(reply.status == 200, "\(reply.text)")
        }
        return id
    }

    static func notificationIDs(_ web: WebClient, _ person: String) async throws -> [String] {
        try await web.store.notifications(personID: person, unreadOnly: false, before: nil, limit: 1_000).map(\.id)
    }

    @Test("the header counts the unread notifications on every page and links to the inbox")
    func headerCount() async throws {
        try await WebFixture.withServer { web in
            let people = try await TestRegister.register(into: web.store, now: Date())
            let id = try await Self.commented(web, comments: 3, people: people)
            let tom = try await web.signIn(token: people.tom.token)
            for path in [
                "/funnel", "/board/primary-care-innovation", "/ideas/\(id)", "/inbox", "/settings/notifications",
            ] {
                let page = try await web.get(path, tom)
                #expect(page.status == 200, "\(path)")
                // The inbox's own page is marked as the current one, its settings as within it.
                let current = ["/inbox": #" aria-current="page""#, "/settings/notifications": #" aria-current="true""#]
                #expect(
                    page.text.contains(
                        #"<a href="/inbox" class="inbox"\#(current[path] ?? "")>Inbox (3<span class="visually-hidden"> unread</span>)</a>"#
                    ),
                    "\(path)")
            }
            // An error page has the chrome too.
            #expect(try await web.get("/ideas/nope", tom).text.contains("Inbox (3"))

            // A token of nobody: the link, without a count.
            let legacy = try await web.signIn(.facilitator)
            let page = try await web.get("/funnel", legacy)
            #expect(page.text.contains(#"<a href="/inbox" class="inbox">Inbox</a>"#))
            // Nothing unread: no count.
            _ = try await web.store.markAllNotificationsRead(personID: people.tom.id, at: Date())
            #expect(try await web.get("/funnel", tom).text.contains(#"<a href="/inbox" class="inbox">Inbox</a>"#))
        }
    }

    @Test("the inbox: newest first, unread marked, subject linked to the idea, paragraphs, time; in pages; unread only")
    func inbox() async throws {
        try await WebFixture.withServer { web in
            let people = try await TestRegister.register(into: web.store, now: Date())
            let id = try await Self.commented(web, comments: 23, people: people)
            let tom = try await web.signIn(token: people.tom.token)
            let page = try await web.get("/inbox", tom)
            #expect(page.status == 200)
            let text = page.text
            #expect(text.contains("23 unread notifications."))
            #expect(text.components(separatedBy: #"<li class="notification unread""#).count - 1 == 20, "a page of 20")
            #expect(
                text.contains(
                    #"<a href="/ideas/\#(id)">\#("Nieuwe reactie op ‘Regionale stagedesk’".htmlEscaped)</a>"#))
            #expect(text.contains("<p>facilitator schreef:</p><p>Reactie 23</p>"))
            let newest = try #require(text.range(of: "Reactie 23"))
            let older = try #require(text.range(of: "Reactie 22"))
            #expect(newest.lowerBound < older.lowerBound, "newest first")
            #expect(!text.contains("<p>Reactie 3</p>"), "on the next page")
            #expect(text.contains(#"<time datetime=""#) && text.contains(" UTC</time>"))
            #expect(text.contains(#"<button type="submit">Mark as read</button>"#))
            #expect(text.contains(#"<button type="submit">Mark all as read</button>"#))

            let next = try #require(Self.link(in: text, rel: "next"))
            let second = try await web.get(next, tom)
            #expect(second.status == 200)
            #expect(second.text.components(separatedBy: #"<li class="notification unread""#).count - 1 == 3)
            #expect(second.text.contains("<p>Reactie 1</p>") && !second.text.contains("<p>Reactie 4</p>"))
            #expect(Self.link(in: second.text, rel: "next") == nil, "the last page")
            #expect(second.text.contains(#"<a href="/inbox">Newest</a>"#))
            #expect(try await web.get("/inbox?cursor=nope", tom).status == 422)

            // Read one: it is no longer marked, and the unread filter leaves it out.
            let ids = try await Self.notificationIDs(web, people.tom.id)
            _ = try await web.store.markNotificationRead(id: ids[0], personID: people.tom.id, at: Date())
            let all = try await web.get("/inbox", tom).text
            #expect(all.contains(#"<li class="notification" id="n-\#(ids[0])">"#))
            #expect(all.contains("22 unread notifications."))
            let unread = try await web.get("/inbox?show=unread", tom)
            #expect(!unread.text.contains(ids[0]))
            #expect(unread.text.contains(#"<a href="/inbox?show=unread" aria-current="page">Unread</a>"#))
            let unreadNext = try #require(Self.link(in: unread.text, rel: "next"))
            #expect(unreadNext.hasPrefix("/inbox?show=unread&amp;cursor="), "the filter stays on the next page")
        }
    }

    @Test("marking read: one (only one's own), or all; with the session's CSRF token")
    func markingRead() async throws {
        try await WebFixture.withServer { web in
            let people = try await TestRegister.register(into: web.store, now: Date())
            _ = try await Self.commented(web, comments: 3, people: people)
            let tom = try await web.signIn(token: people.tom.token)
            let anna = try await web.signIn(token: people.anna.token)
            let tomIDs = try await Self.notificationIDs(web, people.tom.id)
            let annaIDs = try await Self.notificationIDs(web, people.anna.id)

            let read = try await web.post("/inbox/\(tomIDs[0])/read", tom, form: [("show", "unread")])
            #expect(read.status == 303, "\(read.text)")
            #expect(read.location == "/inbox?show=unread&done=inbox_read")
            let after = try await web.get(read.location ?? "", tom)
            #expect(after.text.contains("The notification is marked as read."))
            #expect(after.text.contains("Inbox (2"))
            #expect(try await web.store.unreadNotificationCount(personID: people.tom.id) == 2)

            // Another person's notification cannot be marked: not found, and it stays unread.
            let others = try await web.post("/inbox/\(annaIDs[0])/read", tom, form: [])
            #expect(others.status == 404)
            #expect(others.text.contains("You have no such notification."))
            #expect(try await web.store.unreadNotificationCount(personID: people.anna.id) == 3)
            #expect(try await web.post("/inbox/ntf_nothing/read", tom, form: []).status == 404)
            // Without the CSRF token, or without a session, nothing happens.
            #expect(try await web.post("/inbox/\(tomIDs[1])/read", tom, form: [], csrf: "forged").status == 403)
            #expect(try await web.post("/inbox/read", tom, form: [], csrf: "").status == 403)
            #expect(try await web.post("/inbox/read", nil, form: []).status == 403)
            #expect(try await web.post("/inbox/\(annaIDs[0])/read", anna, form: [], csrf: tom.csrf).status == 403)
            #expect(try await web.store.unreadNotificationCount(personID: people.tom.id) == 2)

            let all = try await web.post("/inbox/read", tom, form: [])
            #expect(all.status == 303)
            #expect(all.location == "/inbox?done=inbox_all_read")
            #expect(try await web.store.unreadNotificationCount(personID: people.tom.id) == 0)
            #expect(try await web.store.unreadNotificationCount(personID: people.anna.id) == 3)
            let page = try await web.get(all.location ?? "", tom).text
            #expect(page.contains("All notifications are marked as read.") && page.contains("Nothing unread."))
            #expect(!page.contains("Mark all as read"))
        }
    }

    @Test("a token of nobody sees why there is no inbox and no settings")
    func tokenOfNobody() async throws {
        try await WebFixture.withServer { web in
            let browser = try await web.signIn(.practice)
            let inbox = try await web.get("/inbox", browser)
            #expect(inbox.status == 200)
            #expect(inbox.text.contains("belongs to no person of the register"))
            let settings = try await web.get("/settings/notifications", browser)
            #expect(settings.status == 200)
            #expect(settings.text.contains("belongs to no person of the register"))
            #expect(!settings.text.contains(#"name="notify""#))
            #expect(try await web.post("/inbox/read", browser, form: []).status == 404)
            #expect(try await web.post("/settings/notifications", browser, form: [("notify", "off")]).status == 404)
            #expect(try await web.get("/inbox").location == "/signin?next=/inbox")
        }
    }

    @Test("the settings form: the person's preference checked, saved through the register")
    func settings() async throws {
        try await WebFixture.withServer { web in
            let people = try await TestRegister.register(into: web.store, now: Date())
            let anna = try await web.signIn(token: people.anna.token)
            let form = try await web.get("/settings/notifications", anna)
            #expect(form.status == 200)
            #expect(form.text.contains("anna@delinde.nl"))
            #expect(
                form.text.contains(
                    #"<input type="radio" id="notify-immediate" name="notify" value="immediate" checked"#))
            #expect(form.text.contains(#"<input type="radio" id="notify-daily" name="notify" value="daily" aria"#))

            let saved = try await web.post("/settings/notifications", anna, form: [("notify", "daily")])
            #expect(saved.status == 303)
            #expect(saved.location == "/settings/notifications?done=settings_saved")
            #expect(try await web.store.person(id: people.anna.id)?.notify == .daily)
            let again = try await web.get(saved.location ?? "", anna)
            #expect(again.text.contains("Your notification setting was saved."))
            #expect(again.text.contains(#"value="daily" checked"#))
            #expect(try await web.store.person(id: people.tom.id)?.notify == .immediate, "only their own")

            for value in ["weekly", "", "OFF"] {
                let refused = try await web.post("/settings/notifications", anna, form: [("notify", value)])
                #expect(refused.status == 422, "\(value)")
            }
            #expect(try await web.post("/settings/notifications", anna, form: []).status == 422)
            #expect(
                try await web.post("/settings/notifications", anna, form: [("notify", "off")], csrf: "x").status == 403)
            #expect(try await web.store.person(id: people.anna.id)?.notify == .daily)
        }
    }

    @Test("unsubscribe: the mail's link asks first; the button and RFC 8058 one-click set the preference to off")
    func unsubscribe() async throws {
        try await WebFixture.withServer { web in
            let people = try await TestRegister.register(into: web.store, now: Date())
            _ = try await Self.commented(web, comments: 1, people: people)
            let annas = try await Self.notificationIDs(web, people.anna.id)
            let toms = try await Self.notificationIDs(web, people.tom.id)

            // Opening the link changes nothing, and needs no sign-in.
            let page = try await web.get("/unsubscribe/\(annas[0])")
            #expect(page.status == 200)
            #expect(page.text.contains("No more e-mail?"))
            #expect(page.text.contains("anna@delinde.nl"))
            #expect(page.text.contains(#"<form method="post" action="/unsubscribe/\#(annas[0])">"#))
            #expect(!page.text.contains("_csrf"))
            #expect(try await web.store.person(id: people.anna.id)?.notify == .immediate)

            // The page's button: no session, no CSRF token.
            let done = try await web.post(
                "/unsubscribe/\(annas[0])", nil, form: [("List-Unsubscribe", "One-Click")])
            #expect(done.status == 200, "\(done.text)")
            #expect(done.text.contains("You receive no more e-mail"))
            #expect(try await web.store.person(id: people.anna.id)?.notify == .off)
            #expect(try await web.store.person(id: people.tom.id)?.notify == .immediate)
            #expect(try await web.get("/unsubscribe/\(annas[0])").text.contains("sends no e-mail already"))
            #expect(
                try await web.post("/unsubscribe/\(annas[0])", nil, form: [("List-Unsubscribe", "One-Click")]).status
                    == 200, "twice is fine")

            // A mail program's one-click POST (RFC 8058): the form body, nothing else.
            let oneClick = try await web.post(
                "/unsubscribe/\(toms[0])", nil, form: [("List-Unsubscribe", "One-Click")], csrf: nil)
            #expect(oneClick.status == 200)
            #expect(try await web.store.person(id: people.tom.id)?.notify == .off)

            // Unknown ids: a 404 page, for the link and for a POST.
            for id in ["ntf_nothing", String(repeating: "n", count: 500)] {
                let unknown = try await web.get("/unsubscribe/\(id)")
                #expect(unknown.status == 404)
                #expect(unknown.text.contains("This unsubscribe link is not known."))
                #expect(try await web.post("/unsubscribe/\(id)", nil, form: []).status == 404)
            }
            // Still signed-in pages work as before; a session changes nothing here.
            let tom = try await web.signIn(token: people.tom.token)
            #expect(try await web.post("/unsubscribe/ntf_nothing", tom, form: []).status == 404)
        }
    }

    @Test("failed mail, for admins: to whom, about what, attempts and the last reason")
    func mailPage() async throws {
        try await WebFixture.withServer { web in
            let people = try await TestRegister.register(into: web.store, now: Date())
            let admin = try await web.signIn(.admin)
            #expect(try await web.get("/mail", admin).text.contains("No failed e-mail."))
            let id = try await Self.commented(web, comments: 1, people: people)
            try await TestRegister.failMail(
                of: people.tom.id, reason: "550 5.1.1 <tom@ros-twente.nl>: No such user", store: web.store, now: Date())
            let page = try await web.get("/mail", admin)
            #expect(page.status == 200)
            #expect(page.text.contains("Tom Bakker &lt;tom@ros-twente.nl&gt;"))
            #expect(page.text.contains(#"<a href="/ideas/\#(id)">"#))
            #expect(page.text.contains("550 5.1.1 &lt;tom@ros-twente.nl&gt;: No such user"), "escaped")
            #expect(page.text.contains("<td>2</td>"))
            #expect(page.text.contains(#"<a href="/mail" aria-current="page">Mail</a>"#))
            let facilitator = try await web.signIn(.facilitator)
            #expect(try await web.get("/mail", facilitator).status == 403)
            #expect(!(try await web.get("/funnel", facilitator).text.contains(#"<a href="/mail">"#)))
        }
    }

    /// The `href` of the link with `rel` on a page.
    static func link(in page: String, rel: String) -> String? {
        guard let end = page.range(of: "\" rel=\"\(rel)\"") else { return nil }
        let before = page[..<end.lowerBound]
        guard let start = before.range(of: "href=\"", options: .backwards) else { return nil }
        return String(before[start.upperBound...])
    }
}
