import Foundation
import PipelineCore
import PipelineStore
import Testing

/// Timers written with their commands, claimed when due, fired once: the same on every backend.
extension StoreContractTests {
    /// A timer of `ideaID` due `seconds` after `StoreFixture.now`.
    static func timer(
        _ ideaID: String, _ kind: IdeaTimer.Kind = .slaRemind, in seconds: TimeInterval, subject: String = "proposal"
    ) -> IdeaTimer {
        IdeaTimer(ideaID: ideaID, kind: kind, dueAt: StoreFixture.now + seconds, subject: subject)
    }

    /// Commits a comment on the idea as stored (or on `expectedVersion`), with a timer plan and
    /// the timer it is the effect of, as the engine and the timer service will.
    @discardableResult
    static func comment(
        _ store: any Store, on ideaID: String, _ text: String = "", at time: Date = StoreFixture.now,
        timers: TimerPlan = .none, firing firedTimer: Int64? = nil, expectedVersion: Int? = nil
    ) async throws -> Idea {
        let idea = try #require(try await store.idea(ideaID))
        let event = Event(ideaID: ideaID, actor: StoreFixture.facilitator, at: time, change: .commented(text: text))
        let next = try #require(IdeaEngine.evolve(idea, event))
        try await store.commit(
            CommandCommit(
                ideaID: ideaID, expectedVersion: expectedVersion ?? idea.version, events: [event], idea: next,
                timers: timers, firedTimer: firedTimer))
        return next
    }

    /// Submits an idea straight to the store with a timer plan, as the handler does.
    static func submit(_ store: any Store, id: String, timers: TimerPlan) async throws {
        let workflow = try #require(StoreFixture.library.latest("primary-care-innovation"))
        let command = Command.submit(
            id: id, organisation: "HAP De Linde", region: "Twente", fields: StoreFixture.fields)
        let events = try IdeaEngine.decide(
            command, state: nil, workflow: workflow, actor: StoreFixture.submitter("HAP De Linde"),
            now: StoreFixture.now)
        let idea = try #require(events.reduce(Idea?.none) { IdeaEngine.evolve($0, $1) })
        try await store.commit(
            CommandCommit(ideaID: id, expectedVersion: 0, events: events, idea: idea, timers: timers))
    }

    /// `ideas` ideas with `perIdea` timers each, due 1, 2, 3 ... seconds after `StoreFixture.now`.
    static func scheduleTimers(_ store: any Store, ideas: Int, perIdea: Int) async throws {
        let handler = CommandHandler(store: store, library: StoreFixture.library)
        for index in 0..<ideas {
            let id = "idea-\(index)"
            try await StoreFixture.submit(handler, id: id)
            let plan = TimerPlan(schedule: (1...perIdea).map { timer(id, in: Double($0), subject: "step \($0)") })
            try await comment(store, on: id, "planned", timers: plan)
        }
    }

    /// A summary that leaves the ids out: what a test can know before the store numbers them.
    static func summary(_ timers: [TimerRecord]) -> [String] {
        func offset(_ time: Date) -> String { "+\(time.timeIntervalSince(StoreFixture.now))" }
        return timers.map { timer in
            var line = "\(timer.ideaID) \(timer.kind.rawValue) \(timer.subject) \(offset(timer.dueAt))"
            line += " \(timer.status.rawValue)"
            if let firedAt = timer.firedAt { line += " fired \(offset(firedAt))" }
            if let cancelledAt = timer.cancelledAt { line += " cancelled \(offset(cancelledAt))" }
            return line
        }
    }

