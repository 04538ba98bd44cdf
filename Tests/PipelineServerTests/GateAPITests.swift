import Foundation
import HTTPTypes
import PipelineTestSupport
import Testing

/// `GET /v1/ideas/{id}/gate`: stable codes and data for programs, a message per check in the
/// asked language for people.
@Suite("The gate over the API, structured and worded")
struct GateAPITests {
    static func checks(_ reply: Reply) -> [[String: Any]] { reply.json["checks"] as? [[String: Any]] ?? [] }

    static func check(_ reply: Reply, subject: String) -> [String: Any] {
        checks(reply).first { $0["subject"] as? String == subject } ?? [:]
    }

    @Test("codes, fields, expected and actual values, and messages in Dutch by default, in English when asked")
    func structuredAndWorded() async throws {
        let fixture = try await APIFixture()
        defer { fixture.cleanup() }
        try await fixture.withServer { api in
            let id = try await api.ideaInBusinessCase()
            try await api.update(id, #"{"cost_eur": 340000, "funding": "eigen_middelen"}"#)

            var reply = try await api.send(.get, "/v1/ideas/\(id)/gate")
            #expect(reply.status == 200)
            #expect(reply.json["language"] as? String == "nl")
            #expect(reply.json["name"] as? String == "Beoordeling businesscase")
            #expect(reply.json["gate"] as? String == "business_case_review")
            #expect(reply.json["stage"] as? String == "business_case")
            #expect(reply.json["holds"] as? Bool == false)
            #expect((reply.json["summary"] as? String)?.hasPrefix("De poort wacht nog op") == true)
            #expect(reply.headers[.vary] == "Accept-Language")

            let missing = Self.check(reply, subject: "business_case_url")
            #expect(missing["code"] as? String == "deliverable_missing")
            #expect(missing["field"] as? String == "business_case_url")
            #expect(missing["message"] as? String == "Businesscase (document) ontbreekt")
            #expect(missing["explanation"] as? String == "business_case_url is missing", "the engine's words stay")

            let rule = Self.check(reply, subject: "Kosten boven 250.000 euro alleen met subsidie")
            #expect(rule["code"] as? String == "rule_not_met")
            let reasons = rule["reasons"] as? [[String: Any]] ?? []
            try #require(reasons.count == 1)
            #expect(reasons[0]["code"] as? String == "none_of")
            let sides = reasons[0]["alternatives"] as? [[String: Any]] ?? []
            try #require(sides.count == 2)
            #expect(sides[0]["code"] as? String == "comparison")
            #expect(sides[0]["field"] as? String == "cost_eur")
            #expect(sides[0]["operator"] as? String == "<=")
            #expect(sides[0]["expected"] as? Double == 250_000)
            #expect(sides[0]["actual"] as? Double == 340_000)
            #expect(sides[0]["message"] as? String == "Kosten (euro) is € 340.000, mag hoogstens € 250.000 zijn")
            #expect(sides[1]["message"] as? String == "Financiering is Eigen middelen, moet Subsidie zijn")
            #expect(
                rule["message"] as? String
                    == "geen van: Kosten (euro) is € 340.000, mag hoogstens € 250.000 zijn, of Financiering is Eigen middelen, moet Subsidie zijn"
            )

            let scorecard = Self.check(reply, subject: "gatekeeper")
            #expect(scorecard["code"] as? String == "reviews_missing")
            #expect(scorecard["role"] as? String == "gatekeeper")
            #expect(scorecard["message"] as? String == "0 van 3 beoordelingen door Lid poortcommissie, norm 3,5")
            let approvals = Self.check(reply, subject: "facilitator")
            #expect(approvals["code"] as? String == "approvals_missing")
            #expect(approvals["message"] as? String == "0 van 1 akkoord van Facilitator")

            reply = try await api.send(.get, "/v1/ideas/\(id)/gate?language=en")
            #expect(reply.json["language"] as? String == "en")
            #expect(
                Self.check(reply, subject: "business_case_url")["message"] as? String
                    == "Businesscase (document) is missing")
            #expect(
                Self.check(reply, subject: "gatekeeper")["message"] as? String
                    == "0 of 3 reviews by Lid poortcommissie, pass mark 3,5")

            reply = try await api.send(
                .get, "/v1/ideas/\(id)/gate", headers: ["Accept-Language": "fr-FR, en-GB;q=0.8, nl;q=0.5"])
            #expect(reply.json["language"] as? String == "en", "the first language the server speaks, by quality")
            reply = try await api.send(.get, "/v1/ideas/\(id)/gate", headers: ["Accept-Language": "de, fr;q=0.5"])
            #expect(reply.json["language"] as? String == "nl", "none spoken: the server's default")
            reply = try await api.send(.get, "/v1/ideas/\(id)/gate", headers: ["Accept-Language": ";;,q=x,"])
            #expect(reply.status == 200 && reply.json["language"] as? String == "nl")

            for hostile in ["fr", "", "nl%00", String(repeating: "x", count: 5_000)] {
                reply = try await api.send(.get, "/v1/ideas/\(id)/gate?language=\(hostile)")
                #expect(reply.status == 400, "language=\(hostile.prefix(20))")
                #expect(reply.headers[.contentType] == "application/problem+json")
            }
        }
    }
}
