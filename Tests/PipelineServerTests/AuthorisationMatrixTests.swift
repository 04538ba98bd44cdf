import Foundation
import HTTPTypes
import PipelineTestSupport
import Testing

/// Every route, every role, own and other organisation: the status each gets.
@Suite("Authorisation matrix")
struct AuthorisationMatrixTests {
    typealias Person = APIFixture.Person

    /// A route call on an idea in the business case stage owned by `practice`, and the
    /// expected status for each caller (nil: no token).
    struct Cell: Sendable {
        let name: String
        let method: HTTPRequest.Method
        let path: String
        let body: String?
        let ifMatch: Bool
        let expected: [Person?: Int]
    }

    /// `owner` is a registered facilitator's id and `gatekeeper` a registered gatekeeper's.
    static func cells(_ id: String, owner: String, gatekeeper: String) -> [Cell] {
        let all = { (status: Int) -> [Person?: Int] in
            var table: [Person?: Int] = [nil: 401]
            for person in Person.allCases { table[person] = status }
            return table
        }
        func table(_ entries: [Person: Int]) -> [Person?: Int] {
            var result: [Person?: Int] = [nil: 401]
            for (person, status) in entries { result[person] = status }
            return result
        }
        let visible: [Person: Int] = [
            .practice: 200, .otherPractice: 404, .facilitator: 200, .gatekeeper: 200, .secondGatekeeper: 200,
            .thirdGatekeeper: 200, .admin: 200,
        ]
        return [
            Cell(
                name: "get idea", method: .get, path: "/v1/ideas/\(id)", body: nil, ifMatch: false,
                expected: table(visible)),
            Cell(
                name: "gate", method: .get, path: "/v1/ideas/\(id)/gate", body: nil, ifMatch: false,
                expected: table(visible)),
            Cell(
                name: "history", method: .get, path: "/v1/ideas/\(id)/history", body: nil, ifMatch: false,
                expected: table(visible)),
            Cell(name: "list", method: .get, path: "/v1/ideas", body: nil, ifMatch: false, expected: all(200)),
            Cell(name: "workflows", method: .get, path: "/v1/workflows", body: nil, ifMatch: false, expected: all(200)),
            Cell(
                name: "workflow", method: .get, path: "/v1/workflows/primary-care-innovation", body: nil,
                ifMatch: false,
                expected: all(200)),
            Cell(
                name: "graph", method: .get, path: "/v1/workflows/primary-care-innovation/graph", body: nil,
                ifMatch: false,
                expected: all(200)),
            Cell(
                name: "counts", method: .get, path: "/v1/reports/counts", body: nil, ifMatch: false, expected: all(200)),
            Cell(name: "regions", method: .get, path: "/v1/regions", body: nil, ifMatch: false, expected: all(200)),
            Cell(
                name: "region", method: .get, path: "/v1/regions/Twente", body: nil, ifMatch: false,
                expected: all(200)),
            Cell(
                name: "update", method: .patch, path: "/v1/ideas/\(id)", body: #"{"fields": {"cost_eur": 1000}}"#,
                ifMatch: true,
                expected: table([
                    .practice: 200, .otherPractice: 404, .facilitator: 200, .gatekeeper: 403, .secondGatekeeper: 403,
                    .thirdGatekeeper: 403, .admin: 200,
                ])),
            Cell(
                name: "approve", method: .post, path: "/v1/ideas/\(id)/approvals", body: "{}", ifMatch: false,
                expected: table([
                    .practice: 403, .otherPractice: 404, .facilitator: 200, .gatekeeper: 403, .secondGatekeeper: 403,
                    .thirdGatekeeper: 403, .admin: 403,
                ])),
            Cell(
                name: "review", method: .post, path: "/v1/ideas/\(id)/reviews",
                body: #"{"scores": {"impact": 3, "feasibility": 3, "scalability": 3, "value": 3}, "comment": "ok"}"#,
                ifMatch: false,
                expected: table([
                    .practice: 403, .otherPractice: 404, .facilitator: 403, .gatekeeper: 200, .secondGatekeeper: 200,
                    .thirdGatekeeper: 200, .admin: 403,
                ])),
            Cell(
                name: "hold", method: .post, path: "/v1/ideas/\(id)/decisions",
                body: #"{"decision": "hold", "reason": "x", "until": "2099-03-01"}"#,
                ifMatch: false,
                expected: table([
                    .practice: 403, .otherPractice: 404, .facilitator: 200, .gatekeeper: 403, .secondGatekeeper: 403,
                    .thirdGatekeeper: 403, .admin: 200,
                ])),
            Cell(
                name: "timers", method: .get, path: "/v1/ideas/\(id)/timers", body: nil, ifMatch: false,
                expected: table(visible)),
            // The idea has no conditions: whoever may meet one gets as far as the engine's 422
            // (no condition 1); everyone else is stopped before.
            Cell(
                name: "meet condition", method: .post, path: "/v1/ideas/\(id)/conditions/1/met",
                body: #"{"note": "geregeld"}"#, ifMatch: false,
                expected: table([
                    .practice: 403, .otherPractice: 404, .facilitator: 422, .gatekeeper: 403, .secondGatekeeper: 403,
                    .thirdGatekeeper: 403, .admin: 422,
                ])),
            Cell(
                name: "comment", method: .post, path: "/v1/ideas/\(id)/comments", body: #"{"text": "Goed idee"}"#,
                ifMatch: false, expected: table(visible)),
            Cell(
                name: "owner", method: .put, path: "/v1/ideas/\(id)/owner", body: #"{"person": "\#(owner)"}"#,
                ifMatch: false,
                expected: table([
                    .practice: 403, .otherPractice: 404, .facilitator: 200, .gatekeeper: 403, .secondGatekeeper: 403,
                    .thirdGatekeeper: 403, .admin: 200,
                ])),
            Cell(
                name: "co-organisations", method: .put, path: "/v1/ideas/\(id)/co-organisations",
                body: #"{"organisations": ["Zorggroep Twente"]}"#, ifMatch: false,
                expected: table([
                    .practice: 200, .otherPractice: 404, .facilitator: 200, .gatekeeper: 403, .secondGatekeeper: 403,
                    .thirdGatekeeper: 403, .admin: 200,
                ])),
            Cell(
                name: "gatekeepers", method: .put, path: "/v1/ideas/\(id)/gatekeepers",
                body: #"{"people": ["\#(gatekeeper)"]}"#, ifMatch: false,
                expected: table([
                    .practice: 403, .otherPractice: 404, .facilitator: 200, .gatekeeper: 403, .secondGatekeeper: 403,
                    .thirdGatekeeper: 403, .admin: 200,
                ])),
        ]
    }

