import Foundation
import HTTPTypes
import PipelineStore
import PipelineStoreSQLite
import PipelineTestSupport
import Testing

@Suite("Board")
struct BoardPageTests {
    @Test func aColumnPerStageAndACardPerIdea() async throws {
        try await WebFixture.withServer { web in
            let id = try await web.submitIdea()
            let browser = try await web.signIn(.facilitator)
            let board = try await web.get("/board/primary-care-innovation", browser)
            #expect(board.status == 200)
            for stage in ["Voorstel", "Businesscase", "Pilot", "Regionale implementatie", "Afgerond", "Gestopt"] {
                #expect(board.text.contains("<h2 id=\"col-"), "\(stage)")
                #expect(board.text.contains(stage), "\(stage)")
            }
            #expect(board.text.contains("<a href=\"/ideas/\(id)\">Regionale stagedesk</a>"))
            #expect(board.text.contains("HAP De Linde · Twente"))
            #expect(board.text.contains("0 days in stage"))
            #expect(board.text.contains("at most 30 days"), "the proposal stage's SLA")
            #expect(board.text.contains("Gate waits: 3 missing"), "problem, partners and the approval")
        }
    }

    @Test func hostileTitlesAreEscaped() async throws {
        try await WebFixture.withServer { web in
            let hostile = "<script>alert(1)</script>\"'&"
            let id = try await web.submitIdea(title: hostile)
            let browser = try await web.signIn(.facilitator)
            for path in ["/board/primary-care-innovation", "/ideas/\(id)", "/funnel"] {
                let page = try await web.get(path, browser)
                #expect(page.status == 200)
                #expect(!page.text.contains("<script>"), "\(path)")
            }
            let board = try await web.get("/board/primary-care-innovation", browser)
            #expect(board.text.contains("&lt;script&gt;alert(1)&lt;/script&gt;&quot;&#39;&amp;"))
        }
    }

    @Test func filtersByRegionThemeAndOrganisation() async throws {
        try await WebFixture.withServer { web in
            _ = try await web.submitIdea(title: "Idee Twente", region: "Twente")
            _ = try await web.submitIdea(title: "Idee Rijnmond", region: "Rijnmond", theme: "anders_besturen")
            let browser = try await web.signIn(.facilitator)
            let twente = try await web.get("/board/primary-care-innovation?region=Twente", browser)
            #expect(twente.text.contains("Idee Twente"))
            #expect(!twente.text.contains("Idee Rijnmond"))
            #expect(twente.text.contains("<option value=\"Twente\" selected>"))
            let theme = try await web.get("/board/primary-care-innovation?theme=anders_besturen", browser)
            #expect(theme.text.contains("Idee Rijnmond"))
            #expect(!theme.text.contains("Idee Twente"))
            let organisation = try await web.get(
                "/board/primary-care-innovation?organisation=Gezondheidscentrum+Oost", browser)
            #expect(!organisation.text.contains("Idee Twente"))
            #expect(organisation.text.contains("0 ideas"))
        }
    }

    @Test func submittersSeeTheirOwnOrganisationsIdeasOnly() async throws {
        try await WebFixture.withServer { web in
            _ = try await web.submitIdea(title: "Idee van De Linde")
            let own = try await web.get("/board/primary-care-innovation", try await web.signIn(.practice))
            #expect(own.text.contains("Idee van De Linde"))
            let other = try await web.get("/board/primary-care-innovation", try await web.signIn(.otherPractice))
            #expect(other.status == 200)
            #expect(!other.text.contains("Idee van De Linde"))
            #expect(!other.text.contains("HAP De Linde"), "not even as a filter option")
        }
    }

    @Test func aFacilitatorAdvancesAnIdeaWhoseGateHoldsFromTheBoard() async throws {
        try await WebFixture.withServer { web in
            let id = try await web.submitIdea()
            let version = try await web.version(of: id)
            _ = try await web.api(
                .patch, "/v1/ideas/\(id)", as: .practice,
                json: #"{"fields": {"problem": "Te weinig stageplaatsen", "partners": ["mbo"]}}"#,
                headers: ["If-Match": "\"\(version)\""])
            _ = try await web.api(.post, "/v1/ideas/\(id)/approvals", json: "{}")
            let practice = try await web.get("/board/primary-care-innovation", try await web.signIn(.practice))
            #expect(practice.text.contains("Gate holds"))
            #expect(!practice.text.contains("Advance to"), "a submitter does not decide")
            let browser = try await web.signIn(.facilitator)
            let board = try await web.get("/board/primary-care-innovation", browser)
            #expect(board.text.contains("Advance to Businesscase"))
            let go = try await web.post(
                "/ideas/\(id)/decide", browser, form: [("decision", "go"), ("return", "board")])
            #expect(go.status == 303)
            #expect(go.location == "/board/primary-care-innovation?done=decide_go")
            #expect(try await web.api(.get, "/v1/ideas/\(id)").json["stage"] as? String == "business_case")
            let after = try await web.get(go.location!, browser)
            #expect(after.text.contains("The idea advanced."))
        }
    }

    @Test func anUnknownWorkflowIsNotFound() async throws {
        try await WebFixture.withServer { web in
            let page = try await web.get("/board/nope", try await web.signIn(.practice))
            #expect(page.status == 404)
            #expect(page.text.contains("unknown workflow &#39;nope&#39;"))
        }
    }
}
