import Foundation
import PipelineCore
import PipelineTestSupport
import Testing

/// The README's tour, run through the real executable on a real SQLite file.
@Suite("pipeline ideas, gate, decide: the README tour")
struct PipelineJourneyTests {
    final class Session: @unchecked Sendable {
        let folder: URL
        var database: String { folder.appendingPathComponent("pipeline.sqlite").path }

        init() throws { folder = try CommandRunner.temporaryFolder() }
        deinit { try? FileManager.default.removeItem(at: folder) }

        /// Runs `pipeline` on this session's database as the given person.
        func run(_ arguments: [String], as who: [String] = ["--actor", "fenna", "--role", "facilitator"]) async throws
            -> CommandResult
        {
            try await CommandRunner.run(arguments + ["--database", database] + who)
        }

        func json(_ arguments: [String], as who: [String] = ["--actor", "fenna", "--role", "facilitator"]) async throws
            -> Any
        {
            let result = try await run(arguments + ["--json"], as: who)
            return try JSONSerialization.jsonObject(with: Data(result.output.utf8))
        }
    }

    static let practice = ["--actor", "anna", "--role", "submitter", "--org", "HAP De Linde"]
    static let gatekeepers = ["gerrit", "greet", "gijs"].map { ["--actor", $0, "--role", "gatekeeper"] }