    /// The registers: anyone signed in reads the organisations and themselves; only admins
    /// change anything or read people. `person` is a registered person's id.
    static func registerCells(person: String) -> [Cell] {
        let all = { (status: Int) -> [Person?: Int] in
            var table: [Person?: Int] = [nil: 401]
            for person in Person.allCases { table[person] = status }
            return table
        }
        let admins = { (status: Int) -> [Person?: Int] in
            var table: [Person?: Int] = [nil: 401]
            for person in Person.allCases { table[person] = person == .admin ? status : 403 }
            return table
        }
        return [
            Cell(
                name: "organisations", method: .get, path: "/v1/organisations", body: nil, ifMatch: false,
                expected: all(200)),
            Cell(
                name: "register organisation", method: .post, path: "/v1/organisations",
                body: #"{"name": "Zorggroep Matrix", "type": "zorggroep", "region": "Twente"}"#, ifMatch: false,
                expected: admins(201)),
            Cell(name: "people", method: .get, path: "/v1/people", body: nil, ifMatch: false, expected: admins(200)),
            Cell(
                name: "register person", method: .post, path: "/v1/people",
                body: #"{"name": "Matrix", "email": "matrix@example.nl", "roles": ["gatekeeper"]}"#, ifMatch: false,
                expected: admins(201)),
            Cell(
                name: "person", method: .get, path: "/v1/people/\(person)", body: nil, ifMatch: false,
                expected: admins(200)),
            Cell(
                name: "change person", method: .patch, path: "/v1/people/\(person)", body: #"{"notify": "daily"}"#,
                ifMatch: false, expected: admins(200)),
            Cell(
                name: "unknown person", method: .get, path: "/v1/people/per_nobody", body: nil, ifMatch: false,
                expected: admins(404)),
            Cell(name: "me", method: .get, path: "/v1/me", body: nil, ifMatch: false, expected: all(200)),
            // The inbox is a person's: these tokens belong to nobody (NotificationAPITests has
            // people with tokens of their own).
            Cell(
                name: "inbox", method: .get, path: "/v1/me/notifications", body: nil, ifMatch: false,
                expected: all(404)),
            Cell(
                name: "mark read", method: .post, path: "/v1/me/notifications/ntf_x/read", body: nil, ifMatch: false,
                expected: all(404)),
            Cell(
                name: "mark all read", method: .post, path: "/v1/me/notifications/read", body: nil, ifMatch: false,
                expected: all(404)),
            Cell(
                name: "preference", method: .put, path: "/v1/me/notification-preference", body: #"{"notify": "off"}"#,
                ifMatch: false, expected: all(404)),
            Cell(
                name: "failed mail", method: .get, path: "/v1/mail/failures", body: nil, ifMatch: false,
                expected: admins(200)),
        ]
    }

