import Foundation
import PipelineStore
import Testing

@testable import PipelineWebhooks

/// The delivery loop's decisions, stepped by hand: no store, no sockets, no sleeping.
@Suite("Delivery state machine")
struct DeliveryStateMachineTests {
    typealias Machine = DeliveryStateMachine<ContinuousClock.Instant>
    let start = ContinuousClock.now

    func at(_ milliseconds: Int) -> ContinuousClock.Instant { start + .milliseconds(milliseconds) }

    func machine(window: Int = 8) -> Machine {
        Machine(
            configuration: .init(
                window: window, batchDelay: .milliseconds(5), pollInterval: .milliseconds(200),
                drainTimeout: .seconds(2), retryDelay: .milliseconds(200)))
    }

    static func result(_ outboxID: Int64) -> DeliveryResult {
        let delivery = Delivery(
            outboxID: outboxID, subscriptionID: "s", url: "http://127.0.0.1/", secret: "whsec_x",
            ideaID: "i\(outboxID)",
            sequence: 1, eventType: "idea.submitted", messageID: "evt_\(outboxID)", body: "{}", attempts: 0,
            failingSince: Date(timeIntervalSince1970: 0))
        let attempt = DeliveryAttempt(
            outboxID: outboxID, at: Date(timeIntervalSince1970: 0), durationMilliseconds: 1, status: 204, response: "",
            error: nil)
        return DeliveryResult(delivery: delivery, attempt: attempt, outcome: .delivered)
    }

    func results(_ ids: ClosedRange<Int64>) -> [DeliveryResult] { ids.map(Self.result) }

    @Test("idle: claims a whole window, and polls when nothing is due")
    func idle() {
        var loop = machine()
        #expect(loop.nextAction(now: at(0)) == .claim(limit: 8))
        loop.claimed(0, requested: 8, at: at(1))
        #expect(loop.nextAction(now: at(1)) == .wait(.milliseconds(200), cancellable: true))
        loop.woke()
        #expect(loop.nextAction(now: at(201)) == .claim(limit: 8))
    }

