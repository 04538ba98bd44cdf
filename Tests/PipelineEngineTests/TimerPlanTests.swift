import Foundation
import PipelineCore
import Testing

/// The timers the engine plans with a command's events, stepped through a ladder by hand.
@Suite("Timer plans")
struct TimerPlanTests {
    static let day: TimeInterval = 86_400

    /// intake (remind 2d, escalate 4d to a programme lead, hold 8d) -> review (remind 1d) -> done.
    static let workflow = Workflow(
        id: "timed", version: 1, name: "Timed",
        roles: [.init(id: "programme_lead", name: "Programmaleider")], fields: [],
        stages: [
            Stage(
                id: "intake", name: "Intake",
                ladder: SLALadder(
                    remind: StageDuration(amount: 2, unit: .days), escalate: StageDuration(amount: 4, unit: .days),
                    escalateTo: "programme_lead", hold: StageDuration(amount: 8, unit: .days))),
            Stage(id: "review", name: "Review", ladder: SLALadder(remind: StageDuration(amount: 1, unit: .days))),
            Stage(id: "done", name: "Done", terminal: .completed),
            Stage(id: "stopped", name: "Stopped", terminal: .stopped),
        ],
        gates: [
            Gate(id: "intake_gate", name: "Intake", from: ["intake"], routes: [Route(to: "review")]),
            Gate(id: "review_gate", name: "Review", from: ["review"], routes: [Route(to: "done")]),
        ])

    static let submitter = Actor(name: "anna", role: "submitter", organisation: "HAP De Linde")
    static let facilitator = Actor(name: "fenna", role: "facilitator")

    /// An idea run through commands, with the plan of each.
    struct Run {
        var idea: Idea?
        var now = Date(timeIntervalSince1970: 1_790_000_000)

        mutating func run(_ command: Command, as actor: Actor, after days: Double = 1) throws -> TimerPlan {
            now += days * TimerPlanTests.day
            let events = try IdeaEngine.decide(
                command, state: idea, workflow: TimerPlanTests.workflow, actor: actor, now: now)
            for event in events { idea = IdeaEngine.evolve(idea, event) }
            return IdeaEngine.timerPlan(after: events, idea: try #require(idea), workflow: TimerPlanTests.workflow)
        }
    }

    func timers(_ plan: TimerPlan, from start: Date) -> [String] {
        plan.schedule.map { "\($0.kind.rawValue) \($0.subject) +\(Int($0.dueAt.timeIntervalSince(start) / Self.day))d" }
    }

    @Test("submitting schedules the first stage's ladder; moving on replaces it with the next stage's")
    func ladderFollowsTheStage() throws {
        var run = Run()
        let submitted = try run.run(
            .submit(id: "idea-1", organisation: "HAP De Linde", region: "Twente", fields: [:]), as: Self.submitter)
        #expect(submitted.cancelsAll)
        #expect(
            timers(submitted, from: run.now) == [
                "sla_remind intake +2d", "sla_escalate intake +4d", "sla_hold intake +8d",
            ])
        #expect(submitted.schedule.allSatisfy { $0.ideaID == "idea-1" })

        let comment = try run.run(.comment("Goed idee"), as: Self.facilitator)
        #expect(comment == .none, "a comment leaves the timers alone")

        let advanced = try run.run(.decide(.go), as: Self.facilitator, after: 3)
        #expect(advanced.cancelsAll, "the intake ladder is cancelled when the idea moves")
        #expect(timers(advanced, from: run.now) == ["sla_remind review +1d"])

        let completed = try run.run(.decide(.go), as: Self.facilitator)
        #expect(completed == TimerPlan(cancelPending: true, schedule: []), "a completed idea has no timers")
    }

    @Test("a hold replaces the ladder with its review date; a resume restarts the ladder from the resume")
    func holdAndResume() throws {
        var run = Run()
        _ = try run.run(
            .submit(id: "idea-1", organisation: "HAP De Linde", region: "Twente", fields: [:]), as: Self.submitter)
        let review = run.now + 30 * Self.day
        let held = try run.run(.decide(.hold(reason: "subsidie", until: review)), as: Self.facilitator)
        #expect(held.cancel == [.waiting], "a hold cancels the ladder, not the conditions")
        #expect(held.schedule == [IdeaTimer(ideaID: "idea-1", kind: .holdReview, dueAt: review, subject: "intake")])

        let resumed = try run.run(.decide(.resume), as: Self.facilitator, after: 10)
        #expect(resumed.cancel == [.waiting])
        #expect(
            timers(resumed, from: run.now) == [
                "sla_remind intake +2d", "sla_escalate intake +4d", "sla_hold intake +8d",
            ])

        #expect(throws: CommandError.invalidInput(.holdNeedsReviewDate)) {
            try run.run(.decide(.hold(reason: "even wachten", until: nil)), as: Self.facilitator)
        }
    }

    @Test("a review date in the past is refused; killing cancels every timer")
    func pastReviewAndKill() throws {
        var run = Run()
        _ = try run.run(
            .submit(id: "idea-1", organisation: "HAP De Linde", region: "Twente", fields: [:]), as: Self.submitter)
        #expect(throws: CommandError.self) {
            try run.run(.decide(.hold(reason: "x", until: run.now - Self.day)), as: Self.facilitator, after: 0)
        }
        let killed = try run.run(.decide(.kill(reason: "dubbel")), as: Self.facilitator)
        #expect(killed == TimerPlan(cancelPending: true, schedule: []))
    }

    @Test("a stage without a ladder (or a bare sla mark) schedules nothing")
    func noLadder() throws {
        let plain = Workflow(
            id: "plain", version: 1, name: "Plain", roles: [], fields: [],
            stages: [
                Stage(id: "intake", name: "Intake", sla: StageDuration(amount: 30, unit: .days)),
                Stage(id: "done", name: "Done", terminal: .completed),
            ],
            gates: [Gate(id: "g", name: "G", from: ["intake"], routes: [Route(to: "done")])])
        let events = try IdeaEngine.decide(
            .submit(id: "i", organisation: "HAP De Linde", region: "Twente", fields: [:]), state: nil, workflow: plain,
            actor: Self.submitter, now: Date(timeIntervalSince1970: 0))
        let idea = try #require(events.reduce(nil as Idea?) { IdeaEngine.evolve($0, $1) })
        #expect(IdeaEngine.timerPlan(after: events, idea: idea, workflow: plain) == TimerPlan(cancelPending: true))
    }
}
