import Foundation
import PipelineCore
import Testing

/// The engine on time: an idea's timers kept as the store keeps them (plans applied in order),
/// and the clock stepped so that each due timer fires through `decide(.fire)` as the system actor.
@Suite("Timers firing")
struct TimerFiringTests {
    static let day: TimeInterval = 86_400
    static let start = Date(timeIntervalSince1970: 1_790_000_000)

    /// intake (remind 2d, escalate 4d to a programme lead, hold 8d, `on_review` as given) ->
    /// review (gate allows 2 conditions) -> check -> done.
    static func workflow(onReview: Stage.ReviewAction = .notify) -> Workflow {
        Workflow(
            id: "timed", version: 1, name: "Timed",
            roles: [
                .init(id: "programme_lead", name: "Programmaleider"), .init(id: "gatekeeper", name: "Poortwachter"),
            ],
            fields: [],
            stages: [
                Stage(
                    id: "intake", name: "Intake",
                    ladder: SLALadder(
                        remind: StageDuration(amount: 2, unit: .days), escalate: StageDuration(amount: 4, unit: .days),
                        escalateTo: "programme_lead", hold: StageDuration(amount: 8, unit: .days)),
                    onReview: onReview),
                Stage(id: "review", name: "Review", ladder: SLALadder(remind: StageDuration(amount: 1, unit: .days))),
                Stage(id: "check", name: "Check"),
                Stage(id: "done", name: "Done", terminal: .completed),
                Stage(id: "stopped", name: "Stopped", terminal: .stopped),
            ],
            gates: [
                Gate(
                    id: "intake_gate", name: "Intake", from: ["intake"], routes: [Route(to: "review")],
                    approvals: [ApprovalRule(role: "gatekeeper", count: 1)]),
                Gate(
                    id: "review_gate", name: "Review", from: ["review"], routes: [Route(to: "check")],
                    conditionalGo: true, maxConditions: 2),
                Gate(id: "check_gate", name: "Check", from: ["check"], routes: [Route(to: "done")]),
            ])
    }

    static let submitter = Actor(name: "anna", role: "submitter", organisation: "HAP De Linde")
    static let facilitator = Actor(name: "fenna", role: "facilitator")
    static let gatekeeper = Actor(name: "gerrit", role: "gatekeeper")

    /// One idea, its pending timers and a clock; `advance` fires what becomes due, in order.
    struct Clocked {
        let workflow: Workflow
        var idea: Idea?
        var now = TimerFiringTests.start
        var pending: [IdeaTimer] = []
        /// Every event so far, as "type" or "type detail".
        var log: [Event] = []

        init(_ workflow: Workflow = TimerFiringTests.workflow()) throws {
            self.workflow = workflow
            try run(.submit(id: "idea-1", organisation: "HAP De Linde", region: "Twente", fields: [:]), as: submitter)
        }

        @discardableResult
        mutating func run(_ command: Command, as actor: Actor) throws(CommandError) -> [Event] {
            let events = try IdeaEngine.decide(command, state: idea, workflow: workflow, actor: actor, now: now)
            for event in events { idea = IdeaEngine.evolve(idea, event) }
            guard let idea else { return events }
            let plan = IdeaEngine.timerPlan(after: events, idea: idea, workflow: workflow)
            for selector in plan.cancel { pending.removeAll(where: selector.matches) }
            pending += plan.schedule
            log += events
            return events
        }

        /// Moves the clock by `days`, firing every timer that falls due on the way at its due time.
        mutating func advance(days: Double) throws {
            let end = now + days * TimerFiringTests.day
            while let next = pending.filter({ $0.dueAt <= end }).min(by: { $0.dueAt < $1.dueAt }) {
                pending.removeAll { $0 == next }
                now = max(now, next.dueAt)
                try run(.fire(next), as: .system)
            }
            now = end
        }

        var types: [String] { log.map(\.type) }
        var pendingKinds: [String] { pending.sorted { $0.dueAt < $1.dueAt }.map { $0.kind.rawValue } }
    }