    @Test("demo, list by stage, see why a gate waits")
    func demoAndGate() async throws {
        let session = try Session()
        let demo = try await CommandRunner.run(["demo", "--database", session.database])
        #expect(demo.status == 0, "\(demo.errors)")
        #expect(demo.output.contains("demo: 30 ideas in 26 regions, 27 implementations in 22 regions"))
        let again = try await CommandRunner.run(["demo", "--database", session.database])
        #expect(again.status == 2, "a demo never fills a database that holds ideas")

        let list = try await session.run(["ideas", "list", "--stage", "business_case"])
        #expect(list.status == 0)
        #expect(list.output.contains("Flexibele invalpool bij langdurig verzuim"))
        let page = try #require(
            try await session.json(["ideas", "list", "--stage", "business_case"]) as? [String: Any])
        let ideas = try #require(page["ideas"] as? [[String: Any]])
        #expect(ideas.count == 6)
        let costly = try #require(
            ideas.first { (($0["fields"] as? [String: Any])?["title"] as? String)?.hasPrefix("Flexibele") == true })
        let id = try #require(costly["id"] as? String)

        let gate = try await session.run(["gate", id])
        #expect(gate.status == 0)
        #expect(gate.output.contains("does not hold"))
        #expect(gate.output.contains("cost_eur is 340000, must be <= 250000"))
        let go = try await session.run(["decide", id, "go"])
        #expect(go.status == 1, "a go at a gate that does not hold is refused")
        #expect(go.errors.contains("0 of 3 reviews by gatekeeper"))
        let counts = try await CommandRunner.run(["counts", "--database", session.database])
        #expect(counts.output.contains("Businesscase (business_case)"))
    }

    @Test("the demo replays a year: the timers reminded, escalated, held, reviewed and found a condition overdue")
    func demoYear() async throws {
        let session = try Session()
        let demo = try await CommandRunner.run(["demo", "--database", session.database])
        #expect(demo.status == 0, "\(demo.errors)")
        let page = try #require(try await session.json(["ideas", "list", "--limit", "100"]) as? [String: Any])
        let ideas = try #require(page["ideas"] as? [[String: Any]])
        #expect(ideas.count == 30)
        // The regions' implementations have histories of their own; the command line lists ideas only.
        let implementations = try await StoredEvents.all(session.database).implementations.map(\.id)
        #expect(implementations.count == 27)

        let formatter = ISO8601DateFormatter()
        let now = Date()
        var types: [String: Int] = [:]
        var histories: [String: [[String: Any]]] = [:]
        for id in try ideas.map({ try #require($0["id"] as? String) }) + implementations {
            let events = try #require(try await session.json(["history", id]) as? [[String: Any]])
            histories[id] = events
            for event in events {
                types[event["type"] as? String ?? "", default: 0] += 1
                let at = try #require(formatter.date(from: event["at"] as? String ?? ""))
                #expect(at <= now.addingTimeInterval(1), "no event after now")
                #expect(at > now.addingTimeInterval(-367 * 86_400), "the year ends now")
            }
        }
        let printed = demo.output.firstMatch(of: /(\d+) events \((\d+) by timers\)/).flatMap { Int($0.1) }
        #expect(printed == types.values.reduce(0, +), "the demo counts every event")
        for type in [
            "idea.sla_reminder", "idea.sla_escalated", "idea.auto_held", "idea.held", "idea.hold_review_due",
            "idea.conditions_set", "idea.condition_met", "idea.condition_overdue", "idea.advanced", "idea.completed",
            "idea.killed", "idea.recycled", "gate.reviewed", "idea.adopted", "implementation.advanced",
            "implementation.killed", "implementation.sla_reminder",
        ] {
            #expect(types[type, default: 0] >= 1, "\(type) occurs in the demo: \(types)")
        }

        func data(_ event: [String: Any]) -> [String: Any] { event["data"] as? [String: Any] ?? [:] }
        func ofType(_ type: String, in events: [[String: Any]]) -> [[String: Any]] {
            events.filter { $0["type"] as? String == type }
        }
        // A go on conditions, one met before its day and one overdue, on one idea.
        let conditional = try #require(
            histories.values.first { !ofType("idea.condition_overdue", in: $0).isEmpty },
            "an idea with an overdue condition")
        let set = try #require(ofType("idea.conditions_set", in: conditional).first)
        let terms = try #require(data(set)["conditions"] as? [[String: Any]])
        let met = try #require(ofType("idea.condition_met", in: conditional).first)
        let metNumber = try #require(data(met)["number"] as? Int)
        let metDue = try #require(terms.first { $0["number"] as? Int == metNumber }?["due"] as? String)
        let metOn = String((met["at"] as? String ?? "").prefix(10))
        #expect(metOn <= metDue, "condition \(metNumber) was met on \(metOn), before its day \(metDue)")
        let overdue = try #require(ofType("idea.condition_overdue", in: conditional).first)
        #expect(data(overdue)["number"] as? Int != metNumber)
        #expect((overdue["actor"] as? [String: Any])?["role"] as? String == "system")

        // A person's hold whose review date came, and an SLA hold: both on hold now.
        let personal = try #require(
            histories.first { !ofType("idea.held", in: $0.value).isEmpty }, "an idea held by a person")
        #expect(ofType("idea.hold_review_due", in: personal.value).count == 1, "its review date came")
        let bySLA = try #require(
            histories.first { !ofType("idea.auto_held", in: $0.value).isEmpty }, "an idea held by its SLA")
        #expect(
            bySLA.value.compactMap { $0["type"] as? String }.filter { $0.hasPrefix("idea.sla") || $0.contains("held") }
                == ["idea.sla_reminder", "idea.sla_escalated", "idea.auto_held"])
        for id in [personal.key, bySLA.key] {
            let idea = try #require(try await session.json(["ideas", "show", id]) as? [String: Any])
            #expect(idea["status"] as? String == "on_hold")
        }
    }

    @Test("one idea from submission to national implementation, by command line")
    func toNationalImplementation() async throws {
        let session = try Session()
        let submitted = try #require(
            try await session.json(
                [
                    "ideas", "submit", "--region", "Twente", "--field", "title=Regionale stagedesk",
                    "--field", "summary=" + String(repeating: "Een loket voor stageplaatsen in de regio. ", count: 3),
                    "--field", "theme=onderwijsvernieuwing",
                ], as: Self.practice) as? [String: Any])
        let id = try #require(submitted["id"] as? String)
        func ok(_ arguments: [String], as who: [String] = ["--actor", "fenna", "--role", "facilitator"]) async throws {
            let result = try await session.run(arguments, as: who)
            #expect(result.status == 0, "\(arguments): \(result.errors)")
        }
        try await ok(
            ["ideas", "update", id, "--field", "problem=Te weinig stageplaatsen", "--field", "partners=mbo,hbo"],
            as: Self.practice)
        try await ok(["approve", id])
        try await ok(["decide", id, "go"])
        try await ok(
            [
                "ideas", "update", id, "--field", "cost_eur=120000", "--field", "funding=subsidie", "--field",
                "business_case_url=https://example.org/bc.pdf", "--field", "privacy_checked=true", "--field",
                "pilot_start=2027-02-01",
            ], as: Self.practice)
        try await ok(["approve", id])
        for gatekeeper in Self.gatekeepers {
            try await ok(
                [
                    "review", id, "--score", "impact=4", "--score", "feasibility=4", "--score", "scalability=3",
                    "--score", "value=5",
                    "--comment", "Sterk",
                ], as: gatekeeper)
        }
        try await ok(["decide", id, "go"])
        try await ok(
            [
                "ideas", "update", id, "--field", "pilot_participants=25", "--field", "pilot_satisfaction=8.4",
                "--field",
                "pilot_hours_saved=16", "--field", "pilot_report_url=https://example.org/pilot.pdf", "--field",
                "scale=nationaal",
                "--field", "regions_interested=11",
            ], as: Self.practice)
        try await ok(["approve", id])
        try await ok(["approve", id], as: Self.gatekeepers[0])
        try await ok(["approve", id], as: Self.gatekeepers[1])
        try await ok(["decide", id, "go"])
        let idea = try #require(try await session.json(["ideas", "show", id]) as? [String: Any])
        #expect(idea["stage"] as? String == "national_implementation")
        let history = try await session.run(["history", id])
        #expect(history.output.contains("pilot → national_implementation through scale_decision"))
    }

    @Test("exit statuses mean something")
    func exitStatuses() async throws {
        let session = try Session()
        #expect(try await session.run(["ideas", "show", "nope"]).status == 3)
        #expect(try await session.run(["ideas", "list"], as: []).status == 2, "who you are is required")
        #expect(try await session.run(["ideas", "list", "--status", "sleeping"]).status == 2)
        let unknownRegion = try await session.run(
            ["ideas", "submit", "--region", "twente", "--field", "title=x"], as: Self.practice)
        #expect(unknownRegion.status == 2)
        #expect(unknownRegion.errors.contains("did you mean 'Twente'?"))
        let invalid = try await session.run(
            ["ideas", "submit", "--region", "Twente", "--field", "title=x"], as: Self.practice)
        #expect(invalid.status == 1)
        #expect(invalid.errors.contains("summary: is required"))
    }

    @Test("a submitter sees only their own ideas and shared good examples")
    func visibility() async throws {
        let session = try Session()
        #expect(try await CommandRunner.run(["demo", "--database", session.database]).status == 0)
        let mine = try #require(
            try await session.json(
                ["ideas", "list"], as: ["--actor", "z", "--role", "submitter", "--org", "Zorggroep Zeeland"])
                as? [String: Any])
        let ideas = try #require(mine["ideas"] as? [[String: Any]])
        #expect(!ideas.isEmpty)
        for idea in ideas {
            let own = idea["organisation"] as? String == "Zorggroep Zeeland"
            let shared = ["regional_implementation", "national_implementation", "completed"].contains(
                idea["stage"] as? String ?? "")
            #expect(own || shared)
        }
    }
}
