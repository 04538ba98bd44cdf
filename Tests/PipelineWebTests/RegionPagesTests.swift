import Foundation
import HTTPTypes
import PipelineCore
import PipelineStore
import PipelineStoreSQLite
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

@Suite("A region's implementations, a page at a time")
struct RegionImplementationsPagingTests {
    /// Implementations of HAP De Linde's proven idea (Twente) in Rijnmond, oldest first: `count`
    /// adoptions of which all but the last are stopped (a region runs an idea once at a time), the
    /// one at `lindes` registered for HAP De Linde (of Twente). Then the register: Gezondheidscentrum
    /// Oost (``TestPerson/otherPractice``) of Rijnmond, HAP De Linde (``TestPerson/practice``) of Twente.
    static func seed(_ fixture: WebFixture, count: Int, lindes: Int) async throws -> [String] {
        var handler = CommandHandler(store: fixture.store, library: WebFixture.library)
        handler.regions = TestRegions.list
        var proven = ProvenIdea(handler: handler, now: Date())
        try await proven.make(id: "idea-1")
        var ids: [String] = []
        for index in 0..<count {
            proven.now += 60
            let id = String(format: "imp_rijnmond%03d", index)
            try await handler.adopt(
                "idea-1", region: "Rijnmond", organisation: index == lindes ? "HAP De Linde" : nil,
                implementationID: id, actor: ProvenIdea.facilitator, now: proven.now)
            if index < count - 1 { try await proven.stop(id) }
            ids.append(id)
        }
        try await fixture.store.addOrganisation(
            OrganisationRecord(
                id: "org_oost", name: "Gezondheidscentrum Oost", type: .gezondheidscentrum, region: "Rijnmond",
                createdAt: Date()))
        try await fixture.store.addOrganisation(
            OrganisationRecord(
                id: "org_linde", name: "HAP De Linde", type: .huisartsenpost, region: "Twente", createdAt: Date()))
        return ids
    }

    /// The implementations a region's page lists, in its order.
    static func listed(_ page: Reply) -> [String] {
        page.text.components(separatedBy: "<a href=\"/ideas/imp_").dropFirst().map { "imp_" + $0.prefix { $0 != "\"" } }
    }

    /// The target of the link just before `marker` (` rel="next">`, `>First page<`), as a path to get.
    static func link(_ page: Reply, before marker: String) -> String? {
        guard let end = page.text.range(of: "\"" + marker),
            let start = page.text[..<end.lowerBound].range(of: "<a href=\"", options: .backwards)
        else { return nil }
        let href = page.text[start.upperBound..<end.lowerBound].replacingOccurrences(of: "&amp;", with: "&")
        return String(href.prefix { $0 != "#" })
    }

    /// Every page of the region's implementations from the first, following the next links.
    static func allPages(_ web: WebClient, _ browser: Browser, region: String) async throws -> [Reply] {
        var pages = [try await web.get(RegionPagesTests.path(region), browser)]
        while let next = link(pages[pages.count - 1], before: " rel=\"next\">Next page<"), pages.count < 10 {
            pages.append(try await web.get(next, browser))
        }
        return pages
    }

    /// The implementations of the region's CSV, which has all of them.
    static func inCSV(_ web: WebClient, _ browser: Browser, region: String) async throws -> [String] {
        let csv = try await web.get(RegionPagesTests.path(region) + "/implementations.csv", browser)
        #expect(csv.status == 200)
        return csv.text.components(separatedBy: "\r\n").dropFirst().filter { !$0.isEmpty }
            .map { String($0.prefix { $0 != ";" }) }
    }

