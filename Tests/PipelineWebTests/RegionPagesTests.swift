import Foundation
import HTTPTypes
import PipelineStore
import PipelineTestSupport
import Testing

@Suite("Regions pages")
struct RegionPagesTests {
    /// The 28 labour-market regions of `config/regions.txt`, as `pipeline serve` loads them.
    static let all: [String] = {
        let text =
            (try? String(
                contentsOf: TestPaths.packageRoot.appendingPathComponent("config/regions.txt"), encoding: .utf8)) ?? ""
        return text.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty && !$0.hasPrefix("#") }
    }()

    static func path(_ name: String) -> String {
        "/regions/" + (name.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")
    }

    static func submit(_ web: WebClient, in region: String, as person: WebFixture.Person) async throws {
        let summary = String(repeating: "Een regionaal loket voor stageplaatsen. ", count: 3)
        let reply = try await web.api(
            .post, "/v1/ideas", as: person,
            json: """
                {"workflow": "primary-care-innovation", "region": "\(region)",
                 "fields": {"title": "Idee van \(person)", "summary": "\(summary)", "theme": "anders_besturen"}}
                """)
        #expect(reply.status == 201, "\(reply.text)")
    }

    @Test func theOverviewHasATileForEveryRegionWithItsCountAndATable() async throws {
        #expect(Self.all.count == 28)
        try await WebFixture.withServer(regions: Self.all) { web in
            _ = try await web.submitIdea(title: "Een", region: "Twente")
            _ = try await web.submitIdea(title: "Twee", region: "Twente")
            _ = try await web.submitIdea(title: "Drie", region: "Amstelland/Kennemerland/Meerlanden")
            let browser = try await web.signIn(.facilitator)
            let page = try await web.get("/regions", browser)
            #expect(page.status == 200)
            #expect(
                page.text.contains(#"<a href="/regions" aria-current="page">Regions</a>"#), "in the header's navigation"
            )
            #expect(page.text.contains(#"role="group""#), "the tiles are links a screen reader can reach")
            #expect(!page.text.contains("style="), "no inline style: the CSP forbids it")
            for name in Self.all {
                let escaped = name.replacingOccurrences(of: "&", with: "&amp;")
                #expect(page.text.contains("<title>\(escaped): "), "a tile for \(name)")
            }
            #expect(page.text.components(separatedBy: "class=\"tile shade-").count - 1 == 28)
            #expect(page.text.contains("<title>Twente: 2 ideas</title>"))
            #expect(page.text.contains("<title>Zeeland: 0 ideas</title>"))
            #expect(page.text.contains("<a href=\"/regions/Amstelland%2FKennemerland%2FMeerlanden\">"))
            #expect(
                page.text.contains(#"<th scope="row"><a href="/regions/Twente">Twente</a></th><td>2</td><td>2</td>"#))
            #expect(
                page.text.contains(
                    #"<th scope="row"><a href="/regions/Zeeland">Zeeland</a></th><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td>"#
                ))

            let csv = try await web.get("/regions.csv", browser)
            #expect(csv.status == 200)
            #expect(csv.headers[.contentType]?.hasPrefix("text/csv") == true)
            let lines = csv.text.components(separatedBy: "\r\n").filter { !$0.isEmpty }
            #expect(lines.count == 29)
            #expect(lines.first?.hasPrefix("\u{FEFF}region;ideas;active;") == true)
            #expect(lines.contains { $0.hasPrefix("Twente;2;2;0;0;0;") })
            let api = try await web.api(.get, "/v1/regions?format=csv")
            let plain = try await web.get("/regions.csv?format=rfc4180", browser)
            #expect(plain.text == api.text, "the API's CSV, for programs")
            #expect(plain.text.components(separatedBy: "\r\n").contains { $0.hasPrefix("Twente,2,2,0,0,0,") })
        }
    }

    @Test func aRegionPageCountsByStageAndThemeAndListsTheIdeas() async throws {
        try await WebFixture.withServer(regions: Self.all) { web in
            let id = try await web.submitIdea(title: "Stagedesk Twente", region: "Twente")
            _ = try await web.submitIdea(title: "Elders", region: "Rijnmond")
            let browser = try await web.signIn(.facilitator)
            let page = try await web.get("/regions/Twente", browser)
            #expect(page.status == 200)
            #expect(page.text.contains("<h1>Twente</h1>"))
            #expect(
                page.text.contains(#"<a href="/regions" aria-current="true">Regions</a>"#),
                "the header marks the section the page is in")
            #expect(page.text.contains("<a href=\"/ideas/\(id)\">Stagedesk Twente</a>"))
            #expect(!page.text.contains("Elders"))
            #expect(page.text.contains("<th scope=\"row\">Voorstel</th>"))
            #expect(page.text.contains("<th scope=\"row\">Onderwijsvernieuwing en stageplaatsen</th>"))
            #expect(!page.text.contains("style="))

            let empty = try await web.get("/regions/Zeeland", browser)
            #expect(empty.status == 200)
            #expect(empty.text.contains("0 ideas"))
            #expect(empty.text.contains("No ideas."))

            let slash = try await web.get(Self.path("Amstelland/Kennemerland/Meerlanden"), browser)
            #expect(slash.status == 200)
            #expect(slash.text.contains("<h1>Amstelland/Kennemerland/Meerlanden</h1>"))

            let csv = try await web.get("/regions/Twente/ideas.csv", browser)
            #expect(csv.status == 200)
            let lines = csv.text.components(separatedBy: "\r\n").filter { !$0.isEmpty }
            #expect(lines.first == "\u{FEFF}id;title;workflow;stage;status;theme;organisation;region")
            #expect(lines.count == 2)
            #expect(lines.last?.hasPrefix("\(id);Stagedesk Twente;primary-care-innovation;") == true)
        }
    }

    @Test func anUnknownOrHostileRegionIsANotFoundPage() async throws {
        try await WebFixture.withServer(regions: Self.all) { web in
            let browser = try await web.signIn(.facilitator)
            for name in ["Atlantis", String(repeating: "x", count: 3_000), "%3Cscript%3E", "..%2F..%2Fetc", "%0D%0A"] {
                let page = try await web.get("/regions/\(name)", browser)
                #expect(page.status == 404, "\(name.prefix(30))")
                #expect(!page.text.contains("<script>"))
                #expect(try await web.get("/regions/\(name)/ideas.csv", browser).status == 404)
            }
        }
    }

    @Test func aSubmitterSeesOnlyHerOrganisationsIdeas() async throws {
        try await WebFixture.withServer(regions: Self.all) { web in
            try await Self.submit(web, in: "Twente", as: .practice)
            try await Self.submit(web, in: "Twente", as: .otherPractice)
            try await Self.submit(web, in: "Zeeland", as: .otherPractice)
            let browser = try await web.signIn(.practice)
            let overview = try await web.get("/regions", browser)
            #expect(overview.text.contains("<title>Twente: 1 idea</title>"))
            #expect(overview.text.contains("<title>Zeeland: 0 ideas</title>"))
            let twente = try await web.get("/regions/Twente", browser)
            #expect(twente.text.contains("Idee van practice"))
            #expect(!twente.text.contains("Idee van otherPractice"))
            let csv = try await web.get("/regions/Zeeland/ideas.csv", browser)
            #expect(csv.text.components(separatedBy: "\r\n").filter { !$0.isEmpty }.count == 1)
            let facilitator = try await web.get("/regions", try await web.signIn(.facilitator))
            #expect(facilitator.text.contains("<title>Twente: 2 ideas</title>"))
        }
    }
}

