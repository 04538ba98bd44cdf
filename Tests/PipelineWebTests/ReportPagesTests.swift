import Foundation
import HTTPTypes
import PipelineStore
import PipelineStoreSQLite
import PipelineTestSupport
import Testing

@Suite("Workflow, funnel and webhooks pages")
struct ReportPagesTests {
    @Test func theWorkflowPageDrawsTheStagesAndSaysEachGatesCriteria() async throws {
        try await WebFixture.withServer { web in
            let page = try await web.get("/workflows/primary-care-innovation", try await web.signIn(.practice))
            #expect(page.status == 200)
            #expect(page.text.contains("<svg xmlns=\"http://www.w3.org/2000/svg\""))
            #expect(
                page.text.contains(
                    "<title id=\"workflow-diagram-title\">Stages and gates of Innovatie in de eerstelijnszorg</title>"))
            #expect(page.text.contains(">Businesscase (≤ 60d)</text>"))
            #expect(page.text.contains("Must meet: Kosten boven 250.000 euro alleen met subsidie"))
            #expect(page.text.contains("2 approvals from different people with role Lid poortcommissie"))
            #expect(
                page.text.contains(
                    "At least 3 reviews by Lid poortcommissie, scored 1 to 5, weighted average at least 3,5"))
            #expect(page.text.contains("Go leads to Landelijke implementatie when scale == &quot;nationaal&quot;"))
            #expect(!page.text.contains("style="), "no inline style: the CSP forbids it")
        }
    }

    @Test func theFunnelCountsStagesReachedWithAChartATableAndCSV() async throws {
        try await WebFixture.withServer { web in
            let moved = try await web.submitIdea(title: "Verder", region: "Twente")
            _ = try await web.submitIdea(title: "Blijft", region: "Rijnmond")
            let version = try await web.version(of: moved)
            _ = try await web.api(
                .patch, "/v1/ideas/\(moved)", as: .practice,
                json: #"{"fields": {"problem": "Te weinig stageplaatsen", "partners": ["mbo"]}}"#,
                headers: ["If-Match": "\"\(version)\""])
            _ = try await web.api(.post, "/v1/ideas/\(moved)/approvals", json: "{}")
            #expect(
                try await web.api(.post, "/v1/ideas/\(moved)/decisions", json: #"{"decision": "go"}"#).status == 200)

            let browser = try await web.signIn(.facilitator)
            let page = try await web.get("/funnel?workflow=primary-care-innovation", browser)
            #expect(page.status == 200)
            #expect(page.text.contains("<svg"))
            #expect(
                page.text.contains(
                    "<tr><th scope=\"row\">Voorstel</th><td>2</td><td>–</td><td>–</td><td>–</td><td>0</td><td>1</td></tr>"
                ))
            #expect(
                page.text.contains(
                    "<tr><th scope=\"row\">Businesscase</th><td>1</td><td>Voorstel</td><td>2</td><td>50%</td><td>–</td><td>1</td></tr>"
                ))

            let region = try await web.get("/funnel?workflow=primary-care-innovation&region=Rijnmond", browser)
            #expect(region.text.contains("<tr><th scope=\"row\">Businesscase</th><td>0</td>"))

            // For a Dutch Excel: a byte order mark, `;` and a decimal comma.
            let excel = try await web.get("/funnel.csv?workflow=primary-care-innovation", browser)
            #expect(excel.status == 200)
            #expect(excel.headers[.contentType] == "text/csv; charset=utf-8")
            #expect(excel.body.starts(with: [0xEF, 0xBB, 0xBF]))
            let rows = excel.text.dropFirst().components(separatedBy: "\r\n")
            #expect(rows[0].hasPrefix("workflow;stage;stage_name;reached;conversion;median_days;"))
            #expect(rows[1] == "primary-care-innovation;proposal;Voorstel;2;;0,0;1;;")
            #expect(rows[2] == "primary-care-innovation;business_case;Businesscase;1;0,500;;1;proposal;2")

            // For programs, as the API: RFC 4180.
            let csv = try await web.get("/funnel.csv?workflow=primary-care-innovation&format=rfc4180", browser)
            #expect(csv.status == 200)
            #expect(csv.headers[.contentType] == "text/csv; charset=utf-8")
            #expect(csv.body.first == UInt8(ascii: "w"), "no byte order mark")
            let lines = csv.text.components(separatedBy: "\r\n")
            #expect(
                lines[0]
                    == "workflow,stage,stage_name,reached,conversion,median_days,in_stage_now,comes_from,comes_from_reached"
            )
            #expect(lines[1] == "primary-care-innovation,proposal,Voorstel,2,,0.0,1,,")
            #expect(lines[2] == "primary-care-innovation,business_case,Businesscase,1,0.500,,1,proposal,2")

            let submitter = try await web.signIn(.otherPractice)
            let other = try await web.get("/funnel.csv?workflow=primary-care-innovation&format=rfc4180", submitter)
            #expect(
                other.text.components(separatedBy: "\r\n")[1] == "primary-care-innovation,proposal,Voorstel,0,,,0,,",
                "another organisation's ideas are not counted for a submitter")
        }
    }

    @Test func webhooksAreForAdminsWhoCanRedeliver() async throws {
        try await WebFixture.withServer { web in
            let created = try await web.api(
                .post, "/v1/webhooks", as: .admin, json: #"{"url": "http://127.0.0.1:9/hook", "events": ["idea.*"]}"#)
            #expect(created.status == 201)
            let subscription = try #require(created.json["id"] as? String)
            let secret = try #require(created.json["secret"] as? String)
            let idea = try await web.submitIdea()

            let facilitator = try await web.get("/webhooks", try await web.signIn(.facilitator))
            #expect(facilitator.status == 403)
            #expect(facilitator.text.contains("only admins manage webhooks"))

            let admin = try await web.signIn(.admin)
            let page = try await web.get("/webhooks", admin)
            #expect(page.status == 200)
            #expect(page.text.contains(subscription))
            #expect(page.text.contains("http://127.0.0.1:9/hook"))
            #expect(page.text.contains("idea.submitted"))
            #expect(page.text.contains("<a href=\"/ideas/\(idea)\">"))
            #expect(!page.text.contains(secret), "never the signing secret")

            let deliveries = try await web.api(.get, "/v1/webhooks/\(subscription)/deliveries", as: .admin).json
            let first = try #require((deliveries["deliveries"] as? [[String: Any]])?.first)
            let id = try #require(first["id"] as? Int)
            let redeliver = try await web.post(
                "/webhooks/\(subscription)/redeliver", admin, form: [("delivery", String(id))])
            #expect(redeliver.status == 303)
            #expect(redeliver.location == "/webhooks?done=redelivered")
            let unknown = try await web.post(
                "/webhooks/\(subscription)/redeliver", admin, form: [("delivery", "999999")])
            #expect(unknown.status == 404)
            let forged = try await web.post(
                "/webhooks/\(subscription)/redeliver", admin, form: [("delivery", String(id))], csrf: "x")
            #expect(forged.status == 403)
        }
    }
}