    @Test(
        "timers are written with the events of their command, every kind; a conflicting commit writes none",
        arguments: Backend.available)
    func timersWithTheirCommand(backend: Backend) async throws {
        try await backend.withStore { store in
            let handler = CommandHandler(store: store, library: StoreFixture.library)
            try await StoreFixture.submit(handler, id: "idea-1")
            #expect(try await store.timers(ideaID: "idea-1").isEmpty)
            let plan = TimerPlan(
                schedule: IdeaTimer.Kind.allCases.enumerated().map { offset, kind in
                    Self.timer("idea-1", kind, in: Double(3600 * (5 - offset)), subject: kind.rawValue)
                })
            try await Self.comment(store, on: "idea-1", "met timers", at: StoreFixture.now + 30, timers: plan)
            let stored = try await store.timers(ideaID: "idea-1")
            #expect(
                Self.summary(stored) == [
                    "idea-1 condition_due condition_due +3600.0 pending",
                    "idea-1 hold_review hold_review +7200.0 pending",
                    "idea-1 sla_hold sla_hold +10800.0 pending",
                    "idea-1 sla_escalate sla_escalate +14400.0 pending",
                    "idea-1 sla_remind sla_remind +18000.0 pending",
                ], "by due time")
            #expect(stored.allSatisfy { $0.createdAt == StoreFixture.now + 30 }, "stamped with the command's time")
            #expect(stored.allSatisfy { $0.leaseUntil == nil && $0.firedAt == nil && $0.cancelledAt == nil })
            #expect(Set(stored.map(\.timer)) == Set(plan.schedule))
            #expect(try await store.history(of: "idea-1").count == 2)

            // Decided on version 1 while the idea is at 2: no event, no timer, no cancellation.
            await #expect(throws: StoreError.conflict(idea: "idea-1", expected: 1, actual: 2)) {
                try await Self.comment(
                    store, on: "idea-1", "te laat",
                    timers: TimerPlan(cancelPending: true, schedule: [Self.timer("idea-1", in: 60)]),
                    expectedVersion: 1)
            }
            #expect(try await store.timers(ideaID: "idea-1") == stored)
            #expect(try await store.history(of: "idea-1").count == 2)
            #expect(try await store.idea("idea-1")?.version == 2)

