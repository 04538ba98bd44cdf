import Foundation
import HTTPTypes
import PipelineTestSupport
import Testing

@Suite("Funnel paths and the regions compared")
struct FunnelPagesTests {
    /// Six ideas moved through the engine over the API, each with its own region and theme:
    /// pilot → regional, pilot → national, stopped in the business case after a recycle back and
    /// forward again, stopped in the proposal after a recycle back, and two still in the proposal
    /// (one of another organisation).
    struct Ideas {
        let regional: String
        let national: String
        let stopped: String
        let stoppedAfterRecycle: String
        let waiting: String
        let otherOrganisation: String
    }

    static func moveIdeas(_ web: WebClient) async throws -> Ideas {
        let regional = try await web.submitIdea(title: "Regionaal", region: "Twente", theme: "onderwijsvernieuwing")
        try await toPilot(web, regional)
        try await scale(web, regional, #"{"scale": "regionaal", "regions_interested": 2}"#)

        let national = try await web.submitIdea(
            title: "Landelijk", region: "Rijnmond", theme: "innovatie_technologie")
        try await toPilot(web, national)
        try await scale(web, national, #"{"scale": "nationaal", "regions_interested": 11}"#)

        let stopped = try await web.submitIdea(title: "Gestopt", region: "Twente", theme: "anders_besturen")
        try await toBusinessCase(web, stopped)
        try await decide(web, stopped, #"{"decision": "recycle", "to": "proposal", "reason": "Scherper"}"#)
        try await go(web, stopped)
        try await decide(web, stopped, #"{"decision": "kill", "reason": "Te duur"}"#)

        let back = try await web.submitIdea(
            title: "Terug", region: "Utrecht en omgeving", theme: "instroom_zij_instroom")
        try await toBusinessCase(web, back)
        try await decide(web, back, #"{"decision": "recycle", "to": "proposal", "reason": "Scherper"}"#)
        try await decide(web, back, #"{"decision": "kill", "reason": "Dubbel"}"#)

        let waiting = try await web.submitIdea(
            title: "Wacht", region: "Utrecht en omgeving", theme: "onderwijsvernieuwing")
        let summary = String(repeating: "Een ander idee van een ander centrum. ", count: 3)
        let other = try await web.api(
            .post, "/v1/ideas", as: .otherPractice,
            json: """
                {"workflow": "primary-care-innovation", "region": "Rijnmond",
                 "fields": {"title": "Oost", "summary": "\(summary)", "theme": "behoud_betrokkenheid"}}
                """)
        #expect(other.status == 201, "\(other.text)")
        return Ideas(
            regional: regional, national: national, stopped: stopped, stoppedAfterRecycle: back, waiting: waiting,
            otherOrganisation: other.json["id"] as? String ?? "")
    }

    static func update(_ web: WebClient, _ id: String, _ fields: String) async throws {
        let version = try await web.version(of: id)
        let reply = try await web.api(
            .patch, "/v1/ideas/\(id)", as: .practice, json: #"{"fields": \#(fields)}"#,
            headers: ["If-Match": "\"\(version)\""])
        #expect(reply.status == 200, "\(reply.text)")
    }

    static func decide(_ web: WebClient, _ id: String, _ json: String) async throws {
        let reply = try await web.api(.post, "/v1/ideas/\(id)/decisions", json: json)
        #expect(reply.status == 200, "\(reply.text)")
    }

    static func go(_ web: WebClient, _ id: String) async throws {
        #expect(try await web.api(.post, "/v1/ideas/\(id)/approvals", json: "{}").status == 200)
        try await decide(web, id, #"{"decision": "go"}"#)
    }

    static func toBusinessCase(_ web: WebClient, _ id: String) async throws {
        try await update(web, id, #"{"problem": "Te weinig stageplaatsen", "partners": ["mbo"]}"#)
        try await go(web, id)
    }

    static func toPilot(_ web: WebClient, _ id: String) async throws {
        try await toBusinessCase(web, id)
        try await update(
            web, id,
            #"{"cost_eur": 120000, "funding": "subsidie", "business_case_url": "https://example.org/bc.pdf", "privacy_checked": true, "pilot_start": "2027-02-01"}"#
        )
        for person in [WebFixture.Person.gatekeeper, .secondGatekeeper, .thirdGatekeeper] {
            let reply = try await web.api(
                .post, "/v1/ideas/\(id)/reviews", as: person,
                json: #"{"scores": {"impact": 4, "feasibility": 4, "scalability": 3, "value": 5}, "comment": "Sterk"}"#)
            #expect(reply.status == 200, "\(reply.text)")
        }
        try await go(web, id)
    }

    /// Fills the pilot's results with `scale` and takes the scale decision.
    static func scale(_ web: WebClient, _ id: String, _ scale: String) async throws {
        try await update(
            web, id,
            #"{"pilot_participants": 25, "pilot_satisfaction": 8.4, "pilot_hours_saved": 16, "pilot_report_url": "https://example.org/p.pdf"}"#
        )
        try await update(web, id, scale)
        for person in [WebFixture.Person.gatekeeper, .secondGatekeeper] {
            #expect(try await web.api(.post, "/v1/ideas/\(id)/approvals", as: person, json: "{}").status == 200)
        }
        try await go(web, id)
    }

    /// A CSV table read back in Swift: lines ended by CRLF, fields split at `separator` outside
    /// quotes, `""` inside quotes one quote. The pages' downloads (for a Dutch Excel) start with a
    /// byte order mark and separate by `;`; with `?format=rfc4180` by `,` without the mark.
    static func parse(_ csv: String, separator: Character = ";") -> [[String]] {
        var rows: [[String]] = []
        var row: [String] = []
        var field = ""
        var quoted = false
        #expect(csv.hasPrefix("\u{FEFF}") == (separator == ";"), "a byte order mark for Excel only")
        var characters = Array(csv.hasPrefix("\u{FEFF}") ? csv.dropFirst() : csv[...])[...]
        while let character = characters.popFirst() {
            if quoted {
                if character == "\"" {
                    if characters.first == "\"" {
                        field.append("\"")
                        characters = characters.dropFirst()
                    } else {
                        quoted = false
                    }
                } else {
                    field.append(character)
                }
            } else if character == "\"" {
                quoted = true
            } else if character == separator {
                row.append(field)
                field = ""
            } else if character == "\r\n" {
                row.append(field)
                rows.append(row)
                row = []
                field = ""
            } else {
                field.append(character)
            }
        }
        #expect(row.isEmpty && field.isEmpty, "the last line ends with CRLF")
        return rows
    }

    /// The rows of a table as dictionaries by its header's names.
    static func records(_ csv: String, separator: Character = ";") -> [[String: String]] {
        let rows = parse(csv, separator: separator)
        guard let header = rows.first else { return [] }
        return rows.dropFirst().map { Dictionary(uniqueKeysWithValues: zip(header, $0)) }
    }

    /// A table row as the page writes it: a header cell, then the counts.
    static func row(_ header: String, _ cells: [Int]) -> String {
        #"<tr><th scope="row">\#(header)</th>"# + cells.map { "<td>\($0)</td>" }.joined() + "</tr>"
    }

    @Test func pathsAddUpAndEveryShareIsOfTheStagesLeadingIn() async throws {
        try await WebFixture.withServer { web in
            let ideas = try await Self.moveIdeas(web)
            let browser = try await web.signIn(.facilitator)
            let page = try await web.get("/funnel?workflow=primary-care-innovation", browser)
            #expect(page.status == 200)
            #expect(
                page.text.contains("<caption id=\"t-paths\">Paths: the stages each idea entered, in order</caption>"))
            #expect(page.text.contains(#"<th scope="col">Share of all 6 ideas</th>"#))
            for (path, ideas, share) in [
                ("Voorstel", 2, "33%"),
                ("Voorstel → Businesscase → Pilot → Regionale implementatie", 1, "17%"),
                ("Voorstel → Businesscase → Pilot → Landelijke implementatie", 1, "17%"),
                ("Voorstel → Businesscase → Gestopt", 1, "17%"),
                ("Voorstel → Businesscase → Gestopt (stopped in Voorstel)", 1, "17%"),
            ] {
                #expect(
                    page.text.contains(#"<tr><th scope="row">\#(path)</th><td>\#(ideas)</td><td>\#(share)</td></tr>"#),
                    "\(path)")
            }
            #expect(page.text.contains(#"<tfoot><tr><th scope="row">All paths</th><td>6</td><td>100%</td></tr>"#))

            // The share is of the ideas that reached the stages leading in: the national
            // implementation comes from the pilot (directly) and the regional implementation.
            for row in [
                #"<tr><th scope="row">Voorstel</th><td>6</td><td>–</td><td>–</td><td>–</td>"#,
                #"<tr><th scope="row">Businesscase</th><td>4</td><td>Voorstel</td><td>6</td><td>67%</td>"#,
                #"<tr><th scope="row">Pilot</th><td>2</td><td>Businesscase</td><td>4</td><td>50%</td>"#,
                #"<tr><th scope="row">Regionale implementatie</th><td>1</td><td>Pilot</td><td>2</td><td>50%</td>"#,
                #"<tr><th scope="row">Landelijke implementatie</th><td>1</td><td>Pilot, Regionale implementatie</td><td>2</td><td>50%</td>"#,
                #"<tr><th scope="row">Afgerond</th><td>0</td><td>Landelijke implementatie</td><td>1</td><td>0%</td><td>–</td><td>0</td></tr>"#,
            ] {
                #expect(page.text.contains(row), "\(row)")
            }

            // Where no idea reached the stages leading in, there is no share at all.
            let utrecht = try await web.get(
                "/funnel?workflow=primary-care-innovation&region=Utrecht%20en%20omgeving&theme=onderwijsvernieuwing",
                browser)
            #expect(
                utrecht.text.contains(
                    #"<tr><th scope="row">Pilot</th><td>0</td><td>Businesscase</td><td>0</td><td>–</td>"#))
            #expect(
                utrecht.text.contains(
                    #"<tr><th scope="row">Businesscase</th><td>0</td><td>Voorstel</td><td>1</td><td>0%</td>"#))

            // The stage table as CSV: the same numbers, and what each share is of.
            let stages = try await web.get("/funnel.csv?workflow=primary-care-innovation", browser)
            #expect(stages.status == 200)
            #expect(stages.headers[.contentType] == "text/csv; charset=utf-8")
            let stageRows = Self.records(stages.text)
            #expect(
                stageRows.map { $0["stage"] ?? "" } == [
                    "proposal", "business_case", "pilot", "regional_implementation", "national_implementation",
                    "completed",
                ])
            let national = try #require(stageRows.first { $0["stage"] == "national_implementation" })
            #expect(national["reached"] == "1")
            #expect(national["conversion"] == "0,500", "a decimal comma, for a Dutch Excel")
            #expect(national["comes_from"] == "pilot regional_implementation")
            #expect(national["comes_from_reached"] == "2")
            #expect(stageRows.first?["comes_from"] == "" && stageRows.first?["conversion"] == "")
            let forPrograms = try await web.get(
                "/funnel.csv?workflow=primary-care-innovation&format=rfc4180", browser)
            let programRows = Self.records(forPrograms.text, separator: ",")
            #expect(programRows.first { $0["stage"] == "national_implementation" }?["conversion"] == "0.500")
            #expect(programRows.count == stageRows.count)

            // The paths as CSV add up to the ideas.
            let paths = try await web.get("/funnel.csv?workflow=primary-care-innovation&table=paths", browser)
            #expect(paths.status == 200)
            let pathRows = Self.records(paths.text)
            #expect(pathRows.compactMap { Int($0["ideas"] ?? "") }.reduce(0, +) == 6)
            #expect(pathRows.count == 5, "one row per path")
            let byPath = Dictionary(
                pathRows.map { (($0["path"] ?? "") + "|" + ($0["stopped_in"] ?? ""), $0["ideas"] ?? "") },
                uniquingKeysWith: { first, _ in first })
            #expect(
                byPath == [
                    "proposal|": "2",
                    "proposal>business_case>pilot>regional_implementation|": "1",
                    "proposal>business_case>pilot>national_implementation|": "1",
                    "proposal>business_case>stopped|business_case": "1",
                    "proposal>business_case>stopped|proposal": "1",
                ])
            #expect(pathRows.first?["share"] == "0,333")

            // Each idea's path, one at a time: every idea has its own region and theme.
            let expected: [(String, String, String, String)] = [
                (
                    ideas.regional, "Twente", "onderwijsvernieuwing",
                    "proposal>business_case>pilot>regional_implementation"
                ),
                (
                    ideas.national, "Rijnmond", "innovatie_technologie",
                    "proposal>business_case>pilot>national_implementation"
                ),
                (ideas.stopped, "Twente", "anders_besturen", "proposal>business_case>stopped"),
                (
                    ideas.stoppedAfterRecycle, "Utrecht%20en%20omgeving", "instroom_zij_instroom",
                    "proposal>business_case>stopped"
                ),
                (ideas.waiting, "Utrecht%20en%20omgeving", "onderwijsvernieuwing", "proposal"),
                (ideas.otherOrganisation, "Rijnmond", "behoud_betrokkenheid", "proposal"),
            ]
            for (id, region, theme, path) in expected {
                let one = try await web.get(
                    "/funnel.csv?workflow=primary-care-innovation&table=paths&region=\(region)&theme=\(theme)", browser)
                let rows = Self.records(one.text)
                #expect(rows.map { $0["path"] ?? "" } == [path], "\(id)")
                #expect(rows.first?["ideas"] == "1" && rows.first?["share"] == "1,000", "\(id)")
            }

            #expect(
                try await web.get("/funnel.csv?workflow=primary-care-innovation&table=nope", browser).status == 404)
            let format = try await web.get("/funnel.csv?workflow=primary-care-innovation&format=xlsx", browser)
            #expect(format.status == 404)
            #expect(format.text.contains("There is no CSV format of that name: choose one of excel, rfc4180."))
        }
    }

    @Test func regionsSideBySideAddUpToTheIdeasTheReaderMayList() async throws {
        try await WebFixture.withServer { web in
            _ = try await Self.moveIdeas(web)
            let facilitator = try await web.signIn(.facilitator)
            let funnel = try await web.get("/funnel?workflow=primary-care-innovation", facilitator)
            #expect(funnel.text.contains(#"<a href="/compare?workflow=primary-care-innovation">"#))

            let page = try await web.get("/compare?workflow=primary-care-innovation", facilitator)
            #expect(page.status == 200)
            #expect(page.text.contains("<caption id=\"t-themes\">Ideas per region and theme</caption>"))
            #expect(!page.text.contains(#"<option value="regional-implementation""#), "implementations are not ideas")
            #expect(
                page.text.contains(
                    #"<thead><tr><th scope="col">Region</th><th scope="col">Onderwijsvernieuwing en stageplaatsen</th>"#
                ))
            // Themes in the workflow's order: onderwijs, innovatie, anders besturen, behoud, instroom.
            #expect(page.text.contains(Self.row("Twente", [1, 0, 1, 0, 0, 2])))
            #expect(page.text.contains(Self.row("Rijnmond", [0, 1, 0, 1, 0, 2])))
            #expect(page.text.contains("<tfoot>" + Self.row("Total", [2, 1, 1, 1, 1, 6]) + "</tfoot>"))
            // Stages: proposal, business case, pilot, regional, national, completed, stopped.
            #expect(page.text.contains("<caption id=\"t-stages\">Ideas per region and stage they are in now</caption>"))
            #expect(page.text.contains(Self.row("Twente", [0, 0, 0, 1, 0, 0, 1, 2])))
            #expect(page.text.contains("<tfoot>" + Self.row("Total", [2, 0, 0, 1, 1, 0, 2, 6]) + "</tfoot>"))

            for person in [WebFixture.Person.facilitator, .practice, .otherPractice] {
                let browser = person == .facilitator ? facilitator : try await web.signIn(person)
                let listed = try await web.api(.get, "/v1/ideas?workflow=primary-care-innovation", as: person)
                let count = try #require((listed.json["ideas"] as? [[String: Any]])?.count)
                for table in ["themes", "stages"] {
                    let csv = try await web.get("/compare.csv?workflow=primary-care-innovation&table=\(table)", browser)
                    #expect(csv.status == 200)
                    let rows = Self.parse(csv.text)
                    let header = try #require(rows.first)
                    #expect(header.first == "region" && header.last == "total")
                    let body = rows.dropFirst().dropLast()
                    #expect(body.map { $0[0] } == WebFixture.regions, "every region, in the list's order")
                    for row in body {
                        let cells = row.dropFirst().dropLast().compactMap { Int($0) }
                        #expect(cells.count == header.count - 2)
                        #expect(cells.reduce(0, +) == Int(row.last ?? ""), "\(person) \(table) \(row[0])")
                    }
                    let totals = try #require(rows.last)
                    #expect(totals.first == "total")
                    #expect(Int(totals.last ?? "") == count, "\(person) \(table): the ideas the reader may list")
                    #expect(body.compactMap { Int($0.last ?? "") }.reduce(0, +) == count)
                    for column in 1..<(header.count - 1) {
                        #expect(body.compactMap { Int($0[column]) }.reduce(0, +) == Int(totals[column]))
                    }
                }
                let html = try await web.get("/compare?workflow=primary-care-innovation", browser)
                #expect(html.text.contains("each counted once in each table: \(count) ideas."), "\(person)")
            }
            let other = try await web.get(
                "/compare.csv?workflow=primary-care-innovation&table=stages", try await web.signIn(.otherPractice))
            #expect(
                Self.parse(other.text).last
                    == ["total", "1", "0", "0", "1", "1", "0", "0", "3"],
                "another organisation sees its own idea and the shared implementations")
            #expect(try await web.get("/compare.csv?table=regions", facilitator).status == 404)
        }
    }
}
