import Foundation
import HTTPTypes
import PipelineCore
import PipelineStore
import PipelineTestSupport
import Testing

/// Conditional goes, met conditions, holds with a review date and the timers, over real HTTP.
@Suite("API: conditions, holds and timers")
struct TimeAPITests {
    static let day: TimeInterval = 86_400

    /// A day `days` from now, as the API takes it.
    static func day(in days: Double) -> String { CalendarDay.text(Date().addingTimeInterval(days * day)) }

    /// Moves an idea in business case to where its gate holds: fields, approval, three reviews.
    static func readyForPilot(_ api: APIClient, _ id: String) async throws {
        try await api.update(
            id,
            #"{"cost_eur": 120000, "funding": "subsidie", "business_case_url": "https://example.org/bc.pdf", "privacy_checked": true, "pilot_start": "2027-02-01"}"#
        )
        #expect(try await api.send(.post, "/v1/ideas/\(id)/approvals", json: "{}").status == 200)
        for person in [APIFixture.Person.gatekeeper, .secondGatekeeper, .thirdGatekeeper] {
            let reply = try await api.send(
                .post, "/v1/ideas/\(id)/reviews", as: person,
                json: #"{"scores": {"impact": 4, "feasibility": 4, "scalability": 3, "value": 5}, "comment": "Sterk"}"#)
            #expect(reply.status == 200, "\(reply.text)")
        }
    }

    /// Fills in the pilot and gives the scale decision's approvals: all but the conditions.
    static func pilotDone(_ api: APIClient, _ id: String) async throws {
        let reply = try await api.update(
            id,
            #"{"pilot_participants": 25, "pilot_satisfaction": 8.4, "pilot_hours_saved": 16, "pilot_report_url": "https://example.org/p.pdf", "scale": "nationaal", "regions_interested": 11}"#
        )
        #expect(reply.status == 200, "\(reply.text)")
        for person in [APIFixture.Person.facilitator, .gatekeeper, .secondGatekeeper] {
            #expect(try await api.send(.post, "/v1/ideas/\(id)/approvals", as: person, json: "{}").status == 200)
        }
    }

    static func conditionChecks(_ gate: Reply) -> [[String: Any]] {
        (gate.json["checks"] as? [[String: Any]] ?? []).filter { $0["kind"] as? String == "condition" }
    }

    @Test("a go with two conditions: the next gate waits for them, each met by a facilitator, then it holds")
    func conditionalGo() async throws {
        let fixture = try await APIFixture()
        defer { fixture.cleanup() }
        try await fixture.withServer { api in
            let id = try await api.ideaInBusinessCase()
            try await Self.readyForPilot(api, id)
            let first = Self.day(in: 30)
            let second = Self.day(in: 60)
            let went = try await api.send(
                .post, "/v1/ideas/\(id)/decisions",
                json: """
                    {"decision": "go", "conditions": [{"text": "Akkoord van de zorgverzekeraar", "due": "\(first)"},
                     {"text": "  AVG-toets door de FG  ", "due": "\(second)"}]}
                    """)
            #expect(went.status == 200, "\(went.text)")
            #expect(went.json["stage"] as? String == "pilot")
            let conditions = try #require(went.json["conditions"] as? [[String: Any]])
            #expect(conditions.map { $0["number"] as? Int } == [1, 2])
            #expect(
                conditions.map { $0["text"] as? String } == ["Akkoord van de zorgverzekeraar", "AVG-toets door de FG"])
            #expect(conditions.map { $0["due"] as? String } == [first, second])
            #expect(conditions.allSatisfy { $0["gate"] as? String == "scale_decision" })
            #expect(conditions.allSatisfy { $0["from_gate"] as? String == "business_case_review" })
            #expect(conditions.allSatisfy { $0["overdue"] as? Bool == false && $0["met_by"] == nil })
            #expect(went.json["hold"] == nil && went.json["sla_mark"] == nil)

            try await Self.pilotDone(api, id)
            var gate = try await api.send(.get, "/v1/ideas/\(id)/gate")
            #expect(gate.json["holds"] as? Bool == false, "everything but the conditions is done")
            var checks = Self.conditionChecks(gate)
            #expect(checks.map { $0["number"] as? Int } == [1, 2])
            #expect(checks.map { $0["due"] as? String } == [first, second])
            #expect(checks.allSatisfy { $0["holds"] as? Bool == false && $0["overdue"] as? Bool == false })
            let refused = try await api.send(.post, "/v1/ideas/\(id)/decisions", json: #"{"decision": "go"}"#)
            #expect(refused.status == 409)
            #expect(refused.problemType == "gate-not-met")

            // A submitter may not meet a condition; a facilitator may, once.
            let byPractice = try await api.send(.post, "/v1/ideas/\(id)/conditions/1/met", as: .practice, json: "{}")
            #expect(byPractice.status == 403)
            let met = try await api.send(
                .post, "/v1/ideas/\(id)/conditions/1/met", json: #"{"note": "Brief van 3 maart"}"#)
            #expect(met.status == 200, "\(met.text)")
            #expect(met.etag == "\"\(met.json["version"] as? Int ?? 0)\"")
            let metFirst = (met.json["conditions"] as? [[String: Any]])?.first
            #expect(metFirst?["met_by"] as? String == "facilitator")
            #expect(metFirst?["note"] as? String == "Brief van 3 maart")
            #expect(metFirst?["met_at"] as? String != nil)
            let again = try await api.send(.post, "/v1/ideas/\(id)/conditions/1/met", json: "{}")
            #expect(again.status == 409, "\(again.text)")
            let unknown = try await api.send(.post, "/v1/ideas/\(id)/conditions/7/met", json: "{}")
            #expect(unknown.status == 422, "\(unknown.text)")
            #expect(try await api.send(.post, "/v1/ideas/\(id)/conditions/zero/met", json: "{}").status == 400)
            #expect(try await api.send(.post, "/v1/ideas/\(id)/conditions/0/met", json: "{}").status == 400)
            #expect(
                try await api.send(.post, "/v1/ideas/\(id)/conditions/2/met", json: #"{"note": null}"#).status == 400)
            #expect(
                try await api.send(.post, "/v1/ideas/\(id)/conditions/2/met", json: #"{"who": "x"}"#).status == 400)
            gate = try await api.send(.get, "/v1/ideas/\(id)/gate")
            #expect(gate.json["holds"] as? Bool == false, "one condition is still open")

            // If-Match and Idempotency-Key work as on every command; no body at all is fine.
            let stale = try await api.send(
                .post, "/v1/ideas/\(id)/conditions/2/met", headers: ["If-Match": "\"1\""])
            #expect(stale.status == 412)
            let version = try await api.version(of: id)
            let key = ["If-Match": "\"\(version)\"", "Idempotency-Key": "meet-2"]
            let second2 = try await api.send(.post, "/v1/ideas/\(id)/conditions/2/met", headers: key)
            #expect(second2.status == 200, "\(second2.text)")
            let replayed = try await api.send(.post, "/v1/ideas/\(id)/conditions/2/met", headers: key)
            #expect(replayed.status == 200)
            #expect(replayed.body == second2.body)
            #expect(replayed.headers[HTTPField.Name("Idempotency-Replayed")!] == "true")

            gate = try await api.send(.get, "/v1/ideas/\(id)/gate")
            #expect(gate.json["holds"] as? Bool == true, "\(gate.text)")
            checks = Self.conditionChecks(gate)
            #expect(checks.allSatisfy { $0["holds"] as? Bool == true && $0["met_by"] as? String == "facilitator" })
            let advanced = try await api.send(.post, "/v1/ideas/\(id)/decisions", json: #"{"decision": "go"}"#)
            #expect(advanced.status == 200, "\(advanced.text)")
            #expect(advanced.json["stage"] as? String == "national_implementation")

            let history = try await api.send(.get, "/v1/ideas/\(id)/history").json["events"] as? [[String: Any]] ?? []
            let types = history.compactMap { $0["type"] as? String }
            #expect(types.contains("idea.conditions_set"))
            #expect(types.filter { $0 == "idea.condition_met" }.count == 2)
        }
    }

    @Test("conditions are refused where the gate does not allow them, beyond its limit, in the past, or malformed")
    func conditionRefusals() async throws {
        let fixture = try await APIFixture()
        defer { fixture.cleanup() }
        try await fixture.withServer { api in
            let future = Self.day(in: 30)
            func condition(_ text: String = "Iets regelen", due: String? = nil) -> String {
                #"{"text": "\#(text)", "due": "\#(due ?? future)"}"#
            }
            func go(_ id: String, _ conditions: String) async throws -> Reply {
                try await api.send(
                    .post, "/v1/ideas/\(id)/decisions", json: #"{"decision": "go", "conditions": \#(conditions)}"#)
            }
            // The proposal's gate has no conditional_go.
            let proposal = try await api.submitIdea()
            var reply = try await go(proposal, "[\(condition())]")
            #expect(reply.status == 409, "\(reply.text)")
            #expect(reply.problemType == "not-allowed-now")
            #expect(
                reply.json["detail"] as? String
                    == "gate 'proposal_review' does not allow a go with conditions (conditional_go)")

            let id = try await api.ideaInBusinessCase()
            let version = try await api.version(of: id)
            let six = Array(repeating: condition(), count: 6).joined(separator: ", ")
            reply = try await go(id, "[\(six)]")
            #expect(reply.status == 422, "\(reply.text)")
            #expect(reply.json["detail"] as? String == "gate 'business_case_review' allows at most 5 conditions")
            reply = try await go(id, "[\(condition(due: "2000-01-01"))]")
            #expect(reply.status == 422, "\(reply.text)")
            #expect((reply.json["detail"] as? String)?.contains("has passed") == true)
            reply = try await go(id, "[\(condition("   "))]")
            #expect(reply.status == 422, "a blank text: \(reply.text)")

            let malformed: [(String, String)] = [
                ("[]", "no conditions"),
                ("[" + Array(repeating: condition(), count: 21).joined(separator: ", ") + "]", "more than 20"),
                ("null", "null"),
                (condition(), "an object, not an array"),
                (#"["Iets regelen"]"#, "a string for a condition"),
                (#"[{"text": "Iets"}]"#, "no due date"),
                (#"[{"due": "\#(future)"}]"#, "no text"),
                (#"[{"text": "Iets", "due": "2027-02-30"}]"#, "a day that does not exist"),
                (#"[{"text": "Iets", "due": "2027-03-01T00:00:00Z"}]"#, "a date-time for a day"),
                (#"[{"text": "Iets", "due": null}]"#, "a null due date"),
                (#"[{"text": 5, "due": "\#(future)"}]"#, "a number for a text"),
                (#"[{"text": "Iets", "due": "\#(future)", "owner": "x"}]"#, "an unknown member"),
                (#"[{"text": "\#(String(repeating: "x", count: 4_001))", "due": "\#(future)"}]"#, "a text too long"),
            ]
            for (conditions, what) in malformed {
                reply = try await go(id, conditions)
                #expect(reply.status == 400, "\(what): \(reply.text)")
                #expect(reply.headers[.contentType] == "application/problem+json")
            }
            for body in [
                #"{"decision": "resume", "conditions": [\#(condition())]}"#,
                #"{"decision": "hold", "reason": "x", "until": "2099-01-01", "conditions": [\#(condition())]}"#,
                #"{"decision": "go", "until": "2099-01-01"}"#,
                #"{"decision": "kill", "reason": "x", "until": "2099-01-01"}"#,
                #"{"decision": "go", "to": 5}"#,
            ] {
                reply = try await api.send(.post, "/v1/ideas/\(id)/decisions", json: body)
                #expect(reply.status == 400, "\(body): \(reply.text)")
            }
            #expect(try await api.version(of: id) == version, "no refusal changed the idea")
        }
    }

    @Test("a hold needs a review date; it shows on the idea and plans its review, and resume clears it")
    func holdNeedsUntil() async throws {
        let fixture = try await APIFixture()
        defer { fixture.cleanup() }
        try await fixture.withServer { api in
            let id = try await api.ideaInBusinessCase()
            let missing = try await api.send(
                .post, "/v1/ideas/\(id)/decisions", json: #"{"decision": "hold", "reason": "subsidie"}"#)
            #expect(missing.status == 422, "\(missing.text)")
            #expect(missing.problemType == "invalid-input")
            #expect(missing.json["detail"] as? String == "a hold needs a review date (until), when the idea resurfaces")
            let withNull = try await api.send(
                .post, "/v1/ideas/\(id)/decisions", json: #"{"decision": "hold", "reason": "subsidie", "until": null}"#)
            #expect(withNull.status == 400)

            let held = try await api.send(
                .post, "/v1/ideas/\(id)/decisions",
                json: #"{"decision": "hold", "reason": "wacht op subsidie", "until": "2099-03-01"}"#)
            #expect(held.status == 200, "\(held.text)")
            #expect(held.json["status"] as? String == "on_hold")
            let hold = try #require(held.json["hold"] as? [String: Any])
            #expect(hold["reason"] as? String == "wacht op subsidie")
            #expect(hold["until"] as? String == "2099-03-01T00:00:00Z")
            #expect(hold["by_sla"] as? Bool == false)
            #expect(hold["review_due"] as? Bool == false)

            let timers = try await api.send(.get, "/v1/ideas/\(id)/timers").json["timers"] as? [[String: Any]] ?? []
            let pending = timers.filter { $0["status"] as? String == "pending" }
            #expect(pending.map { $0["kind"] as? String } == ["hold_review"])
            #expect(pending.first?["due_at"] as? String == "2099-03-01T00:00:00Z")
            #expect(pending.first?["subject"] as? String == "business_case")
            let cancelled = timers.filter { $0["status"] as? String == "cancelled" }
            #expect(Set(cancelled.compactMap { $0["kind"] as? String }).isSuperset(of: ["sla_remind", "sla_hold"]))
            #expect(cancelled.allSatisfy { $0["cancelled_at"] as? String != nil && $0["fired_at"] == nil })

            let resumed = try await api.send(.post, "/v1/ideas/\(id)/decisions", json: #"{"decision": "resume"}"#)
            #expect(resumed.status == 200)
            #expect(resumed.json["hold"] == nil)
        }
    }

    @Test("the timers route lists the stage's SLA ladder, for whoever may see the idea")
    func timersRoute() async throws {
        let fixture = try await APIFixture()
        defer { fixture.cleanup() }
        try await fixture.withServer { api in
            let id = try await api.ideaInBusinessCase()
            let idea = try await api.send(.get, "/v1/ideas/\(id)")
            let entered = try #require(
                (idea.json["stage_entered_at"] as? String).flatMap { ISO8601DateFormatter().date(from: $0) })
            let reply = try await api.send(.get, "/v1/ideas/\(id)/timers", as: .practice)
            #expect(reply.status == 200, "\(reply.text)")
            #expect(reply.headers[.contentType] == "application/json")
            let timers = try #require(reply.json["timers"] as? [[String: Any]])
            let ladder = timers.filter { $0["status"] as? String == "pending" }
            #expect(ladder.map { $0["kind"] as? String } == ["sla_remind", "sla_escalate", "sla_hold"])
            #expect(ladder.allSatisfy { $0["subject"] as? String == "business_case" })
            let due = ladder.compactMap { ($0["due_at"] as? String).flatMap { ISO8601DateFormatter().date(from: $0) } }
            #expect(due.map { Int($0.timeIntervalSince(entered) / Self.day) } == [60, 75, 90])
            #expect(ladder.allSatisfy { $0["id"] as? Int != nil && $0["created_at"] as? String != nil })
            for timer in timers { #expect(Set(timer.keys).isSubset(of: TimeAPITests.timerMembers)) }

            let other = try await api.send(.get, "/v1/ideas/\(id)/timers", as: .otherPractice)
            #expect(other.status == 404)
            #expect(other.headers[.contentType] == "application/problem+json")
            #expect(try await api.send(.get, "/v1/ideas/nope/timers").status == 404)
            #expect(try await api.send(.get, "/v1/ideas/\(id)/timers", as: nil).status == 401)
        }
    }

    static let timerMembers: Set<String> = [
        "id", "kind", "subject", "due_at", "status", "created_at", "fired_at", "cancelled_at",
    ]

    @Test("fired timers show on the idea: the SLA mark, the ladder's hold, an overdue condition")
    func firedTimersShow() async throws {
        let fixture = try await APIFixture()
        defer { fixture.cleanup() }
        let runner = TimerRunner(handler: CommandHandler(store: fixture.store, library: APIFixture.library))
        try await fixture.withServer { api in
            let waiting = try await api.ideaInBusinessCase()
            _ = try await runner.fireDue(now: Date().addingTimeInterval(61 * Self.day))
            var idea = try await api.send(.get, "/v1/ideas/\(waiting)")
            #expect(idea.json["sla_mark"] as? String == "reminded", "\(idea.text)")
            _ = try await runner.fireDue(now: Date().addingTimeInterval(76 * Self.day))
            idea = try await api.send(.get, "/v1/ideas/\(waiting)")
            #expect(idea.json["sla_mark"] as? String == "escalated")

            // A condition due tomorrow is overdue the day after; met late, it stays marked so.
            let id = try await api.ideaInBusinessCase()
            try await Self.readyForPilot(api, id)
            let went = try await api.send(
                .post, "/v1/ideas/\(id)/decisions",
                json:
                    #"{"decision": "go", "conditions": [{"text": "Contract getekend", "due": "\#(Self.day(in: 1))"}]}"#)
            #expect(went.status == 200, "\(went.text)")
            _ = try await runner.fireDue(now: Date().addingTimeInterval(3 * Self.day))
            idea = try await api.send(.get, "/v1/ideas/\(id)")
            #expect((idea.json["conditions"] as? [[String: Any]])?.first?["overdue"] as? Bool == true, "\(idea.text)")
            let gate = try await api.send(.get, "/v1/ideas/\(id)/gate")
            #expect(Self.conditionChecks(gate).first?["overdue"] as? Bool == true)
            let met = try await api.send(.post, "/v1/ideas/\(id)/conditions/1/met")
            #expect(met.status == 200, "\(met.text)")
            let condition = (met.json["conditions"] as? [[String: Any]])?.first
            #expect(condition?["overdue"] as? Bool == true && condition?["met_by"] as? String == "facilitator")
            let timers = try await api.send(.get, "/v1/ideas/\(id)/timers").json["timers"] as? [[String: Any]] ?? []
            let fired = timers.first { $0["kind"] as? String == "condition_due" }
            #expect(fired?["status"] as? String == "fired")
            #expect(fired?["fired_at"] as? String != nil)

            // The ladder's last step holds the idea, by SLA.
            _ = try await runner.fireDue(now: Date().addingTimeInterval(91 * Self.day))
            idea = try await api.send(.get, "/v1/ideas/\(waiting)")
            #expect(idea.json["status"] as? String == "on_hold")
            let hold = idea.json["hold"] as? [String: Any]
            #expect(hold?["by_sla"] as? Bool == true)
            #expect(hold?["reason"] as? String == "SLA")
            #expect(hold?["until"] as? String != nil)
        }
    }
}
