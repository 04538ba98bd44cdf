import Foundation
import PipelineCore
import PipelineDefinition
import Testing

/// Moving ideas to a newer version of their workflow: the bundled workflow's version 1 to the
/// version 2 of `docs/examples/primary-care-innovation-v2.yml` (the worked example of
/// docs/workflows.md), and variants of it.
@Suite("Migrating ideas to a new workflow version")
struct MigrationTests {
    static let admin = Actor(name: "ahmed", role: "admin")
    static let version2Text: String = {
        let url = EngineFixture.workflowsFolder.deletingLastPathComponent()
            .appendingPathComponent("docs/examples/primary-care-innovation-v2.yml")
        return (try? String(contentsOf: url, encoding: .utf8)) ?? ""
    }()

    /// Version 2, or a variant of it with `replacements` made in its text.
    static func version2(_ replacements: [(String, String)] = []) throws -> Workflow {
        var text = version2Text
        for (old, new) in replacements {
            #expect(text.contains(old), "the example has \(old)")
            text = text.replacingOccurrences(of: old, with: new)
        }
        let result = WorkflowDefinition.load(WorkflowSource(path: "v2.yml", text: text))
        return try #require(result.workflow, "\(result.diagnostics)")
    }

    /// An idea in the business case of version 1 whose gate holds (with the fte it expects).
    static func heldBusinessCase() throws -> EngineFixture {
        var fixture = EngineFixture()
        try fixture.submit()
        try fixture.passProposal()
        try fixture.fillBusinessCase()
        try fixture.run(.updateFields(["expected_fte_saved": .number(2.5)]), as: EngineFixture.practice)
        try fixture.run(.approve(comment: "akkoord"), as: EngineFixture.facilitator)
        for gatekeeper in EngineFixture.gatekeepers { try fixture.review(as: gatekeeper, score: 4) }
        #expect(fixture.failures == [])
        return fixture
    }

    @Test("the example's rules cover version 1: no problems")
    func exampleCoversVersion1() throws {
        #expect(WorkflowMigration.problems(from: EngineFixture.workflow(), to: try Self.version2()) == [])
    }