    @Test("the registers: every route for every role")
    func registers() async throws {
        let fixture = try await APIFixture()
        defer { fixture.cleanup() }
        try await fixture.withServer { api in
            let created = try await api.send(
                .post, "/v1/people", as: .admin,
                json: #"{"name": "Fenna", "email": "fenna@ros.nl", "roles": ["facilitator"]}"#)
            let person = try #require(created.json["id"] as? String)
            for cell in Self.registerCells(person: person) {
                for (caller, expected) in cell.expected {
                    let reply = try await api.send(cell.method, cell.path, as: caller, json: cell.body)
                    #expect(reply.status == expected, "\(cell.name) as \(caller?.rawValue ?? "nobody"): \(reply.text)")
                    if reply.status >= 400 {
                        #expect(reply.headers[.contentType] == "application/problem+json")
                    }
                }
            }
            let people = try await api.send(.get, "/v1/people", as: .admin)
            #expect((people.json["people"] as? [[String: Any]])?.count == 2, "only the admin registered someone")
        }
    }

    @Test("every route for every role, own and other organisation")
    func matrix() async throws {
        let fixture = try await APIFixture()
        defer { fixture.cleanup() }
        try await fixture.withServer { api in
            var people: [String] = []
            for person in [
                #"{"name": "Fenna", "email": "fenna@ros.nl", "roles": ["facilitator"], "regions": ["Twente"]}"#,
                #"{"name": "Gerrit", "email": "gerrit@ros.nl", "roles": ["gatekeeper"]}"#,
            ] {
                let created = try await api.send(.post, "/v1/people", as: .admin, json: person)
                people.append(try #require(created.json["id"] as? String))
            }
            let id = try await api.ideaInBusinessCase()
            for cell in Self.cells(id, owner: people[0], gatekeeper: people[1]) {
                for (person, expected) in cell.expected {
                    var headers: [String: String] = [:]
                    if cell.ifMatch { headers["If-Match"] = "\"\(try await api.version(of: id))\"" }
                    let before = try await api.version(of: id)
                    let reply = try await api.send(
                        cell.method, cell.path, as: person, json: cell.body, headers: headers)
                    #expect(reply.status == expected, "\(cell.name) as \(person?.rawValue ?? "nobody"): \(reply.text)")
                    if reply.status >= 400 {
                        #expect(reply.headers[.contentType] == "application/problem+json")
                        #expect(try await api.version(of: id) == before, "a refusal changes nothing")
                    }
                    // Undo a hold so that the next caller meets the same idea.
                    if cell.name == "hold", reply.status == 200 {
                        _ = try await api.send(.post, "/v1/ideas/\(id)/decisions", json: #"{"decision": "resume"}"#)
                    }
                }
            }
        }
    }

    @Test("submitting: for one's own organisation only; gatekeepers do not submit")
    func submitting() async throws {
        let fixture = try await APIFixture()
        defer { fixture.cleanup() }
        try await fixture.withServer { api in
            _ = try await api.submitIdea(as: .practice)
            _ = try await api.submitIdea(as: .facilitator, organisation: "HAP De Linde")
            _ = try await api.submitIdea(as: .admin, organisation: "HAP De Linde")
            let summary = String(repeating: "x", count: 10)
            let body = """
                {"workflow": "primary-care-innovation", "region": "Twente", "organisation": "Gezondheidscentrum Oost",
                 "fields": {"title": "t", "summary": "\(summary)", "theme": "anders_besturen"}}
                """
            #expect(try await api.send(.post, "/v1/ideas", as: .practice, json: body).status == 403)
            #expect(try await api.send(.post, "/v1/ideas", as: .gatekeeper, json: body).status == 403)
            #expect(try await api.send(.post, "/v1/ideas", as: nil, json: body).status == 401)
        }
    }

    @Test("an idea in implementation is a good example: visible to all, read only")
    func sharedIdeas() async throws {
        let fixture = try await APIFixture()
        defer { fixture.cleanup() }
        try await fixture.withServer { api in
            let id = try await api.ideaInBusinessCase()
            try await api.update(
                id,
                #"{"cost_eur": 1000, "funding": "subsidie", "business_case_url": "https://x.nl", "privacy_checked": true, "pilot_start": "2027-01-01"}"#
            )
            _ = try await api.send(.post, "/v1/ideas/\(id)/approvals", json: "{}")
            for person in [APIFixture.Person.gatekeeper, .secondGatekeeper, .thirdGatekeeper] {
                _ = try await api.send(
                    .post, "/v1/ideas/\(id)/reviews", as: person,
                    json:
                        #"{"scores": {"impact": 5, "feasibility": 5, "scalability": 5, "value": 5}, "comment": "top"}"#)
            }
            _ = try await api.send(.post, "/v1/ideas/\(id)/decisions", json: #"{"decision": "go"}"#)
            try await api.update(
                id,
                #"{"pilot_participants": 20, "pilot_satisfaction": 9, "pilot_hours_saved": 5, "pilot_report_url": "https://x.nl", "scale": "regionaal", "regions_interested": 1}"#
            )
            for person in [APIFixture.Person.facilitator, .gatekeeper, .secondGatekeeper] {
                _ = try await api.send(.post, "/v1/ideas/\(id)/approvals", as: person, json: "{}")
            }
            let advanced = try await api.send(.post, "/v1/ideas/\(id)/decisions", json: #"{"decision": "go"}"#)
            #expect(advanced.json["stage"] as? String == "regional_implementation")
            #expect(try await api.send(.get, "/v1/ideas/\(id)", as: .otherPractice).status == 200)
            #expect(
                try await api.send(.post, "/v1/ideas/\(id)/comments", as: .otherPractice, json: #"{"text": "mooi"}"#)
                    .status == 403)
            let list = try await api.send(.get, "/v1/ideas", as: .otherPractice)
            #expect((list.json["ideas"] as? [[String: Any]])?.map { $0["id"] as? String } == [id])
        }
    }

    @Test("every aggregate counts only what the caller may list: /v1/reports/counts agrees with /v1/ideas per caller")
    func countsAreScoped() async throws {
        let fixture = try await APIFixture()
        defer { fixture.cleanup() }
        try await fixture.withServer { api in
            _ = try await api.submitIdea(as: .practice)
            _ = try await api.submitIdea(as: .practice)
            _ = try await api.submitIdea(as: .otherPractice)
            for person in Person.allCases {
                let list = try await api.send(.get, "/v1/ideas", as: person)
                let listed = (list.json["ideas"] as? [[String: Any]])?.count ?? -1
                for dimension in ["stage", "region", "theme"] {
                    let reply = try await api.send(.get, "/v1/reports/counts?by=\(dimension)", as: person)
                    #expect(reply.status == 200)
                    let counted = (reply.json["counts"] as? [[String: Any]])?.compactMap { $0["count"] as? Int }
                        .reduce(0, +)
                    #expect(counted == listed, "\(person) by \(dimension): counted \(counted ?? -1), listed \(listed)")
                }
            }
            let practice = try await api.send(.get, "/v1/reports/counts?by=region", as: .practice)
            #expect((practice.json["counts"] as? [[String: Any]])?.compactMap { $0["count"] as? Int } == [2])
        }
    }
}
