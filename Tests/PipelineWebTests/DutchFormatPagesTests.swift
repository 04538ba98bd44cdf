import Foundation
import HTTPTypes
import PipelineStore
import PipelineTestSupport
import Testing

@Suite("Dutch numbers, money and days on the pages, and CSV for a Dutch Excel")
struct DutchFormatPagesTests {
    static let summary = String(repeating: "Een regionaal loket voor stageplaatsen. ", count: 3)

    /// The business case's fields as the edit form sends them, every editable one.
    static func businessCase(version: Int, cost: String, funding: String, fte: String = "1,5") -> [(String, String)] {
        [
            ("version", String(version)), ("summary", summary), ("partners", "mbo"), ("expected_fte_saved", fte),
            ("cost_eur", cost), ("funding", funding), ("business_case_url", "https://example.org/bc.pdf"),
            ("privacy_checked", "true"), ("pilot_start", "2027-03-01"),
        ]
    }

    /// The issue's bug: "340.000" was read as 340, so a cost over the limit passed the rule
    /// "Kosten boven 250.000 euro alleen met subsidie" unnoticed.
    @Test func aCostTypedTheDutchWayIsReadAsTypedAndTheGateRefusesIt() async throws {
        // 2027-01-15 08:00 UTC.
        try await WebFixture.withServer(clock: ManualClock(now: Date(timeIntervalSince1970: 1_800_000_000))) { web in
            let id = try await web.submitIdea()
            try await web.toBusinessCase(id)
            let practice = try await web.signIn(.practice)
            let form = Self.businessCase(
                version: try await web.version(of: id), cost: "340.000", funding: "eigen_middelen")
            let saved = try await web.post("/ideas/\(id)/fields", practice, form: form)
            #expect(saved.status == 303, "\(saved.text)")
            let fields = try #require(try await web.api(.get, "/v1/ideas/\(id)").json["fields"] as? [String: Any])
            #expect(fields["cost_eur"] as? Double == 340_000)
            #expect(fields["expected_fte_saved"] as? Double == 1.5)

            let page = try await web.get("/ideas/\(id)", practice).text
            #expect(page.contains("<dt>Kosten (euro)</dt><dd>€ 340.000</dd>"), "money the Dutch way")
            #expect(page.contains("<dt>Verwachte besparing (fte per jaar)</dt><dd>1,5</dd>"))
            #expect(page.contains("<dt>Startdatum pilot</dt><dd>1 maart 2027</dd>"), "a day in words")
            #expect(page.contains("<dd>15 januari 2027 · "), "the day it was submitted")
            #expect(page.contains("name=\"pilot_start\" type=\"date\" value=\"2027-03-01\""), "ISO in the date input")
            #expect(page.contains("name=\"cost_eur\" type=\"text\" inputmode=\"decimal\" value=\"340.000\""))
            #expect(page.contains("name=\"expected_fte_saved\" type=\"text\" inputmode=\"decimal\" value=\"1,5\""))
            #expect(page.contains("at least 0, at most 50.000.000"))

            // Everything else the gate asks holds: the approval and three reviews.
            #expect(try await web.api(.post, "/v1/ideas/\(id)/approvals", json: "{}").status == 200)
            for person in [WebFixture.Person.gatekeeper, .secondGatekeeper, .thirdGatekeeper] {
                let review = try await web.api(
                    .post, "/v1/ideas/\(id)/reviews", as: person,
                    json:
                        #"{"scores": {"impact": 4, "feasibility": 4, "scalability": 3, "value": 5}, "comment": "Sterk"}"#
                )
                #expect(review.status == 200, "\(review.text)")
            }
            let facilitator = try await web.signIn(.facilitator)
            let go = try await web.post("/ideas/\(id)/decide", facilitator, form: [("decision", "go")])
            #expect(go.status == 409)
            #expect(go.text.contains("Kosten boven 250.000 euro alleen met subsidie"))
            #expect(go.text.contains("cost_eur"), "the API's explanation names the field")
            #expect(try await web.api(.get, "/v1/ideas/\(id)").json["stage"] as? String == "business_case")

            // With a subsidy the same cost passes.
            let subsidy = Self.businessCase(
                version: try await web.version(of: id), cost: "€ 340.000", funding: "subsidie")
            #expect(try await web.post("/ideas/\(id)/fields", practice, form: subsidy).status == 303)
            let again = try await web.post("/ideas/\(id)/decide", facilitator, form: [("decision", "go")])
            #expect(again.status == 303, "\(again.text)")
            #expect(try await web.api(.get, "/v1/ideas/\(id)").json["stage"] as? String == "pilot")
        }
    }