    @Test("the ladder of a waiting idea: reminded at 2d, escalated at 4d, held at 8d, reviewed 30 days later")
    func fullLadder() throws {
        var clock = try Clocked()
        try clock.advance(days: 1.9)
        #expect(clock.types == ["idea.submitted"])
        try clock.advance(days: 0.2)
        #expect(clock.types.last == "idea.sla_reminder")
        #expect(
            clock.log.last?.change
                == .slaReminder(stage: "intake", enteredAt: Self.start, waitingFor: ["gatekeeper"]),
            "the gate waits for the gatekeeper's approval")
        #expect(clock.log.last?.actor == .system)
        #expect(clock.idea?.slaMark == .reminded)

        try clock.advance(days: 2)
        #expect(
            clock.log.last?.change
                == .slaEscalated(stage: "intake", enteredAt: Self.start, escalateTo: "programme_lead"))
        #expect(clock.idea?.slaMark == .escalated)

        try clock.advance(days: 4)
        let review = Self.start + 8 * Self.day + IdeaEngine.slaHoldReview
        #expect(clock.log.last?.change == .autoHeld(stage: "intake", reason: "SLA", until: review))
        #expect(clock.idea?.status == .onHold)
        #expect(clock.idea?.hold == Idea.Hold(reason: "SLA", until: review, bySLA: true))
        #expect(clock.pendingKinds == ["hold_review"])

        try clock.advance(days: 30)
        #expect(clock.log.last?.change == .holdReviewDue(until: review, resumes: false))
        #expect(clock.idea?.status == .onHold, "on_review: notify only resurfaces the idea")
        #expect(clock.idea?.hold?.reviewDue == true)
        #expect(clock.pending.isEmpty)
        #expect(
            clock.types == [
                "idea.submitted", "idea.sla_reminder", "idea.sla_escalated", "idea.auto_held", "idea.hold_review_due",
            ])

        try clock.run(.decide(.resume), as: Self.facilitator)
        #expect(clock.idea?.hold == nil)
        #expect(clock.idea?.slaMark == nil)
        #expect(clock.idea?.waitingSince == clock.now)
        #expect(clock.pendingKinds == ["sla_remind", "sla_escalate", "sla_hold"], "the ladder starts again")
        try clock.advance(days: 2)
        #expect(
            clock.log.last?.change
                == .slaReminder(stage: "intake", enteredAt: clock.idea!.waitingSince, waitingFor: ["gatekeeper"]))
    }

    @Test("on_review: resume resumes the idea by itself on its review date and restarts the ladder")
    func reviewResumes() throws {
        var clock = try Clocked(Self.workflow(onReview: .resume))
        try clock.run(.decide(.hold(reason: "subsidie", until: Self.start + 10 * Self.day)), as: Self.facilitator)
        #expect(clock.pendingKinds == ["hold_review"], "a hold replaces the ladder with its review date")
        try clock.advance(days: 10)
        #expect(clock.types.suffix(2) == ["idea.hold_review_due", "idea.resumed"])
        #expect(clock.log.last?.actor == .system)
        #expect(clock.idea?.status == .active)
        #expect(clock.pendingKinds == ["sla_remind", "sla_escalate", "sla_hold"])
    }

    @Test("an idea that moves on in time is never reminded: its ladder was cancelled with the move")
    func movingOnCancels() throws {
        var clock = try Clocked()
        try clock.advance(days: 1)
        try clock.run(.approve(comment: nil), as: Self.gatekeeper)
        try clock.run(.decide(.go), as: Self.facilitator)
        #expect(clock.pendingKinds == ["sla_remind"], "only the review stage's ladder")
        try clock.advance(days: 30)
        #expect(clock.types == ["idea.submitted", "gate.approved", "idea.advanced", "idea.sla_reminder"])
        #expect(
            clock.log.last?.change
                == .slaReminder(stage: "review", enteredAt: Self.start + Self.day, waitingFor: ["facilitator"]),
            "the review gate holds: it waits for a decision")
    }

    @Test("a timer the idea outgrew does nothing; only the system fires timers")
    func staleAndForbidden() throws {
        var clock = try Clocked()
        let remind = try #require(clock.pending.first { $0.kind == .slaRemind })
        #expect(throws: CommandError.forbidden(.timersSystemOnly)) {
            try clock.run(.fire(remind), as: Self.facilitator)
        }
        try clock.run(.approve(comment: nil), as: Self.gatekeeper)
        try clock.run(.decide(.go), as: Self.facilitator)
        #expect(try clock.run(.fire(remind), as: .system).isEmpty, "the idea left intake")
        try clock.run(.decide(.hold(reason: "wacht", until: clock.now + Self.day)), as: Self.facilitator)
        let review = IdeaTimer(ideaID: "idea-1", kind: .holdReview, dueAt: clock.now, subject: "review")
        try clock.run(.decide(.resume), as: Self.facilitator)
        #expect(try clock.run(.fire(review), as: .system).isEmpty, "the idea is no longer on hold")
        let unknown = IdeaTimer(ideaID: "idea-1", kind: .conditionDue, dueAt: clock.now, subject: "7")
        #expect(try clock.run(.fire(unknown), as: .system).isEmpty, "there is no condition 7")
    }

    /// An idea in `review`, whose gate allows conditions.
    static func inReview() throws -> Clocked {
        var clock = try Clocked()
        try clock.run(.approve(comment: nil), as: gatekeeper)
        try clock.run(.decide(.go), as: facilitator)
        return clock
    }

    static func terms(_ text: String, dueIn days: Double) -> IdeaCondition.Terms {
        // Due on a day: the start of the day `days` from the start, UTC.
        let day = CalendarDay.start(ofDayContaining: start + days * TimerFiringTests.day)
        return IdeaCondition.Terms(text: text, due: day)
    }

    @Test("a conditional go: conditions block the next gate until met; one met before its day, one after")
    func conditionalGo() throws {
        var clock = try Self.inReview()
        let events = try clock.run(
            .decide(
                .conditionalGo([Self.terms("DPIA afgerond", dueIn: 10), Self.terms("Tweede praktijk", dueIn: 20)])),
            as: Self.facilitator)
        #expect(events.map(\.type) == ["idea.advanced", "idea.conditions_set"])
        #expect(clock.idea?.stage == "check")
        #expect(clock.idea?.openConditions(of: "check_gate").map(\.number) == [1, 2])
        let condition = try #require(clock.pending.first { $0.kind == .conditionDue && $0.subject == "1" })
        #expect(condition.dueAt == CalendarDay.end(of: Self.terms("", dueIn: 10).due), "overdue when its day is over")

        let gate = try #require(clock.workflow.gate("check_gate"))
        let evaluation = GateEvaluation.evaluate(gate, idea: try #require(clock.idea))
        #expect(!evaluation.holds)
        #expect(evaluation.failures.map(\.kind) == [.condition, .condition])
        #expect(evaluation.failures.first?.explanation.hasPrefix("condition 1: DPIA afgerond (due ") == true)
        #expect(throws: CommandError.self) { try clock.run(.decide(.go), as: Self.facilitator) }

        // Condition 1 is met in time: its due date is cancelled, nothing fires for it.
        try clock.advance(days: 5)
        try clock.run(.meetCondition(number: 1, note: "DPIA getekend"), as: Self.facilitator)
        #expect(clock.idea?.conditions.first?.metBy == "fenna")
        #expect(!clock.pending.contains { $0.kind == .conditionDue && $0.subject == "1" })

        // Condition 2 is not: it is overdue when its day is over, and the facilitators hear of it.
        try clock.advance(days: 20)
        let overdue = clock.log.filter { $0.type == "idea.condition_overdue" }
        #expect(overdue.count == 1)
        #expect(
            overdue.first?.change
                == .conditionOverdue(number: 2, text: "Tweede praktijk", due: Self.terms("", dueIn: 20).due))
        #expect(clock.idea?.conditions.last?.overdue == true)

        // Met late, the gate holds and the go goes on.
        try clock.run(.meetCondition(number: 2, note: nil), as: Self.facilitator)
        #expect(GateEvaluation.evaluate(gate, idea: try #require(clock.idea)).holds)
        try clock.run(.decide(.go), as: Self.facilitator)
        #expect(clock.idea?.status == .completed)
        #expect(clock.idea?.conditions.isEmpty == true, "conditions belong to the gate they were for")
    }

    @Test("conditional go refusals: gate without conditions, too many, past due, empty text; meet refusals")
    func conditionRefusals() throws {
        var intake = try Clocked()
        try intake.run(.approve(comment: nil), as: Self.gatekeeper)
        #expect(
            throws: CommandError.notAllowedNow(.conditionalGoNotAllowed(gate: "intake_gate"))
        ) {
            try intake.run(.decide(.conditionalGo([Self.terms("x", dueIn: 5)])), as: Self.facilitator)
        }
        var clock = try Self.inReview()
        let three = (1...3).map { Self.terms("voorwaarde \($0)", dueIn: 5) }
        #expect(throws: CommandError.invalidInput(.tooManyConditions(gate: "review_gate", max: 2))) {
            try clock.run(.decide(.conditionalGo(three)), as: Self.facilitator)
        }
        #expect(throws: CommandError.self) {
            try clock.run(.decide(.conditionalGo([Self.terms("te laat", dueIn: -3)])), as: Self.facilitator)
        }
        #expect(throws: CommandError.invalidInput(.textRequired(.condition))) {
            try clock.run(.decide(.conditionalGo([Self.terms("  ", dueIn: 3)])), as: Self.facilitator)
        }
        #expect(throws: CommandError.invalidInput(.conditionsMissing)) {
            try clock.run(.decide(.conditionalGo([])), as: Self.facilitator)
        }
        #expect(throws: CommandError.forbidden(.decideNotFacilitator)) {
            try clock.run(.decide(.conditionalGo([Self.terms("x", dueIn: 3)])), as: Self.gatekeeper)
        }
        #expect(clock.idea?.stage == "review", "nothing happened")
        #expect(throws: CommandError.invalidInput(.noConditions(idea: "idea-1"))) {
            try clock.run(.meetCondition(number: 1, note: nil), as: Self.facilitator)
        }
        try clock.run(.decide(.conditionalGo([Self.terms("x", dueIn: 3)])), as: Self.facilitator)
        #expect(throws: CommandError.forbidden(.decideNotFacilitator)) {
            try clock.run(.meetCondition(number: 1, note: nil), as: Self.submitter)
        }
        #expect(throws: CommandError.invalidInput(.noSuchCondition(idea: "idea-1", number: 2, numbers: [1]))) {
            try clock.run(.meetCondition(number: 2, note: nil), as: Self.facilitator)
        }
        try clock.run(.meetCondition(number: 1, note: nil), as: Self.facilitator)
        #expect(throws: CommandError.notAllowedNow(.conditionAlreadyMet(number: 1, person: "fenna"))) {
            try clock.run(.meetCondition(number: 1, note: nil), as: Self.facilitator)
        }
    }

    @Test("conditions keep their due dates through a hold; a recycle drops them")
    func conditionsThroughHoldAndRecycle() throws {
        var clock = try Self.inReview()
        try clock.run(.decide(.conditionalGo([Self.terms("DPIA", dueIn: 10)])), as: Self.facilitator)
        try clock.run(.decide(.hold(reason: "zomer", until: clock.now + 5 * Self.day)), as: Self.facilitator)
        #expect(clock.pendingKinds == ["hold_review", "condition_due"])
        try clock.advance(days: 12)
        #expect(clock.types.contains("idea.condition_overdue"), "overdue while on hold too")
        try clock.run(.decide(.resume), as: Self.facilitator)
        try clock.run(.decide(.recycle(to: "intake", reason: "opnieuw")), as: Self.facilitator)
        #expect(clock.idea?.conditions.isEmpty == true)
        #expect(clock.pendingKinds == ["sla_remind", "sla_escalate", "sla_hold"])
    }
}