@Suite("People page")
struct PeoplePageTests {
    @Test func theRegistersAreForAdmins() async throws {
        try await WebFixture.withServer { web in
            let organisation = try await web.api(
                .post, "/v1/organisations", as: .admin,
                json: #"{"name": "HAP De Linde <b>", "type": "huisartsenpraktijk", "region": "Twente"}"#)
            #expect(organisation.status == 201, "\(organisation.text)")
            let organisationID = try #require(organisation.json["id"] as? String)
            let person = try await web.api(
                .post, "/v1/people", as: .admin,
                json: """
                    {"name": "Anna de Vries", "email": "anna@delinde.nl", "roles": ["submitter"],
                     "organisation": "\(organisationID)", "notify": "daily"}
                    """)
            #expect(person.status == 201, "\(person.text)")

            let facilitator = try await web.get("/people", try await web.signIn(.facilitator))
            #expect(facilitator.status == 403)
            #expect(!facilitator.text.contains("anna@delinde.nl"))

            let page = try await web.get("/people", try await web.signIn(.admin))
            #expect(page.status == 200)
            #expect(
                page.text.contains(
                    "<td>HAP De Linde &lt;b&gt;</td><td>Huisartsenpraktijk</td><td>Twente</td><td>1</td>"))
            let personID = try #require(person.json["id"] as? String)
            #expect(
                page.text.contains(
                    "<td><a href=\"/people/\(personID)\">Anna de Vries</a></td><td>anna@delinde.nl</td><td>Indienende organisatie</td>"
                ))
            #expect(page.text.contains("daily digest"))
            #expect(page.text.contains(#"<a href="/people" aria-current="page">"#), "the admin's menu links the page")
        }
    }
}