    @Test("50 a page with the total; the next page continues without repeats or gaps; the CSV has them all")
    func pages() async throws {
        let fixture = try await WebFixture()
        defer { fixture.cleanup() }
        let ids = try await Self.seed(fixture, count: 57, lindes: 7)
        try await fixture.serve(fixture.store, clock: SystemClock(), regions: RegionPagesTests.all) { web in
            let browser = try await web.signIn(.facilitator)
            let pages = try await Self.allPages(web, browser, region: "Rijnmond")
            #expect(pages.count == 2)
            #expect(pages.allSatisfy { $0.status == 200 })
            let first = pages[0]
            #expect(Self.listed(first) == Array(ids.prefix(50)), "the oldest 50 first")
            #expect(first.text.contains("50 of the 57 implementations you may see, oldest first."))
            #expect(first.text.contains("1 adopting, 0 live (0 evaluated), 56 stopped."), "the counts: all of them")
            #expect(!first.text.contains(">First page<"))
            let next = try #require(Self.link(first, before: " rel=\"next\">"))
            #expect(next.hasPrefix("/regions/Rijnmond?cursor="))

            let second = pages[1]
            #expect(Self.listed(second) == Array(ids.suffix(7)))
            #expect(second.text.contains("7 of the 57 implementations you may see, oldest first."))
            #expect(second.text.contains("<h1>Rijnmond</h1>"), "the rest of the page as on the first")
            #expect(!second.text.contains("rel=\"next\""), "the last page")
            #expect(Self.link(second, before: ">First page<") == "/regions/Rijnmond")

            let all = pages.flatMap(Self.listed)
            #expect(all == ids, "no repeats, no gaps, in the order of the store's listing")
            #expect(try await Self.inCSV(web, browser, region: "Rijnmond") == ids)

            // In Dutch, the server's default language.
            let inDutch = Browser(cookie: browser.cookie + "; pipeline_language=nl", csrf: browser.csrf)
            let dutch = try await web.get(RegionPagesTests.path("Rijnmond"), inDutch)
            #expect(dutch.text.contains("50 van de 57 invoeringen die u mag zien, oudste eerst."), "\(dutch.text)")
            #expect(dutch.text.contains(">Volgende pagina</a>"))

            // A region without implementations says so, without a count of none and without links.
            let twente = try await web.get(RegionPagesTests.path("Twente"), browser)
            #expect(twente.status == 200)
            #expect(!twente.text.contains("implementations you may see"))
            #expect(!twente.text.contains("rel=\"next\""))
        }
    }

    @Test("the region's ideas 50 a page with the total; each list pages on its own and keeps the other's page")
    func ideasPaged() async throws {
        let fixture = try await WebFixture()
        defer { fixture.cleanup() }
        let implementations = try await Self.seed(fixture, count: 53, lindes: 0)
        try await fixture.serve(fixture.store, clock: SystemClock(), regions: RegionPagesTests.all) { web in
            var ideas: [String] = []
            for index in 0..<53 { ideas.append(try await web.submitIdea(title: "Idee \(index)", region: "Rijnmond")) }
            let browser = try await web.signIn(.facilitator)
            let first = try await web.get(RegionPagesTests.path("Rijnmond"), browser)
            #expect(first.status == 200)
            #expect(Self.ideasListed(first) == Array(ideas.prefix(50)), "the oldest 50 first")
            #expect(first.text.contains("50 of the 53 ideas you may see, oldest first."))
            #expect(first.text.contains("53 ideas:"), "the counts: all of them")
            #expect(!first.text.contains(">First page of ideas<"))
            let nextIdeas = try #require(Self.link(first, before: " rel=\"next\">Next page of ideas<"))
            let nextImplementations = try #require(Self.link(first, before: " rel=\"next\">Next page<"))
            #expect(nextIdeas.hasPrefix("/regions/Rijnmond?ideas="))

            let second = try await web.get(nextIdeas, browser)
            #expect(Self.ideasListed(second) == Array(ideas.suffix(3)))
            #expect(second.text.contains("3 of the 53 ideas you may see, oldest first."))
            #expect(!second.text.contains("Next page of ideas"), "the last page of ideas")
            #expect(Self.link(second, before: ">First page of ideas<") == "/regions/Rijnmond")
            #expect(Self.listed(second) == Array(implementations.prefix(50)), "the implementations' first page")

            // The implementations' next page keeps the ideas' page, and the other way round.
            let both = try #require(Self.link(second, before: " rel=\"next\">Next page<"))
            #expect(both.hasPrefix(nextIdeas + "&cursor="))
            let bothPage = try await web.get(both, browser)
            #expect(Self.ideasListed(bothPage) == Array(ideas.suffix(3)))
            #expect(Self.listed(bothPage) == Array(implementations.suffix(3)))
            let back = try #require(Self.link(bothPage, before: ">First page of ideas<"))
            #expect(back == "/regions/Rijnmond?" + String(both.split(separator: "&").last ?? ""))
            let implementationsFirst = try await web.get(nextImplementations, browser)
            #expect(Self.ideasListed(implementationsFirst) == Array(ideas.prefix(50)))
            #expect(Self.listed(implementationsFirst) == Array(implementations.suffix(3)))

            // A hostile ideas cursor is a 400 page, as the implementations' is.
            for cursor in ["!!!", "%3Cscript%3E", String(repeating: "A", count: 1_000)] {
                let page = try await web.get("/regions/Rijnmond?ideas=\(cursor)", browser)
                #expect(page.status == 400, "\(cursor.prefix(30))")
                #expect(page.text.contains("This page link is not valid"))
            }
            #expect(try await web.get("/regions/Rijnmond?ideas=", browser).status == 200, "empty: the first page")

            // The CSV still has every idea; in Dutch, the server's default language, the count reads so.
            let csv = try await web.get(RegionPagesTests.path("Rijnmond") + "/ideas.csv", browser)
            let rows = csv.text.components(separatedBy: "\r\n").dropFirst().filter { !$0.isEmpty }
            #expect(rows.map { String($0.prefix { $0 != ";" }) } == ideas)
            let inDutch = Browser(cookie: browser.cookie + "; pipeline_language=nl", csrf: browser.csrf)
            let dutch = try await web.get(RegionPagesTests.path("Rijnmond"), inDutch)
            #expect(dutch.text.contains("50 van de 53 ideeën die u mag zien, oudste eerst."))
            #expect(dutch.text.contains(">Volgende pagina ideeën</a>"))
        }
    }

