import Foundation
import PipelineTestSupport
import Testing

/// Conditions, holds with a review date and timers, through the real executable.
@Suite("pipeline decide with conditions, conditions, timers")
struct TimeCommandTests {
    typealias Session = PipelineJourneyTests.Session
    static let practice = PipelineJourneyTests.practice
    static let facilitator = ["--actor", "fenna", "--role", "facilitator"]

    /// A day `days` from now, as the command line takes it.
    static func day(in days: Double) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withFullDate]
        return formatter.string(from: Date().addingTimeInterval(days * 86_400))
    }

    static func ok(_ session: Session, _ arguments: [String], as who: [String] = facilitator) async throws
        -> CommandResult
    {
        let result = try await session.run(arguments, as: who)
        #expect(result.status == 0, "\(arguments): \(result.errors)")
        return result
    }

    /// A new idea moved into the business case stage; its id.
    static func ideaInBusinessCase(_ session: Session) async throws -> String {
        let submitted = try #require(
            try await session.json(
                [
                    "ideas", "submit", "--region", "Twente", "--field", "title=Regionale stagedesk",
                    "--field", "summary=" + String(repeating: "Een loket voor stageplaatsen in de regio. ", count: 3),
                    "--field", "theme=onderwijsvernieuwing",
                ], as: practice) as? [String: Any])
        let id = try #require(submitted["id"] as? String)
        _ = try await ok(
            session, ["ideas", "update", id, "--field", "problem=Te weinig stageplaatsen", "--field", "partners=mbo"],
            as: practice)
        _ = try await ok(session, ["approve", id])
        _ = try await ok(session, ["decide", id, "go"])
        return id
    }

    @Test("a go with two conditions: listed, shown, in the next gate, met one by one by a facilitator")
    func conditionalGo() async throws {
        let session = try Session()
        let id = try await Self.ideaInBusinessCase(session)
        _ = try await Self.ok(
            session,
            [
                "ideas", "update", id, "--field", "cost_eur=120000", "--field", "funding=subsidie", "--field",
                "business_case_url=https://example.org/bc.pdf", "--field", "privacy_checked=true", "--field",
                "pilot_start=2027-02-01",
            ], as: Self.practice)
        _ = try await Self.ok(session, ["approve", id])
        for gatekeeper in PipelineJourneyTests.gatekeepers {
            _ = try await Self.ok(
                session,
                [
                    "review", id, "--score", "impact=4", "--score", "feasibility=4", "--score", "scalability=3",
                    "--score", "value=5", "--comment", "Sterk",
                ], as: gatekeeper)
        }
        let first = Self.day(in: 30)
        let second = Self.day(in: 60)

        let unpaired = try await session.run([
            "decide", id, "go", "--condition", "Akkoord", "--due", first, "--condition", "AVG",
        ])
        #expect(unpaired.status == 2)
        #expect(unpaired.errors.contains("give one --due YYYY-MM-DD for each --condition"), "\(unpaired.errors)")
        let notGo = try await session.run([
            "decide", id, "kill", "--reason", "x", "--condition", "Akkoord", "--due", first,
        ])
        #expect(notGo.status == 2)
        #expect(notGo.errors.contains("--condition and --due are for go only"))
        let badDay = try await session.run(["decide", id, "go", "--condition", "Akkoord", "--due", "2027-02-30"])
        #expect(badDay.status == 2)
        #expect(badDay.errors.contains("--due takes a date such as 2027-03-01"))
        let past = try await session.run(["decide", id, "go", "--condition", "Akkoord", "--due", "2000-01-01"])
        #expect(past.status == 1)
        #expect(past.errors.contains("which has passed"), "\(past.errors)")

        let went = try #require(
            try await session.json(
                [
                    "decide", id, "go", "--condition", "Akkoord van de zorgverzekeraar", "--due", first,
                    "--condition", "AVG-toets door de FG", "--due", second,
                ]) as? [String: Any])
        #expect(went["stage"] as? String == "pilot")
        #expect((went["conditions"] as? [Any])?.count == 2)

        let list = try await Self.ok(session, ["conditions", "list", id])
        #expect(list.output.contains("NUMBER"))
        #expect(list.output.contains("Akkoord van de zorgverzekeraar"))
        #expect(list.output.contains(second))
        #expect(list.output.contains("open"))
        let listed = try #require(try await session.json(["conditions", "list", id]) as? [[String: Any]])
        #expect(listed.map { $0["number"] as? Int } == [1, 2])
        #expect(listed.map { $0["due"] as? String } == [first, second])
        #expect(listed.allSatisfy { $0["gate"] as? String == "scale_decision" && $0["overdue"] as? Bool == false })
        let gate = try await Self.ok(session, ["gate", id])
        #expect(
            gate.output.contains("condition 1: Akkoord van de zorgverzekeraar (due \(first)): open"), "\(gate.output)")

        let byPractice = try await session.run(["conditions", "meet", id, "1"], as: Self.practice)
        #expect(byPractice.status == 1, "a submitter does not meet conditions")
        let met = try await Self.ok(session, ["conditions", "meet", id, "1", "--note", "Brief van 3 maart"])
        #expect(met.output.contains("idea.condition_met"))
        #expect(met.output.contains("1. Akkoord van de zorgverzekeraar (due \(first)): met by fenna"), "\(met.output)")
        let twice = try await session.run(["conditions", "meet", id, "1"])
        #expect(twice.status == 1)
        #expect(twice.errors.contains("already met by fenna"))
        let none = try await session.run(["conditions", "meet", id, "9"])
        #expect(none.status == 1)
        #expect(none.errors.contains("has no condition 9"))

        let idea = try #require(try await session.json(["conditions", "meet", id, "2"]) as? [String: Any])
        let conditions = try #require(idea["conditions"] as? [[String: Any]])
        #expect(conditions.allSatisfy { $0["metBy"] as? String == "fenna" })
        let after = try #require(try await session.json(["conditions", "list", id]) as? [[String: Any]])
        #expect(after.map { $0["met_by"] as? String } == ["fenna", "fenna"])
        #expect(after.first?["note"] as? String == "Brief van 3 maart")
        let shown = try await Self.ok(session, ["ideas", "show", id])
        #expect(shown.output.contains("conditions    for gate scale_decision"), "\(shown.output)")
        #expect(shown.output.contains("2. AVG-toets door de FG (due \(second)): met by fenna"))
    }

    @Test("a hold needs --until: refused without, saying so; shown with its review date")
    func holdNeedsUntil() async throws {
        let session = try Session()
        let id = try await Self.ideaInBusinessCase(session)
        let without = try await session.run(["decide", id, "hold", "--reason", "wacht op subsidie"])
        #expect(without.status == 2)
        #expect(
            without.errors.contains("hold needs a review date: --until YYYY-MM-DD, the day the idea resurfaces"),
            "\(without.errors)")
        let wrong = try await session.run(["decide", id, "hold", "--reason", "x", "--until", "morgen"])
        #expect(wrong.status == 2)
        #expect(wrong.errors.contains("--until takes a date such as 2027-03-01"))
        let held = try await Self.ok(
            session, ["decide", id, "hold", "--reason", "wacht op subsidie", "--until", "2099-03-01"])
        #expect(held.output.contains("on hold       wacht op subsidie, review on 2099-03-01"), "\(held.output)")
        let shown = try await Self.ok(session, ["ideas", "show", id])
        #expect(shown.output.contains("on hold       wacht op subsidie, review on 2099-03-01"))
        let review = try #require(
            try await session.json(["timers", "list", "--idea", id], as: []) as? [[String: Any]])
        #expect(review.map { $0["kind"] as? String } == ["hold_review"])
        #expect(review.first?["due_at"] as? String == "2099-03-01T00:00:00Z")
    }

    @Test("timers list: the business case stage's SLA ladder, filtered by due time, status and idea")
    func timersList() async throws {
        let session = try Session()
        let id = try await Self.ideaInBusinessCase(session)
        let other = try await Self.ideaInBusinessCase(session)
        let all = try #require(try await session.json(["timers", "list"], as: []) as? [[String: Any]])
        #expect(all.count == 6, "two ladders of three steps")
        let mine = all.filter { $0["idea"] as? String == id }
        #expect(mine.map { $0["kind"] as? String } == ["sla_remind", "sla_escalate", "sla_hold"])
        #expect(mine.allSatisfy { $0["subject"] as? String == "business_case" && $0["status"] as? String == "pending" })
        let members: Set<String> = ["id", "idea", "kind", "subject", "due_at", "status", "created_at"]
        #expect(mine.allSatisfy { Set($0.keys) == members }, "\(mine)")
        let idea = try #require(try await session.json(["ideas", "show", id]) as? [String: Any])
        let formatter = ISO8601DateFormatter()
        let entered = try #require((idea["stageEnteredAt"] as? String).flatMap { formatter.date(from: $0) })
        let due = mine.compactMap { ($0["due_at"] as? String).flatMap { formatter.date(from: $0) } }
        #expect(due.map { Int(($0.timeIntervalSince(entered) / 86_400).rounded()) } == [60, 75, 90])

        // Due before a day in 70 days: the reminders only (60 days), not the escalations (75).
        let soon = try #require(
            try await session.json(["timers", "list", "--due-before", Self.day(in: 70)], as: []) as? [[String: Any]])
        #expect(soon.count == 2)
        #expect(soon.allSatisfy { $0["kind"] as? String == "sla_remind" })
        let stamp = formatter.string(from: Date().addingTimeInterval(80 * 86_400))
        let dateTime = try #require(
            try await session.json(["timers", "list", "--due-before", stamp, "--idea", id], as: []) as? [[String: Any]])
        #expect(dateTime.map { $0["kind"] as? String } == ["sla_remind", "sla_escalate"])
        let limited = try #require(
            try await session.json(["timers", "list", "--limit", "1"], as: []) as? [[String: Any]])
        #expect(limited.count == 1)
        let cancelled = try #require(
            try await session.json(["timers", "list", "--status", "cancelled"], as: []) as? [[String: Any]])
        #expect(cancelled.isEmpty)

        _ = try await Self.ok(session, ["decide", other, "kill", "--reason", "geen budget"])
        let stopped = try #require(
            try await session.json(["timers", "list", "--status", "cancelled"], as: []) as? [[String: Any]])
        #expect(stopped.count == 3)
        #expect(stopped.allSatisfy { $0["idea"] as? String == other && $0["cancelled_at"] as? String != nil })
        let any = try #require(
            try await session.json(["timers", "list", "--status", "any"], as: []) as? [[String: Any]])
        #expect(any.count == 6)

        let table = try await session.run(["timers", "list", "--idea", id], as: [])
        #expect(table.status == 0)
        let lines = table.output.split(separator: "\n")
        #expect(
            lines.first?.split(separator: " ", omittingEmptySubsequences: true) == [
                "ID", "IDEA", "KIND", "SUBJECT", "DUE", "STATUS",
            ])
        #expect(lines.count == 4)
        #expect(try await session.run(["timers", "list", "--idea", "nope"], as: []).output == "no timers\n")

        for (arguments, message) in [
            (["--status", "sleeping"], "unknown status 'sleeping'"),
            (["--limit", "0"], "--limit is 1 to 10000"),
            (["--limit", "10001"], "--limit is 1 to 10000"),
            (["--due-before", "morgen"], "--due-before takes a day such as 2027-03-01"),
        ] {
            let refused = try await session.run(["timers", "list"] + arguments, as: [])
            #expect(refused.status == 2, "\(arguments)")
            #expect(refused.errors.contains(message), "\(arguments): \(refused.errors)")
        }
    }
}
