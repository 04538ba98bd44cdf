import Foundation
import HTTPTypes
import PipelineCore
import PipelineServer
import PipelineStore
import PipelineStoreSQLite
import PipelineTestSupport
import Testing

/// A person's inbox and notification preference over real HTTP, and the failed mail for admins:
/// a person reaches only their own notifications; a token of nobody has none.
@Suite("Notifications over the API")
struct NotificationAPITests {
    /// The practice's idea in Twente with `comments` comments by the (legacy) facilitator: each
    /// tells Anna and Tom.
    static func commented(
        _ api: APIClient, comments: Int, store: any Store, people: TestRegister.People
    ) async throws -> String {
        let id = try await api.submitIdea()
        // Tom, Twente's facilitator, was told he holds the idea: read, so that only comments count.
        _ = try await store.markAllNotificationsRead(personID: people.tom.id, at: Date())
        for number in 1...max(1, comments) {
            let reply = try await api.send(
                .post, "/v1/ideas/\(id)/comments", as: .facilitator, json: #"{"text": "Reactie \#(number)"}"#)
            #expect(reply.status == 200, "\(reply.text)")
        }
        return id
    }

    /// The ids of a page of the inbox.
    static func ids(_ reply: Reply) -> [String] {
        (reply.json["items"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String }
    }

    static func bearer(_ member: TestRegister.Member) -> [String: String] {
        ["Authorization": "Bearer \(member.token)"]
    }

    @Test(
        "the inbox: newest first, in pages with an opaque cursor, unread only on request, with the words and the data")
    func inbox() async throws {
        let fixture = try await APIFixture()
        defer { fixture.cleanup() }
        let people = try await TestRegister.register(into: fixture.store, now: Date())
        try await fixture.withServer { api in
            let idea = try await Self.commented(api, comments: 5, store: fixture.store, people: people)
            let tom = Self.bearer(people.tom)
            let first = try await api.send(.get, "/v1/me/notifications?limit=2", as: nil, headers: tom)
            #expect(first.status == 200, "\(first.text)")
            #expect(first.json["unread"] as? Int == 5)
            let items = try #require(first.json["items"] as? [[String: Any]])
            #expect(items.count == 2)
            let newest = items[0]
            #expect((newest["id"] as? String)?.hasPrefix("ntf_") == true)
            #expect(newest["idea_id"] as? String == idea)
            #expect(newest["topic"] as? String == "comment")
            #expect(newest["event_type"] as? String == "idea.commented")
            #expect(newest["subject"] as? String == "Nieuwe reactie op ‘Regionale stagedesk’")
            #expect(newest["paragraphs"] as? [String] == ["facilitator schreef:", "Reactie 5"])
            #expect(newest["read_at"] is NSNull, "read_at is null while unread")
            #expect(newest["mail"] as? String == "immediate")
            #expect(newest["mail_status"] as? String == "pending")
            #expect(RFC3339.date(from: newest["created_at"] as? String ?? "") != nil)
            let content = try #require(newest["content"] as? [String: Any])
            #expect(content["text"] as? String == "Reactie 5")
            #expect(content["event_type"] as? String == "idea.commented")
            #expect(content["idea_id"] as? String == idea)
            #expect(content["organisation"] as? String == "HAP De Linde")
            #expect(content["actor"] as? String == "facilitator")
            #expect(content["decision"] == nil, "what does not apply is left out")
            #expect((items[1]["paragraphs"] as? [String])?.last == "Reactie 4")

            let cursor = try #require(first.json["next_cursor"] as? String)
            #expect(Int(cursor) == nil, "opaque, not a bare sequence number")
            let rest = try await api.send(
                .get, "/v1/me/notifications?limit=2&cursor=\(cursor)", as: nil, headers: tom)
            let restTexts = (rest.json["items"] as? [[String: Any]])?.compactMap {
                ($0["paragraphs"] as? [String])?.last
            }
            #expect(restTexts == ["Reactie 3", "Reactie 2"])
            let lastCursor = try #require(rest.json["next_cursor"] as? String)
            let last = try await api.send(
                .get, "/v1/me/notifications?limit=2&cursor=\(lastCursor)", as: nil, headers: tom)
            // The first comment, and before it Tom's notice that he holds the idea (read).
            let lastTopics = (last.json["items"] as? [[String: Any]])?.compactMap { $0["topic"] as? String }
            #expect(lastTopics == ["comment", "owner_assigned"])
            #expect(last.json["next_cursor"] is NSNull, "null on the last page")

            // Unread only, after reading one.
            let read = try await api.send(
                .post, "/v1/me/notifications/\(newest["id"] as? String ?? "")/read", as: nil, headers: tom)
            #expect(read.status == 200)
            let unread = try await api.send(.get, "/v1/me/notifications?unread=true", as: nil, headers: tom)
            #expect((unread.json["items"] as? [[String: Any]])?.count == 4)
            #expect(unread.json["unread"] as? Int == 4)
            let all = try await api.send(.get, "/v1/me/notifications?unread=false", as: nil, headers: tom)
            #expect((all.json["items"] as? [[String: Any]])?.count == 6, "five comments and the ownership")

            // Anna, of the organisation, has her own five; the facilitator who wrote them none.
            let anna = try await api.send(.get, "/v1/me/notifications", as: nil, headers: Self.bearer(people.anna))
            #expect(anna.json["unread"] as? Int == 5)
            let annaIDs = Set(Self.ids(anna))
            #expect(annaIDs.count == 5 && annaIDs.isDisjoint(with: Self.ids(all)))

            // What the list refuses, as GET /v1/ideas does.
            for (query, status) in [
                ("limit=0", 400), ("limit=501", 400), ("limit=abc", 400), ("unread=yes", 400), ("sort=old", 400),
                ("cursor=nope", 422), ("cursor=bi4w", 422), ("cursor=", 422),
                ("cursor=\(String(repeating: "A", count: 300))", 422), ("cursor=%00%FF", 422),
            ] {
                let refused = try await api.send(.get, "/v1/me/notifications?\(query)", as: nil, headers: tom)
                #expect(refused.status == status, "\(query): \(refused.text)")
                #expect(refused.headers[.contentType] == "application/problem+json")
            }
            let head = try await api.send(.head, "/v1/me/notifications", as: nil, headers: tom)
            #expect(head.status == 200 && head.body.isEmpty)
            let wrongMethod = try await api.send(.delete, "/v1/me/notifications", as: nil, headers: tom)
            #expect(wrongMethod.status == 405)
            #expect(wrongMethod.headers[.allow] == "GET, HEAD")
            #expect(try await api.send(.get, "/v1/me/notifications", as: nil).status == 401)
        }
    }

    @Test("marking read: once (the first time stays), only one's own, all at once; hostile bodies are refused")
    func markingRead() async throws {
        let fixture = try await APIFixture()
        defer { fixture.cleanup() }
        let clock = ManualClock(now: Date(timeIntervalSince1970: 1_790_000_000))
        let people = try await TestRegister.register(into: fixture.store, now: clock.now())
        try await fixture.withServer(clock: clock) { api in
            _ = try await Self.commented(api, comments: 3, store: fixture.store, people: people)
            let tom = Self.bearer(people.tom)
            let anna = Self.bearer(people.anna)
            let inbox = try await api.send(.get, "/v1/me/notifications", as: nil, headers: tom)
            let ids = Self.ids(inbox)
            let annaIDs = Self.ids(try await api.send(.get, "/v1/me/notifications", as: nil, headers: anna))
            #expect(ids.count == 4 && annaIDs.count == 3, "Tom also holds the idea (read)")

            clock.advance(by: 60)
            let read = try await api.send(.post, "/v1/me/notifications/\(ids[0])/read", as: nil, headers: tom)
            #expect(read.status == 200, "\(read.text)")
            #expect(read.json["id"] as? String == ids[0])
            let readAt = try #require(read.json["read_at"] as? String)
            #expect(RFC3339.date(from: readAt) == clock.now())
            clock.advance(by: 60)
            let again = try await api.send(
                .post, "/v1/me/notifications/\(ids[0])/read", as: nil, json: "{}", headers: tom)
            #expect(again.status == 200)
            #expect(again.json["read_at"] as? String == readAt, "the first time stays")

            // Another person's notification is as unknown as none at all, and stays unread.
            let others = try await api.send(.post, "/v1/me/notifications/\(annaIDs[0])/read", as: nil, headers: tom)
            #expect(others.status == 404)
            #expect(others.problemType == "not-found")
            #expect(
                try await api.send(.post, "/v1/me/notifications/ntf_nothing/read", as: nil, headers: tom).status == 404)
            #expect(
                try await api.send(
                    .post, "/v1/me/notifications/\(String(repeating: "x", count: 5_000))/read", as: nil, headers: tom
                ).status == 404)
            #expect(
                try await api.send(.get, "/v1/me/notifications", as: nil, headers: anna).json["unread"] as? Int == 3)

            // Hostile bodies: nothing is marked.
            for (body, type, status) in [
                (Data(#"{"all": true}"#.utf8), "application/json", 400), (Data("[]".utf8), "application/json", 400),
                (Data("{".utf8), "application/json", 400), (Data("null".utf8), "application/json", 400),
                (Data("{}".utf8), "text/plain", 415), (Data("{}".utf8), "application/jsonx", 415),
                (Data([0x7B, 0xFF, 0x7D]), "application/json", 400),
            ] {
                let headers = tom.merging(["Content-Type": type]) { $1 }
                let refused = try await api.send(
                    .post, "/v1/me/notifications/\(ids[1])/read", as: nil, raw: body, headers: headers)
                #expect(refused.status == status, "\(type): \(refused.text)")
                let all = try await api.send(.post, "/v1/me/notifications/read", as: nil, raw: body, headers: headers)
                #expect(all.status == status, "all, \(type): \(all.text)")
            }
            let member = try await api.send(
                .post, "/v1/me/notifications/read", as: nil, json: #"{"all": true}"#, headers: tom)
            #expect(member.text.contains("unknown member 'all'; it takes none"), "\(member.text)")
            #expect(try await api.send(.get, "/v1/me/notifications", as: nil, headers: tom).json["unread"] as? Int == 2)
            #expect(
                try await api.send(.get, "/v1/me/notifications/\(ids[1])/read", as: nil, headers: tom).status == 405)

            let marked = try await api.send(.post, "/v1/me/notifications/read", as: nil, headers: tom)
            #expect(marked.status == 200)
            #expect(marked.json["marked"] as? Int == 2)
            #expect(
                try await api.send(.post, "/v1/me/notifications/read", as: nil, headers: tom).json["marked"] as? Int
                    == 0)
            #expect(
                try await api.send(.get, "/v1/me/notifications", as: nil, headers: anna).json["unread"] as? Int == 3)
            #expect(try await api.send(.post, "/v1/me/notifications/read", as: nil).status == 401)
        }
    }

    @Test("the preference: a person changes their own, through the register's rules")
    func preference() async throws {
        let fixture = try await APIFixture()
        defer { fixture.cleanup() }
        let people = try await TestRegister.register(into: fixture.store, now: Date())
        try await fixture.withServer { api in
            let anna = Self.bearer(people.anna)
            let changed = try await api.send(
                .put, "/v1/me/notification-preference", as: nil, json: #"{"notify": "daily"}"#, headers: anna)
            #expect(changed.status == 200, "\(changed.text)")
            #expect(changed.json["id"] as? String == people.anna.id)
            #expect(changed.json["notify"] as? String == "daily")
            #expect(changed.json["organisation_name"] as? String == "HAP De Linde")
            #expect(try await fixture.store.person(id: people.anna.id)?.notify == .daily)
            #expect(try await fixture.store.person(id: people.tom.id)?.notify == .immediate, "only their own")

            // A comment now is mailed to Anna in the daily digest.
            _ = try await Self.commented(api, comments: 1, store: fixture.store, people: people)
            let inbox = try await api.send(.get, "/v1/me/notifications", as: nil, headers: anna)
            #expect((inbox.json["items"] as? [[String: Any]])?.first?["mail"] as? String == "daily")

            for (body, status, words) in [
                (#"{"notify": "weekly"}"#, 422, "weekly"), (#"{"notify": null}"#, 400, "not null"),
                (#"{"notify": 1}"#, 400, "must be a string"), ("{}", 400, "'notify' is required"),
                (#"{"notify": "off", "email": "x@y.nl"}"#, 400, "unknown member 'email'"),
                (#"{"notify": "OFF"}"#, 422, "OFF"), ("{\"notify\": \"off\"", 400, "not valid JSON"),
                (#"{"notify": "\#(String(repeating: "o", count: 100))"}"#, 400, "longer than 20"),
            ] {
                let refused = try await api.send(
                    .put, "/v1/me/notification-preference", as: nil, json: body, headers: anna)
                #expect(refused.status == status, "\(body): \(refused.text)")
                #expect(refused.text.contains(words), "\(body): \(refused.text)")
            }
            let plain = try await api.send(
                .put, "/v1/me/notification-preference", as: nil, raw: Data(#"{"notify": "off"}"#.utf8),
                headers: anna.merging(["Content-Type": "text/plain"]) { $1 })
            #expect(plain.status == 415)
            #expect(try await fixture.store.person(id: people.anna.id)?.notify == .daily, "nothing changed")
            let get = try await api.send(.get, "/v1/me/notification-preference", as: nil, headers: anna)
            #expect(get.status == 405)
            #expect(get.headers[.allow] == "PUT")
            let off = try await api.send(
                .put, "/v1/me/notification-preference", as: nil, json: #"{"notify": "off"}"#, headers: anna)
            #expect(off.json["notify"] as? String == "off")
        }
    }

    @Test("a token of nobody has no inbox and no preference: 404 no-person, saying why")
    func tokenOfNobody() async throws {
        let fixture = try await APIFixture()
        defer { fixture.cleanup() }
        _ = try await TestRegister.register(into: fixture.store, now: Date())
        try await fixture.withServer { api in
            for (method, path, body) in [
                (HTTPRequest.Method.get, "/v1/me/notifications", nil),
                (.post, "/v1/me/notifications/read", nil),
                (.post, "/v1/me/notifications/ntf_anything/read", nil),
                (.put, "/v1/me/notification-preference", #"{"notify": "off"}"#),
            ] as [(HTTPRequest.Method, String, String?)] {
                for person in APIFixture.Person.allCases {
                    let reply = try await api.send(method, path, as: person, json: body)
                    #expect(reply.status == 404, "\(method) \(path) as \(person)")
                    #expect(reply.problemType == "no-person")
                    #expect(
                        (reply.json["detail"] as? String)?.contains("this token belongs to no person of the register")
                            == true)
                }
            }
        }
    }

    @Test("failed mail: admins see to whom, about what, each attempt and the last reason")
    func mailFailures() async throws {
        let fixture = try await APIFixture()
        defer { fixture.cleanup() }
        let people = try await TestRegister.register(into: fixture.store, now: Date())
        try await fixture.withServer { api in
            let empty = try await api.send(.get, "/v1/mail/failures", as: .admin)
            #expect(empty.status == 200)
            #expect((empty.json["failures"] as? [Any])?.isEmpty == true)
            let idea = try await Self.commented(api, comments: 1, store: fixture.store, people: people)
            let failed = try #require(
                try await TestRegister.failMail(
                    of: people.tom.id, reason: "550 5.1.1 No such user", store: fixture.store, now: Date()))

            let listed = try await api.send(.get, "/v1/mail/failures", as: .admin)
            #expect(listed.status == 200, "\(listed.text)")
            let failures = try #require(listed.json["failures"] as? [[String: Any]])
            #expect(failures.count == 1)
            let failure = failures[0]
            #expect(failure["notification"] as? String == failed)
            #expect(failure["person"] as? String == people.tom.id)
            #expect(failure["email"] as? String == "tom@ros-twente.nl")
            #expect(failure["name"] as? String == "Tom Bakker")
            #expect(failure["idea_id"] as? String == idea)
            #expect(failure["subject"] as? String == "Nieuwe reactie op ‘Regionale stagedesk’")
            #expect(failure["attempt_count"] as? Int == 2)
            #expect(failure["last_reason"] as? String == "550 5.1.1 No such user")
            let attempts = try #require(failure["attempts"] as? [[String: Any]])
            #expect(attempts.map { $0["outcome"] as? String } == ["retry", "failed"])
            #expect(attempts.first?["reason"] as? String == "451 4.3.0 Try again later")

            #expect(try await api.send(.get, "/v1/mail/failures?limit=1", as: .admin).status == 200)
            for query in ["limit=0", "limit=501", "limit=x", "person=x"] {
                #expect(try await api.send(.get, "/v1/mail/failures?\(query)", as: .admin).status == 400, "\(query)")
            }
            for person in APIFixture.Person.allCases where person != .admin {
                #expect(try await api.send(.get, "/v1/mail/failures", as: person).status == 403, "\(person)")
            }
            #expect(try await api.send(.get, "/v1/mail/failures", as: nil).status == 401)
            #expect(
                try await api.send(.get, "/v1/mail/failures", as: nil, headers: Self.bearer(people.tom)).status == 403)
        }
    }
}
