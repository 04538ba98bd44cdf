import Foundation
import HTTPTypes
import PipelineStore
import PipelineTestSupport
import Testing

@Suite("regions API")
struct RegionAPITests {
    /// Submits an idea in `region` with `theme`; returns its id.
    static func submit(
        _ api: APIClient, in region: String, theme: String = "onderwijsvernieuwing", as person: TestPerson = .practice
    ) async throws -> String {
        let summary = String(repeating: "Een regionaal loket voor stageplaatsen. ", count: 3)
        let reply = try await api.send(
            .post, "/v1/ideas", as: person,
            json: """
                {"workflow": "primary-care-innovation", "region": "\(region)",
                 "fields": {"title": "Regionale stagedesk", "summary": "\(summary)", "theme": "\(theme)"}}
                """)
        #expect(reply.status == 201, "\(reply.text)")
        return reply.json["id"] as? String ?? ""
    }

    static func escaped(_ name: String) -> String {
        name.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""
    }

    @Test("every region in the file's order, those without ideas too, counted by status, stage and theme")
    func list() async throws {
        let fixture = try await APIFixture()
        defer { fixture.cleanup() }
        try await fixture.withServer { api in
            _ = try await Self.submit(api, in: "Twente")
            _ = try await Self.submit(api, in: "Twente", theme: "innovatie_technologie")
            let stopped = try await Self.submit(api, in: "Amstelland/Kennemerland/Meerlanden")
            let kill = try await api.send(
                .post, "/v1/ideas/\(stopped)/decisions", json: #"{"decision": "kill", "reason": "dubbel"}"#)
            #expect(kill.status == 200, "\(kill.text)")

            let reply = try await api.send(.get, "/v1/regions")
            #expect(reply.status == 200)
            let regions = reply.json["regions"] as? [[String: Any]] ?? []
            #expect(regions.compactMap { $0["name"] as? String } == APIFixture.regions)
            #expect(regions.count == 28)
            let twente = regions.first { $0["name"] as? String == "Twente" } ?? [:]
            #expect(twente["ideas"] as? Int == 2)
            #expect(twente["active"] as? Int == 2)
            #expect(twente["on_hold"] as? Int == 0)
            #expect((twente["by_stage"] as? [String: Int])?.values.reduce(0, +) == 2)
            #expect(twente["by_theme"] as? [String: Int] == ["onderwijsvernieuwing": 1, "innovatie_technologie": 1])
            let zeeland = regions.first { $0["name"] as? String == "Zeeland" } ?? [:]
            #expect(zeeland["ideas"] as? Int == 0)
            #expect(zeeland["by_stage"] as? [String: Int] == [:])

            let one = try await api.send(.get, "/v1/regions/\(Self.escaped("Amstelland/Kennemerland/Meerlanden"))")
            #expect(one.status == 200, "\(one.text)")
            #expect(one.json["name"] as? String == "Amstelland/Kennemerland/Meerlanden")
            #expect(one.json["killed"] as? Int == 1)
            #expect(one.json["active"] as? Int == 0)
        }
    }

    @Test("a submitter sees only her organisation's ideas; the counts add up to what /v1/ideas lists")
    func visibility() async throws {
        let fixture = try await APIFixture()
        defer { fixture.cleanup() }
        try await fixture.withServer { api in
            _ = try await Self.submit(api, in: "Twente", as: .practice)
            _ = try await Self.submit(api, in: "Twente", as: .otherPractice)
            _ = try await Self.submit(api, in: "Zeeland", as: .otherPractice)
            for person in TestPerson.allCases {
                let regions = try await api.send(.get, "/v1/regions", as: person).json["regions"] as? [[String: Any]]
                for region in regions ?? [] {
                    let name = region["name"] as? String ?? ""
                    let listed = try await api.send(.get, "/v1/ideas?region=\(Self.escaped(name))", as: person)
                    let count = (listed.json["ideas"] as? [[String: Any]])?.count
                    #expect(region["ideas"] as? Int == count, "\(person) in \(name)")
                }
            }
            let practice = try await api.send(.get, "/v1/regions/Twente", as: .practice)
            #expect(practice.json["ideas"] as? Int == 1)
            let zeeland = try await api.send(.get, "/v1/regions/Zeeland", as: .practice)
            #expect(zeeland.json["ideas"] as? Int == 0)
            let facilitator = try await api.send(.get, "/v1/regions/Twente", as: .facilitator)
            #expect(facilitator.json["ideas"] as? Int == 2)
        }
    }

    @Test("CSV: a header row, one row per region, fields quoted when they must be")
    func csv() async throws {
        let fixture = try await APIFixture()
        defer { fixture.cleanup() }
        try await fixture.withServer { api in
            _ = try await Self.submit(api, in: "Twente")
            let reply = try await api.send(.get, "/v1/regions?format=csv")
            #expect(reply.status == 200)
            #expect(reply.headers[.contentType]?.hasPrefix("text/csv") == true)
            let lines = reply.text.components(separatedBy: "\r\n").filter { !$0.isEmpty }
            #expect(lines.count == 29)
            #expect(lines.first?.hasPrefix("region,ideas,active,on_hold,completed,killed,stage:") == true)
            #expect(lines.contains { $0.hasPrefix("Twente,1,1,0,0,0,") })
            #expect(lines.contains { $0.hasPrefix("Zeeland,0,0,0,0,0") })
            let one = try await api.send(.get, "/v1/regions/Twente?format=csv")
            #expect(one.text.components(separatedBy: "\r\n").filter { !$0.isEmpty }.count == 2)
            #expect(try await api.send(.get, "/v1/regions?format=xml").status == 400)
            #expect(try await api.send(.get, "/v1/regions?by=stage").status == 400)
        }
    }

    @Test("an unknown or hostile region name is a 404 problem, never an echo of control characters")
    func unknown() async throws {
        let fixture = try await APIFixture()
        defer { fixture.cleanup() }
        try await fixture.withServer { api in
            let names = [
                "Atlantis", String(repeating: "Twente", count: 2_000), "Twente%0D%0AX-Injected:%20yes", "..%2F..%2Fetc",
                "%00", "twente", "Twente%20",
            ]
            for name in names {
                let reply = try await api.send(.get, "/v1/regions/\(name)")
                #expect(reply.status == 404, "\(name.prefix(40))")
                #expect(reply.headers[.contentType]?.hasPrefix("application/problem+json") == true)
                #expect(reply.headers[HTTPField.Name("X-Injected")!] == nil)
                let detail = reply.json["detail"] as? String ?? ""
                #expect(!detail.contains("\r") && !detail.contains("\n") && !detail.contains("\u{0}"))
                #expect(detail.count < 200)
            }
            #expect(try await api.send(.get, "/v1/regions/../ideas").status != 500)
            #expect(try await api.send(.get, "/v1/regions", as: nil).status == 401)
        }
    }
}