            // A new idea's timers come with its submission; a second submission writes none.
            let restart = TimerPlan(cancelPending: true, schedule: [Self.timer("idea-2", in: 60)])
            try await Self.submit(store, id: "idea-2", timers: restart)
            let planned = try await store.timers(ideaID: "idea-2")
            #expect(Self.summary(planned) == ["idea-2 sla_remind proposal +60.0 pending"])
            #expect(planned.first?.createdAt == StoreFixture.now)
            await #expect(throws: StoreError.conflict(idea: "idea-2", expected: 0, actual: 1)) {
                try await Self.submit(store, id: "idea-2", timers: restart)
            }
            #expect(try await store.timers(ideaID: "idea-2") == planned)
        }
    }

    @Test("cancelPending cancels the idea's pending timers and only those", arguments: Backend.available)
    func cancelPending(backend: Backend) async throws {
        try await backend.withStore { store in
            let handler = CommandHandler(store: store, library: StoreFixture.library)
            try await StoreFixture.submit(handler, id: "idea-1")
            try await StoreFixture.submit(handler, id: "idea-2")
            try await Self.comment(
                store, on: "idea-1",
                timers: TimerPlan(schedule: [Self.timer("idea-1", in: 60), Self.timer("idea-1", .slaHold, in: 3600)]))
            try await Self.comment(
                store, on: "idea-2",
                timers: TimerPlan(schedule: [Self.timer("idea-2", in: 60), Self.timer("idea-2", .slaHold, in: 3600)]))

            // idea-1's first timer fires; later the idea moves on, which cancels what is still pending.
            let now = StoreFixture.now + 60
            let due = try await store.claimDueTimers(now: now, limit: 10, leaseUntil: now + 30)
            #expect(
                Self.summary(due) == [
                    "idea-1 sla_remind proposal +60.0 pending", "idea-2 sla_remind proposal +60.0 pending",
                ])
            try await Self.comment(store, on: "idea-1", "herinnering", at: now, firing: due[0].id)
            try await Self.comment(
                store, on: "idea-1", "door naar de volgende fase", at: now + 120,
                timers: TimerPlan(cancelPending: true, schedule: [Self.timer("idea-1", .holdReview, in: 86_400)]))
            #expect(
                Self.summary(try await store.timers(ideaID: "idea-1")) == [
                    "idea-1 sla_remind proposal +60.0 fired fired +60.0",
                    "idea-1 sla_hold proposal +3600.0 cancelled cancelled +180.0",
                    "idea-1 hold_review proposal +86400.0 pending",
                ])
            // idea-2's timers are untouched, its claim too.
            let other = try await store.timers(ideaID: "idea-2")
            #expect(
                Self.summary(other) == [
                    "idea-2 sla_remind proposal +60.0 pending", "idea-2 sla_hold proposal +3600.0 pending",
                ])
            #expect(other[0].leaseUntil == now + 30)
            #expect(other[0].leaseToken == due[1].leaseToken)

            // A command fired by a timer that also moves the idea on: the timer fires, the rest is cancelled.
            try await Self.comment(
                store, on: "idea-2", "op hold", at: now + 5, timers: TimerPlan(cancelPending: true), firing: due[1].id)
            #expect(
                Self.summary(try await store.timers(ideaID: "idea-2")) == [
                    "idea-2 sla_remind proposal +60.0 fired fired +65.0",
                    "idea-2 sla_hold proposal +3600.0 cancelled cancelled +65.0",
                ])
            #expect(try await store.timers(ideaID: "idea-2").allSatisfy { $0.leaseUntil == nil })
        }
    }

    @Test(
        "claims take due timers only, each once while leased, again after the lease; a fired timer never",
        arguments: Backend.available)
    func timerClaims(backend: Backend) async throws {
        try await backend.withStore { store in
            let handler = CommandHandler(store: store, library: StoreFixture.library)
            try await StoreFixture.submit(handler, id: "idea-1")
            try await Self.comment(
                store, on: "idea-1",
                timers: TimerPlan(schedule: [
                    Self.timer("idea-1", .slaEscalate, in: 20), Self.timer("idea-1", in: 10),
                    Self.timer("idea-1", .conditionDue, in: 1000, subject: "1"),
                ]))
            let now = StoreFixture.now + 30
            #expect(try await store.claimDueTimers(now: StoreFixture.now + 9, limit: 10, leaseUntil: now).isEmpty)
            let first = try await store.claimDueTimers(now: now, limit: 10, leaseUntil: now + 60)
            #expect(first.map(\.kind) == [.slaRemind, .slaEscalate], "the due ones, earliest first")
            #expect(first.allSatisfy { $0.leaseUntil == now + 60 && $0.leaseToken > 0 && $0.status == .pending })
            #expect(try await store.claimDueTimers(now: now + 59, limit: 10, leaseUntil: now + 120).isEmpty)
            #expect(
                try await store.claimDueTimers(now: now + 60, limit: 10, leaseUntil: now + 120).isEmpty,
                "held until its end")

            // The lease is over: claimed again, one at a time with limit 1, each under a new token.
            let later = now + 61
            let again = try await store.claimDueTimers(now: later, limit: 1, leaseUntil: later + 60)
            #expect(again.map(\.id) == [first[0].id])
            #expect(again[0].leaseToken > first[0].leaseToken)
            #expect(
                try await store.claimDueTimers(now: later, limit: 10, leaseUntil: later + 60).map(\.id) == [first[1].id]
            )

            // Given back early by its holder only: then it is due at once.
            #expect(try await !store.releaseTimer(id: again[0].id, leaseToken: first[0].leaseToken), "a stale claim")
            #expect(try await store.releaseTimer(id: again[0].id, leaseToken: again[0].leaseToken))
            #expect(try await !store.releaseTimer(id: again[0].id, leaseToken: again[0].leaseToken), "given back once")
            let released = try await store.claimDueTimers(now: later, limit: 10, leaseUntil: later + 60)
            #expect(released.map(\.id) == [first[0].id])

            // Fired: never claimed again, not even once every lease is long over.
            try await Self.comment(store, on: "idea-1", "herinnerd", at: later, firing: released[0].id)
            #expect(try await !store.releaseTimer(id: released[0].id, leaseToken: released[0].leaseToken))
            let end = StoreFixture.now + 10_000
            let rest = try await store.claimDueTimers(now: end, limit: 10, leaseUntil: end + 60)
            #expect(rest.map(\.kind) == [.slaEscalate, .conditionDue])
            #expect(try await store.claimDueTimers(now: end + 3600, limit: 0, leaseUntil: end + 7200).isEmpty)

            // The list: by status, by due time, limited.
            let fired = try await store.timers(dueBefore: nil, status: .fired, limit: 100)
            #expect(fired.map(\.id) == [first[0].id])
            #expect(fired.first?.firedAt == later)
            #expect(fired.first?.leaseUntil == nil)
            let pendingSoon = try await store.timers(dueBefore: StoreFixture.now + 1000, status: .pending, limit: 100)
            #expect(pendingSoon.map(\.id) == [first[1].id], "due strictly before")
            #expect(
                try await store.timers(dueBefore: nil, status: nil, limit: 2).map(\.kind) == [.slaRemind, .slaEscalate])
            #expect(try await store.timers(dueBefore: nil, status: .cancelled, limit: 100).isEmpty)
        }
    }

    @Test(
        "a commit firing a timer that fired, was cancelled or is another idea's fails and writes nothing",
        arguments: Backend.available)
    func timerNotPending(backend: Backend) async throws {
        try await backend.withStore { store in
            let handler = CommandHandler(store: store, library: StoreFixture.library)
            try await store.addSubscription(
                Subscription(id: "all", url: "https://example.org/all", filter: EventFilter()))
            for idea in ["idea-1", "idea-2"] {
                try await StoreFixture.submit(handler, id: idea)
                try await Self.comment(
                    store, on: idea,
                    timers: TimerPlan(schedule: [Self.timer(idea, in: 10), Self.timer(idea, .slaHold, in: 20)]))
            }
            let planned = try await store.timers(ideaID: "idea-1")
            let (fired, cancelled) = (planned[0].id, planned[1].id)
            let otherIdeas = try #require(try await store.timers(ideaID: "idea-2").first?.id)
            try await Self.comment(store, on: "idea-1", "herinnering", firing: fired)
            try await Self.comment(store, on: "idea-1", "verder", timers: TimerPlan(cancelPending: true))

            let before = (
                history: try await store.history(of: "idea-1"), timers: try await store.timers(ideaID: "idea-1"),
                outbox: try await store.pendingOutbox(limit: 100)
            )
            for timer in [fired, cancelled, otherIdeas, 999_999] {
                await #expect(throws: StoreError.timerNotPending(timer)) {
                    try await Self.comment(
                        store, on: "idea-1", "nog eens",
                        timers: TimerPlan(cancelPending: true, schedule: [Self.timer("idea-1", in: 60)]), firing: timer)
                }
            }
            #expect(try await store.history(of: "idea-1") == before.history)
            #expect(try await store.idea("idea-1")?.version == before.history.count)
            #expect(try await store.timers(ideaID: "idea-1") == before.timers)
            #expect(try await store.pendingOutbox(limit: 100) == before.outbox)
            #expect(try await store.timers(ideaID: "idea-2").map(\.status) == [.pending, .pending])
            #expect(
                StoreError.timerNotPending(7).description
                    == "timer 7 is no longer pending for this idea (it fired or was cancelled): nothing was written")
        }
    }

    @Test(
        "fire each once: concurrent firers claiming 1,000 due timers commit exactly 1,000 events",
        arguments: Backend.available, [TimeInterval(600), -1])
    func fireEachOnce(backend: Backend, lease: TimeInterval) async throws {
        // A lease of -1 s is over as soon as it is taken: every firer may claim every timer, and
        // only the commit's check keeps each from firing twice.
        try await backend.withStore { store in
            try await Self.scheduleTimers(store, ideas: 100, perIdea: 10)
            let all = try await store.timers(dueBefore: nil, status: .pending, limit: 10_000)
            #expect(all.count == 1000)
            let now = StoreFixture.now + 60
            let firings = try await withThrowingTaskGroup(of: [Int64].self) { group in
                for _ in 0..<4 {
                    group.addTask { try await Self.fireDueTimers(store, now: now, leaseUntil: now + lease) }
                }
                return try await group.reduce(into: [Int64]()) { $0 += $1 }
            }
            #expect(firings.count == 1000)
            #expect(Set(firings) == Set(all.map(\.id)))

            var events: [Int64] = []
            for index in 0..<100 {
                let history = try await store.history(of: "idea-\(index)")
                for stored in history.dropFirst(2) {
                    guard case .commented(let text) = stored.event.change, let id = Int64(text.dropFirst(6)) else {
                        Issue.record("unexpected event \(stored.event.type) of idea-\(index)")
                        continue
                    }
                    events.append(id)
                }
            }
            #expect(events.count == 1000, "one event per timer")
            #expect(Set(events) == Set(all.map(\.id)))
            let fired = try await store.timers(dueBefore: nil, status: .fired, limit: 10_000)
            #expect(fired.count == 1000)
            #expect(fired.allSatisfy { $0.firedAt == now && $0.leaseUntil == nil })
            #expect(try await store.timers(dueBefore: nil, status: .pending, limit: 10_000).isEmpty)
        }
    }

    /// A timer service, reduced to its store calls: claims due timers until none is left and
    /// fires each with a comment "fired N", deciding again when its idea changed meanwhile. The
    /// timers this one fired.
    private static func fireDueTimers(_ store: any Store, now: Date, leaseUntil: Date) async throws -> [Int64] {
        var fired: [Int64] = []
        while true {
            let claimed = try await store.claimDueTimers(now: now, limit: 25, leaseUntil: leaseUntil)
            if claimed.isEmpty { return fired }
            for timer in claimed {
                firing: while true {
                    do {
                        try await comment(store, on: timer.ideaID, "fired \(timer.id)", at: now, firing: timer.id)
                        fired.append(timer.id)
                        break firing
                    } catch StoreError.conflict {
                        continue firing
                    } catch StoreError.timerNotPending {
                        break firing
                    }
                }
            }
        }
    }
}
