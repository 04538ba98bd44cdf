import Foundation
import PipelineCore
import PipelineStore
import PipelineTestSupport
import Testing

/// Timers fired for real: through the `TimerRunner`, the engine and the `CommandHandler`, on
/// every backend, with the clock moved instead of waited for.
extension StoreContractTests {

    /// A handler on the timed workflow (intake: remind 1h, escalate 2h, hold 3h) with a clock at
    /// `StoreFixture.now`, a subscription to every event, and `count` ideas submitted.
    static func timedHandler(_ store: any Store, ideas count: Int) async throws -> (CommandHandler, ManualClock) {
        let clock = ManualClock(now: StoreFixture.now)
        let handler = CommandHandler(store: store, library: TimedWorkflow.library, clock: clock)
        try await store.addSubscription(Subscription(id: "all", url: "https://example.org/all", filter: EventFilter()))
        for index in 0..<count {
            try await handler.submit(
                id: "idea-\(index)", workflowID: "timed", organisation: "HAP De Linde", region: "Twente",
                fields: ["title": Value.text("Idee \(index)")], actor: StoreFixture.submitter("HAP De Linde"),
                now: clock.now())
        }
        return (handler, clock)
    }

    static func types(_ store: any Store, _ ideaID: String) async throws -> [String] {
        try await store.history(of: ideaID).map(\.event.type)
    }

    @Test(
        "a server that was down fires the whole ladder on start, in order, once: events with their webhooks",
        arguments: Backend.available)
    func ladderFiresOnce(backend: Backend) async throws {
        try await backend.withStore { store in
            let (handler, clock) = try await Self.timedHandler(store, ideas: 20)
            let runner = TimerRunner(handler: handler)
            clock.advance(by: 59 * 60)
            #expect(try await runner.fireDue(now: clock.now()) == TimerRunner.Report(), "nothing is due yet")

            // Three hours later every step of every idea is due at once.
            clock.set(StoreFixture.now + 3 * Self.hour)
            let report = try await runner.fireDue(now: clock.now())
            #expect(report.fired == 60 && report.skipped == 0 && report.failed == 0, "\(report)")
            #expect(try await runner.fireDue(now: clock.now()) == TimerRunner.Report(), "each fires once")
            for index in 0..<20 {
                let id = "idea-\(index)"
                #expect(
                    try await Self.types(store, id)
                        == ["idea.submitted", "idea.sla_reminder", "idea.sla_escalated", "idea.auto_held"])
                let idea = try #require(try await store.idea(id))
                #expect(idea.status == .onHold && idea.hold?.bySLA == true && idea.slaMark == .escalated)
                let timers = try await store.timers(ideaID: id)
                #expect(timers.map(\.status) == [.fired, .fired, .fired, .pending])
                #expect(timers.last?.kind == .holdReview)
                #expect(timers.last?.dueAt == StoreFixture.now + 3 * Self.hour + IdeaEngine.slaHoldReview)
                #expect(timers.prefix(3).allSatisfy { $0.firedAt == StoreFixture.now + 3 * Self.hour })
                let history = try await store.history(of: id)
                #expect(history.dropFirst().allSatisfy { $0.event.actor == .system })
            }
            let outbox = try await store.pendingOutbox(limit: 1_000)
            #expect(outbox.filter { $0.eventType == "idea.sla_reminder" }.count == 20)
            #expect(outbox.filter { $0.eventType == "idea.auto_held" }.count == 20)

            // Thirty days on the review date comes; the timed intake stage only resurfaces the idea.
            clock.set(StoreFixture.now + 3 * Self.hour + IdeaEngine.slaHoldReview)
            #expect(try await runner.fireDue(now: clock.now()).fired == 20)
            #expect(try await store.idea("idea-0")?.hold?.reviewDue == true)
            #expect(try await Self.types(store, "idea-0").last == "idea.hold_review_due")
        }
    }

    @Test(
        "conditions: a met one is cancelled, an unmet one is overdue once when its day is over",
        arguments: Backend.available)
    func conditionsFire(backend: Backend) async throws {
        try await backend.withStore { store in
            let (handler, clock) = try await Self.timedHandler(store, ideas: 1)
            let fenna = StoreFixture.facilitator
            let first = CalendarDay.start(ofDayContaining: StoreFixture.now + 86_400 * 3)
            let second = CalendarDay.start(ofDayContaining: StoreFixture.now + 86_400 * 5)
            try await handler.execute(
                .decide(
                    .conditionalGo([.init(text: "DPIA", due: first), .init(text: "Tweede praktijk", due: second)])),
                on: "idea-0", actor: fenna, now: clock.now())
            var timers = try await store.timers(ideaID: "idea-0")
            #expect(timers.filter { $0.status == .pending }.map(\.kind) == [.slaRemind, .conditionDue, .conditionDue])
            try await handler.execute(
                .meetCondition(number: 1, note: "getekend"), on: "idea-0", actor: fenna, now: clock.now())
            timers = try await store.timers(ideaID: "idea-0")
            #expect(timers.first { $0.kind == .conditionDue && $0.subject == "1" }?.status == .cancelled)
            #expect(timers.first { $0.kind == .conditionDue && $0.subject == "2" }?.status == .pending)
            #expect(timers.last { $0.kind == .slaRemind }?.status == .pending, "meeting a condition keeps the ladder")

            let runner = TimerRunner(handler: handler)
            clock.set(CalendarDay.end(of: second) - 1)
            _ = try await runner.fireDue(now: clock.now())
            #expect(
                !(try await Self.types(store, "idea-0").contains("idea.condition_overdue")), "not before its day ends")
            clock.set(CalendarDay.end(of: second))
            _ = try await runner.fireDue(now: clock.now())
            clock.advance(by: 86_400)
            _ = try await runner.fireDue(now: clock.now())
            let overdue = try await store.history(of: "idea-0").filter { $0.event.type == "idea.condition_overdue" }
            #expect(overdue.map(\.event.change) == [.conditionOverdue(number: 2, text: "Tweede praktijk", due: second)])
            #expect(try await store.idea("idea-0")?.conditions.map(\.overdue) == [false, true])
        }
    }

    @Test("four runners on one store fire 300 due timers, each exactly once", arguments: Backend.available)
    func runnersShare(backend: Backend) async throws {
        try await backend.withStore { store in
            let (handler, clock) = try await Self.timedHandler(store, ideas: 100)
            clock.set(StoreFixture.now + 3 * Self.hour)
            let now = clock.now()
            let reports = try await withThrowingTaskGroup(of: TimerRunner.Report.self) { group in
                for _ in 0..<4 {
                    group.addTask {
                        var runner = TimerRunner(handler: handler)
                        runner.batchSize = 20
                        return try await runner.fireDue(now: now)
                    }
                }
                return try await group.reduce(into: [TimerRunner.Report]()) { $0.append($1) }
            }
            #expect(reports.map(\.fired).reduce(0, +) == 300, "\(reports)")
            #expect(reports.map(\.failed).reduce(0, +) == 0)
            for index in 0..<100 {
                #expect(
                    try await Self.types(store, "idea-\(index)")
                        == ["idea.submitted", "idea.sla_reminder", "idea.sla_escalated", "idea.auto_held"])
            }
            #expect(try await store.timers(dueBefore: nil, status: .fired, limit: 10_000).count == 300)
        }
    }
}