@Suite("Adoption on the pages")
struct AdoptionPageTests {
    @Test("a facilitator registers a region's adoption on the idea page; the idea and the region show it")
    func adoptOnTheIdeaPage() async throws {
        let fixture = try await WebFixture()
        defer { fixture.cleanup() }
        var handler = CommandHandler(store: fixture.store, library: WebFixture.library)
        handler.regions = TestRegions.list
        var proven = ProvenIdea(handler: handler, now: Date())
        try await proven.make(id: "idea-1")
        try await fixture.serve(fixture.store, clock: SystemClock(), regions: RegionPagesTests.all) { web in
            let browser = try await web.signIn(.facilitator)
            let idea = try await web.get("/ideas/idea-1", browser)
            #expect(idea.text.contains("Adoption by regions"))
            #expect(idea.text.contains("0 regions adopted it"))
            #expect(idea.text.contains("<form method=\"post\" action=\"/ideas/idea-1/adopt\""))
            #expect(idea.text.contains("<option>Rijnmond</option>"))
            #expect(!idea.text.contains("<option>Twente</option>"), "not the idea's own region")

            let adopted = try await web.post("/ideas/idea-1/adopt", browser, form: [("region", "Rijnmond")])
            #expect(adopted.status == 303, "\(adopted.text)")
            let location = try #require(adopted.headers[.location])
            #expect(location.hasPrefix("/ideas/imp_"))
            let implementation = try await web.get(location, browser)
            #expect(implementation.text.contains("The adoption was registered"))
            #expect(implementation.text.contains("<a href=\"/ideas/idea-1\">idea-1</a>"))
            #expect(implementation.text.contains("Aanmelding"), "the implementation workflow's first stage")

            let again = try await web.get("/ideas/idea-1", browser)
            #expect(again.text.contains("1 regions adopted it: 1 adopting"))
            #expect(!again.text.contains("<option>Rijnmond</option>"), "Rijnmond runs it now")
            let twice = try await web.post("/ideas/idea-1/adopt", browser, form: [("region", "Rijnmond")])
            #expect(twice.status == 409, "\(twice.text)")
            #expect(twice.text.contains("already implements"))

            let region = try await web.get(RegionPagesTests.path("Rijnmond"), browser)
            #expect(region.text.contains("Implementations of adopted ideas"))
            #expect(region.text.contains("1 adopting, 0 live"))
            #expect(region.text.contains("Regionale stagedesk"))
            let csv = try await web.get(RegionPagesTests.path("Rijnmond") + "/implementations.csv", browser)
            #expect(csv.status == 200)
            #expect(csv.text.split(separator: "\r\n").count == 2, "\(csv.text)")
            #expect(csv.text.contains(";idea-1;Regionale stagedesk;regional-implementation;intake;adopting;active;"))
            let overview = try await web.get("/regions.csv", browser)
            #expect(overview.text.contains("adoptions_adopting;adoptions_live"))
        }
    }
}