    @Test func whatCanBeReadTwoWaysIsRefusedNextToTheFieldAndNothingIsSaved() async throws {
        try await WebFixture.withServer { web in
            let id = try await web.submitIdea()
            try await web.toBusinessCase(id)
            let practice = try await web.signIn(.practice)
            let version = try await web.version(of: id)
            let cases: [(cost: String, fte: String, field: String, message: String)] = [
                (
                    "340.000", "1.5", "expected_fte_saved",
                    "“1.5” can be read two ways: a point goes between thousands (1.500), decimals come after a comma. Did you mean 1,5?"
                ),
                (
                    "340,000", "1,5", "cost_eur",
                    "“340,000” can be read two ways: write 340.000 for thousands, or 340 for decimals"
                ),
                ("1,234.56", "1,5", "cost_eur", "“1,234.56” has a point, comma or space in the wrong place"),
                ("1,2,3", "1,5", "cost_eur", "“1,2,3” has more than one comma"),
                ("veel", "1,5", "cost_eur", "“veel” is not a number"),
                (
                    "99.999.999.999.999.999", "1,5", "cost_eur",
                    "“99.999.999.999.999.999” is too large: at most 1.000.000.000.000.000"
                ),
            ]
            for entry in cases {
                let form = Self.businessCase(version: version, cost: entry.cost, funding: "subsidie", fte: entry.fte)
                let reply = try await web.post("/ideas/\(id)/fields", practice, form: form)
                #expect(reply.status == 422, "\(entry.cost) \(entry.fte)")
                #expect(
                    reply.text.contains("<p class=\"error\" id=\"err-\(entry.field)\">\(entry.message)"),
                    "\(entry.cost) \(entry.fte)")
                #expect(try await web.version(of: id) == version, "nothing saved")
            }
            // A negative amount is read; the field's range is the engine's, in the API's words.
            let negative = try await web.post(
                "/ideas/\(id)/fields", practice,
                form: Self.businessCase(version: version, cost: "-5", funding: "subsidie"))
            #expect(negative.status == 422)
            #expect(negative.text.contains("at least 0"))
        }
    }

    // MARK: - CSV

    /// Runs `script` with python3 on `input`; `nil` when there is no python3 (the check is then
    /// made in Swift only).
    static func python(_ script: String, input: Data) throws -> String? {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [ProcessInfo.processInfo.environment["PIPELINE_TEST_PYTHON"] ?? "python3", "-c", script]
        let stdin = Pipe()
        let stdout = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = FileHandle.nullDevice
        try process.run()
        try stdin.fileHandleForWriting.write(contentsOf: input)
        try stdin.fileHandleForWriting.close()
        let output = stdout.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus != 127 else { return nil }
        #expect(process.terminationStatus == 0, "python3 failed on the CSV")
        return String(decoding: output, as: UTF8.self)
    }

    /// Reads a CSV file as Excel's Dutch import does: UTF-8 with its byte order mark, `;`.
    static let readDutchExcel = """
        import codecs, csv, io, json, sys
        data = sys.stdin.buffer.read()
        assert data.startswith(codecs.BOM_UTF8), "no byte order mark"
        rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline=""), delimiter=";", strict=True))
        print(json.dumps(rows))
        """

    static let readRFC4180 = """
        import csv, io, json, sys
        data = sys.stdin.buffer.read()
        rows = list(csv.reader(io.StringIO(data.decode("utf-8"), newline=""), strict=True))
        print(json.dumps(rows))
        """

    @Test func thePagesCSVOpensInADutchExcelAndRFC4180StaysForPrograms() async throws {
        try await WebFixture.withServer { web in
            let moved = try await web.submitIdea(title: "Verder; met \"puntkomma\"", region: "Twente")
            _ = try await web.submitIdea(title: "=SOM(A1)", region: "Rijnmond")
            try await web.toBusinessCase(moved)
            let browser = try await web.signIn(.facilitator)
            let downloads = [
                "/funnel.csv?workflow=primary-care-innovation",
                "/funnel.csv?workflow=primary-care-innovation&table=paths",
                "/compare.csv?workflow=primary-care-innovation&table=themes",
                "/compare.csv?workflow=primary-care-innovation&table=stages", "/regions.csv",
                "/regions/Twente/ideas.csv", "/regions/Twente/implementations.csv",
            ]
            for path in downloads {
                let excel = try await web.get(path, browser)
                #expect(excel.status == 200, "\(path)")
                #expect(excel.body.starts(with: [0xEF, 0xBB, 0xBF]), "\(path): UTF-8 with a byte order mark")
                #expect(excel.text.hasSuffix("\r\n"), "\(path): CRLF")
                let separator = path.contains("?") ? "&" : "?"
                let plain = try await web.get(path + separator + "format=rfc4180", browser)
                #expect(plain.status == 200, "\(path)")
                #expect(!plain.body.starts(with: [0xEF, 0xBB, 0xBF]), "\(path): no byte order mark for programs")
                let swiftExcel = FunnelPagesTests.parse(excel.text, separator: ";")
                let swiftPlain = FunnelPagesTests.parse(plain.text, separator: ",")
                #expect(swiftExcel.count == swiftPlain.count, "\(path)")
                #expect(swiftExcel.first == swiftPlain.first, "\(path): the same columns")
                for (dutch, program) in zip(swiftExcel, swiftPlain) {
                    #expect(
                        dutch == program.map { Double($0) != nil ? $0.replacingOccurrences(of: ".", with: ",") : $0 },
                        "\(path): the same values, with a decimal comma")
                }
                if let read = try Self.python(Self.readDutchExcel, input: excel.body) {
                    let rows = try JSONSerialization.jsonObject(with: Data(read.utf8)) as? [[String]]
                    #expect(rows == swiftExcel, "\(path): Python's csv with ';' reads what Swift reads")
                }
                if let read = try Self.python(Self.readRFC4180, input: plain.body) {
                    let rows = try JSONSerialization.jsonObject(with: Data(read.utf8)) as? [[String]]
                    #expect(rows == swiftPlain, "\(path): Python's csv reads the RFC 4180 file")
                }
            }

            let funnel = FunnelPagesTests.records(
                try await web.get("/funnel.csv?workflow=primary-care-innovation", browser).text)
            #expect(funnel.first { $0["stage"] == "business_case" }?["conversion"] == "0,500")
            #expect(funnel.first { $0["stage"] == "proposal" }?["median_days"] == "0,0")
            let ideas = FunnelPagesTests.records(try await web.get("/regions/Twente/ideas.csv", browser).text)
            #expect(ideas.first?["title"] == "Verder; met \"puntkomma\"", "a ';' in a field is quoted")
            let rijnmond = try await web.get("/regions/Rijnmond/ideas.csv", browser).text
            #expect(rijnmond.contains(";'=SOM(A1);"), "a formula is neutralised in both dialects")
            #expect(try await web.get("/regions.csv?format=excel", browser).text.hasPrefix("\u{FEFF}region;"))
        }
    }
}