    @Test("a full window claims nothing more until half of it is answered, and records answers a batch at a time")
    func windowAndBatches() {
        var loop = machine()
        _ = loop.nextAction(now: at(0))
        loop.claimed(8, requested: 8, at: at(0))
        #expect(loop.inFlight == 8)
        // Busy: it looks every batch delay for a partial batch.
        #expect(loop.nextAction(now: at(0)) == .wait(.milliseconds(5), cancellable: true))
        loop.finished(results(1...3), at: at(1))
        loop.woke()
        #expect(loop.nextAction(now: at(2)) == .wait(.milliseconds(5), cancellable: true), "3 < a batch of 4")
        loop.finished(results(4...4), at: at(3))
        #expect(
            loop.nextAction(now: at(3)) == .record(results(1...4), thenClaim: 4),
            "half a window free: the record's transaction claims again")
        loop.recorded(4, succeeded: true, at: at(4))
        loop.claimed(4, requested: 4, at: at(4))
        #expect(loop.inFlight == 8)
        #expect(loop.unrecorded.isEmpty)
        #expect(loop.nextAction(now: at(4)) == .wait(.milliseconds(5), cancellable: true))
    }

    @Test("a record whose transaction failed claimed nothing either: both wait for the retry delay")
    func failedRecordAndClaim() {
        var loop = machine()
        _ = loop.nextAction(now: at(0))
        loop.claimed(4, requested: 8, at: at(0))
        loop.woke()
        loop.finished(results(1...4), at: at(1))
        #expect(loop.nextAction(now: at(1)) == .record(results(1...4), thenClaim: 8))
        loop.recorded(4, succeeded: false, at: at(2))
        loop.claimed(0, requested: 8, failed: true, at: at(2))
        #expect(loop.inFlight == 0)
        #expect(loop.unrecorded.count == 4)
        #expect(loop.nextAction(now: at(100)) == .wait(.milliseconds(102), cancellable: true))
        loop.woke()
        #expect(loop.nextAction(now: at(202)) == .record(results(1...4), thenClaim: 8))
    }

    @Test("a partial batch is recorded after the batch delay, or at once when nothing else is in flight")
    func partialBatches() {
        var loop = machine()
        _ = loop.nextAction(now: at(0))
        loop.claimed(3, requested: 8, at: at(0))
        loop.finished(results(1...1), at: at(10))
        #expect(loop.nextAction(now: at(11)) == .wait(.milliseconds(5), cancellable: true))
        #expect(
            loop.nextAction(now: at(15)) == .record(results(1...1), thenClaim: 0),
            "5 ms after the first answer; the last claim found fewer than it asked for, so no claim")
        loop.recorded(1, succeeded: true, at: at(15))
        loop.finished(results(2...3), at: at(16))
        #expect(loop.nextAction(now: at(16)) == .record(results(2...3), thenClaim: 0), "nothing left in flight")
    }

    @Test("a store failure waits before trying again, and keeps the answers")
    func storeFailures() {
        var loop = machine()
        _ = loop.nextAction(now: at(0))
        loop.claimed(0, requested: 8, failed: true, at: at(0))
        #expect(loop.nextAction(now: at(0)) == .wait(.milliseconds(200), cancellable: true))
        loop.woke()
        #expect(loop.nextAction(now: at(100)) == .wait(.milliseconds(100), cancellable: true))
        #expect(loop.nextAction(now: at(200)) == .claim(limit: 8))
        loop.claimed(2, requested: 8, at: at(200))
        loop.finished(results(1...2), at: at(210))
        #expect(loop.nextAction(now: at(210)) == .record(results(1...2), thenClaim: 0))
        loop.recorded(2, succeeded: false, at: at(210))
        #expect(loop.unrecorded.count == 2)
        #expect(loop.nextAction(now: at(300)) == .wait(.milliseconds(110), cancellable: true))
        #expect(loop.nextAction(now: at(410)) == .record(results(1...2), thenClaim: 0))
    }

    @Test("shutdown drains: no more claims, answers in flight are recorded, then stop")
    func drain() {
        var loop = machine()
        _ = loop.nextAction(now: at(0))
        loop.claimed(2, requested: 8, at: at(0))
        loop.shutdown(at: at(10))
        #expect(loop.nextAction(now: at(10)) == .wait(.milliseconds(20), cancellable: false))
        loop.finished(results(1...1), at: at(20))
        #expect(loop.nextAction(now: at(20)) == .wait(.milliseconds(20), cancellable: false))
        loop.finished(results(2...2), at: at(30))
        #expect(loop.nextAction(now: at(30)) == .record(results(1...2), thenClaim: 0), "draining claims nothing")
        loop.recorded(2, succeeded: true, at: at(31))
        #expect(loop.nextAction(now: at(31)) == .stop)
    }

    @Test("a drain that times out records what came back and leaves the rest to its lease")
    func drainTimeout() {
        var loop = machine()
        _ = loop.nextAction(now: at(0))
        loop.claimed(3, requested: 8, at: at(0))
        loop.finished(results(1...1), at: at(5))
        loop.shutdown(at: at(5))
        #expect(loop.nextAction(now: at(1_000)) == .wait(.milliseconds(20), cancellable: false))
        #expect(loop.nextAction(now: at(2_005)) == .record(results(1...1), thenClaim: 0))
        loop.recorded(1, succeeded: true, at: at(2_006))
        #expect(loop.nextAction(now: at(2_006)) == .stop, "two messages stay out, under their lease")
    }

    @Test("shutdown with nothing in flight stops at once")
    func quietShutdown() {
        var loop = machine()
        loop.shutdown(at: at(0))
        #expect(loop.nextAction(now: at(0)) == .stop)
    }
}