    /// The ideas (not implementations) a region's page lists, in its order.
    static func ideasListed(_ page: Reply) -> [String] {
        guard let start = page.text.range(of: "id=\"t-ideas\""),
            let end = page.text.range(of: "</table>", range: start.upperBound..<page.text.endIndex)
        else { return [] }
        return page.text[start.upperBound..<end.lowerBound].components(separatedBy: "<a href=\"/ideas/").dropFirst()
            .map { String($0.prefix { $0 != "\"" }) }
    }

    @Test("a person sees on the pages exactly the implementations she saw before: those of the CSV")
    func visibility() async throws {
        let fixture = try await WebFixture()
        defer { fixture.cleanup() }
        let ids = try await Self.seed(fixture, count: 53, lindes: 51)
        try await fixture.serve(fixture.store, clock: SystemClock(), regions: RegionPagesTests.all) { web in
            // Gezondheidscentrum Oost is of Rijnmond: all of them, over two pages.
            let oost = try await web.signIn(.otherPractice)
            let oostPages = try await Self.allPages(web, oost, region: "Rijnmond")
            #expect(oostPages.flatMap(Self.listed) == ids)
            #expect(oostPages[0].text.contains("50 of the 53 implementations you may see"))
            #expect(try await Self.inCSV(web, oost, region: "Rijnmond") == ids)

            // HAP De Linde is of Twente: only the one registered for it, on one page.
            let linde = try await web.signIn(.practice)
            let lindePages = try await Self.allPages(web, linde, region: "Rijnmond")
            #expect(lindePages.count == 1)
            #expect(Self.listed(lindePages[0]) == [ids[51]])
            #expect(lindePages[0].text.contains("1 of the 1 implementations you may see"))
            #expect(
                lindePages[0].text.contains("1 adopting, 0 live (0 evaluated), 52 stopped."),
                "the counts are everyone's")
            #expect(try await Self.inCSV(web, linde, region: "Rijnmond") == [ids[51]])
            // A cursor of another person's page does not show her more.
            let oostNext = try #require(Self.link(oostPages[0], before: " rel=\"next\">"))
            let lindeNext = try await web.get(oostNext, linde)
            #expect(lindeNext.status == 200)
            #expect(Self.listed(lindeNext) == [ids[51]])

            // A gatekeeper, as every role but the submitters, sees every one.
            let gatekeeper = try await web.signIn(.gatekeeper)
            #expect(try await Self.allPages(web, gatekeeper, region: "Rijnmond").flatMap(Self.listed) == ids)
        }
    }

    @Test("a cursor the page did not hand out is a clear 400 page, never a 500; an empty one is the first page")
    func hostileCursors() async throws {
        try await WebFixture.withServer(regions: RegionPagesTests.all) { web in
            let browser = try await web.signIn(.facilitator)
            let hostile = [
                "!!!", "bm90IGEgY3Vyc29y", String(repeating: "A", count: 1_000), "MS4A", "MS7__g",
                "%3Cscript%3Ealert(1)%3C%2Fscript%3E", "..%2F..%2Fetc", "%0D%0ASet-Cookie:x", "%00",
                "1.idea-1", "-1", "%F0%9F%98%80",
            ]
            for cursor in hostile {
                let page = try await web.get("/regions/Twente?cursor=\(cursor)", browser)
                #expect(page.status == 400, "\(cursor.prefix(30)): \(page.status)")
                #expect(page.text.contains("This page link is not valid"), "\(cursor.prefix(30))")
                #expect(!page.text.contains("<script>"))
            }
            // Well-formed but not ours: a place after every implementation, or before them all.
            for cursor in ["OTk5OTk5OTk5OTk5OTkuenp6eg", "MC4"] {
                let page = try await web.get("/regions/Twente?cursor=\(cursor)", browser)
                #expect(page.status == 200, "\(cursor)")
                #expect(!page.text.contains("rel=\"next\""))
            }
            let empty = try await web.get("/regions/Twente?cursor=", browser)
            #expect(empty.status == 200)
            #expect(!empty.text.contains(">First page<"), "no cursor: the first page")
            #expect(try await web.get("/regions/Twente?cursor=a&cursor=b", browser).status != 500)
            #expect(try await web.get("/regions/Atlantis?cursor=!!!", browser).status == 404, "the region first")
        }
    }
}