    @Test("an idea whose business case held moves: the field renamed, the other dropped, its gate now waits")
    func businessCaseMoves() throws {
        var fixture = try Self.heldBusinessCase()
        let version2 = try Self.version2()
        let before = try #require(fixture.idea)
        let events = try fixture.run(.migrate(to: version2), as: Self.admin)
        #expect(
            events.map(\.change) == [
                .migrated(
                    fromVersion: 1, toVersion: 2, fromStage: "business_case", toStage: "business_case",
                    renamedFields: ["privacy_checked": "avg_checked"], droppedFields: ["expected_fte_saved"])
            ])
        #expect(events.map(\.type) == ["idea.migrated"])
        let idea = try #require(fixture.idea)
        #expect(idea.workflowVersion == 2)
        #expect(idea.fields["avg_checked"] == .boolean(true))
        #expect(idea.fields["privacy_checked"] == nil && idea.fields["expected_fte_saved"] == nil)
        // Not a move: the approvals, reviews and the time in the stage stay.
        #expect(idea.approvals == before.approvals && idea.reviews == before.reviews)
        #expect(idea.stageEnteredAt == before.stageEnteredAt)
        let gate = try #require(version2.gate(leaving: idea.stage))
        #expect(
            GateEvaluation.evaluate(gate, idea: idea).failures.map(\.explanation) == [
                "expected_hours_saved is missing"
            ])
        // Once on version 2, the same command changes nothing.
        #expect(try fixture.run(.migrate(to: version2), as: Self.admin) == [])
    }

    @Test("an idea in its pilot lands in pilot_run, with its conditions and approvals")
    func pilotMoves() throws {
        var fixture = EngineFixture()
        try fixture.submit()
        try fixture.passProposal()
        try fixture.fillBusinessCase()
        try fixture.run(.approve(comment: nil), as: EngineFixture.facilitator)
        for gatekeeper in EngineFixture.gatekeepers { try fixture.review(as: gatekeeper, score: 4) }
        let due = try #require(CalendarDay.start(of: "2030-01-15"))
        try fixture.run(
            .decide(.conditionalGo([IdeaCondition.Terms(text: "Verwerkersovereenkomst getekend", due: due)])),
            as: EngineFixture.facilitator)
        try fixture.run(.approve(comment: nil), as: EngineFixture.gatekeepers[0])
        #expect(fixture.idea?.stage == "pilot")
        try fixture.run(.migrate(to: try Self.version2()), as: Self.admin)
        let idea = try #require(fixture.idea)
        #expect(idea.stage == "pilot_run" && idea.workflowVersion == 2)
        #expect(idea.conditions.map(\.gate) == ["scale_decision"])
        #expect(idea.approvals.map(\.gate) == ["scale_decision"])
    }

    @Test("only admins migrate")
    func onlyAdmins() throws {
        var fixture = try Self.heldBusinessCase()
        let version2 = try Self.version2()
        for actor in [EngineFixture.facilitator, EngineFixture.practice, EngineFixture.gatekeepers[0]] {
            #expect(
                fixture.refusal(.migrate(to: version2), as: actor)
                    == .forbidden(.migrateNotAdmin))
        }
        #expect(fixture.idea?.workflowVersion == 1)
    }

    @Test("a stage without a place in the new version is refused, saying which and what to write")
    func stageWithoutTarget() throws {
        var fixture = EngineFixture()
        try fixture.submit()
        try fixture.passProposal()
        try fixture.passBusinessCase()
        let version2 = try Self.version2([("stages: {pilot: pilot_run}", "stages: {}")])
        #expect(
            fixture.refusal(.migrate(to: version2), as: Self.admin)
                == .notAllowedNow(.migrateStageUnmapped(stage: "pilot", version: 2, from: 1)))
        #expect(fixture.idea?.workflowVersion == 1 && fixture.idea?.stage == "pilot")
    }

    @Test("rules that leave a field of version 1 unsaid hold every idea back, naming the field")
    func unhandledField() throws {
        var fixture = EngineFixture()
        try fixture.submit()
        let version2 = try Self.version2([("      drop: [expected_fte_saved]\n", "")])
        let problem =
            "field 'expected_fte_saved' of version 1 is not in version 2, and migrate from 1 neither renames nor "
            + "drops it: add it to fields: rename: {expected_fte_saved: NEW} or fields: drop: [expected_fte_saved]"
        #expect(WorkflowMigration.problems(from: fixture.workflow, to: version2) == [problem])
        #expect(
            fixture.refusal(.migrate(to: version2), as: Self.admin)
                == .notAllowedNow(.migrateRulesIncomplete([problem])))
    }

    @Test("names on the left that version 1 does not have, and a version without rules, are problems")
    func leftHandNames() throws {
        let version1 = EngineFixture.workflow()
        let version2 = try Self.version2([
            ("stages: {pilot: pilot_run}", "stages: {pilot: pilot_run, pilots: pilot_run}"),
            ("drop: [expected_fte_saved]", "drop: [expected_fte_saved, old_note]"),
        ])
        #expect(
            WorkflowMigration.problems(from: version1, to: version2) == [
                "migrate from 1 maps stage 'pilots', which version 1 does not have",
                "migrate from 1 drops field 'old_note', which version 1 does not have",
            ])
        let withoutRules = try Self.version2([
            (
                "migrate:\n  - from: 1\n    stages: {pilot: pilot_run}\n    fields:\n"
                    + "      rename: {privacy_checked: avg_checked}\n      drop: [expected_fte_saved]\n", ""
            )
        ])
        #expect(withoutRules.migrations.isEmpty)
        #expect(
            WorkflowMigration.problems(from: version1, to: withoutRules) == [
                "version 2 of primary-care-innovation does not say how ideas move from version 1: add "
                    + "'migrate: [{from: 1}]' to its file, with the stages and fields that change"
            ])
    }

    @Test("a value that does not fit its field in the new version is refused, with the field")
    func valueThatDoesNotFit() throws {
        var fixture = try Self.heldBusinessCase()
        let version2 = try Self.version2([("    max: 50000000\n", "    max: 100000\n")])
        #expect(
            fixture.refusal(.migrate(to: version2), as: Self.admin)
                == .notAllowedNow(.migrateValuesMisfit(version: 2, misfits: ["cost_eur: is 120000; at most 100000"])))
    }

    @Test("a migration goes up only, and to the idea's own workflow")
    func upOnly() throws {
        var fixture = try Self.heldBusinessCase()
        let quickWins = EngineFixture.workflow("quick-wins.yml")
        #expect(
            fixture.refusal(.migrate(to: quickWins), as: Self.admin)
                == .invalidInput(
                    .migrateOtherWorkflow(idea: "idea-1", workflow: "primary-care-innovation", target: "quick-wins")))
        let idea = try #require(fixture.idea)
        #expect(throws: CommandError.self) {
            try IdeaEngine.migration(of: idea, from: fixture.workflow, to: fixture.workflow)
        }
    }

    @Test("renamed fields move all at once: two fields may swap names")
    func swap() {
        let fields: FieldValues = ["a": .number(1), "b": .number(2), "c": .number(3)]
        #expect(
            IdeaEngine.migratedFields(fields, renamed: ["a": "b", "b": "a"], dropped: ["c"])
                == ["a": .number(2), "b": .number(1)])
    }

    @Test("the SLA ladder is planned again on the new version: only steps still ahead and not reached")
    func ladderPlannedAgain() throws {
        var fixture = try Self.heldBusinessCase()
        let entered = try #require(fixture.idea?.stageEnteredAt)
        let version2 = try Self.version2([
            (
                "      remind: 60d\n      escalate: 75d\n      hold: 90d",
                "      remind: 30d\n      escalate: 45d\n      hold: 100d"
            )
        ])
        fixture.now = entered.addingTimeInterval(50 * 86_400)
        let events = try fixture.run(.migrate(to: version2), as: Self.admin)
        let idea = try #require(fixture.idea)
        let plan = IdeaEngine.timerPlan(after: events, idea: idea, workflow: version2)
        #expect(plan.cancel == [.ladder])
        #expect(
            plan.schedule == [
                IdeaTimer(
                    ideaID: idea.id, kind: .slaHold, dueAt: entered.addingTimeInterval(100 * 86_400),
                    subject: "business_case")
            ])

        // Reminded already under version 1: the new remind step is not planned again.
        var reminded = try Self.heldBusinessCase()
        let start = try #require(reminded.idea?.stageEnteredAt)
        reminded.now = start.addingTimeInterval(61 * 86_400)
        let remind = IdeaTimer(ideaID: "idea-1", kind: .slaRemind, dueAt: reminded.now, subject: "business_case")
        try reminded.run(.fire(remind), as: .system)
        #expect(reminded.idea?.slaMark == .reminded)
        let later = try Self.version2([("      remind: 60d\n", "      remind: 70d\n")])
        let moved = try reminded.run(.migrate(to: later), as: Self.admin)
        let kinds = IdeaEngine.timerPlan(after: moved, idea: try #require(reminded.idea), workflow: later)
            .schedule.map(\.kind)
        #expect(kinds == [.slaEscalate, .slaHold])

        // On hold: nothing is planned until it resumes; the hold's review date stays.
        var held = try Self.heldBusinessCase()
        try held.run(
            .decide(.hold(reason: "subsidie", until: held.now.addingTimeInterval(30 * 86_400))),
            as: EngineFixture.facilitator)
        let heldEvents = try held.run(.migrate(to: version2), as: Self.admin)
        let heldPlan = IdeaEngine.timerPlan(after: heldEvents, idea: try #require(held.idea), workflow: version2)
        #expect(heldPlan == TimerPlan(cancel: [.ladder], schedule: []))
    }
}
