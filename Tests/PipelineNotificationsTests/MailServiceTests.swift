import Foundation
import Logging
import PipelineMail
import PipelineNotifications
import PipelineStore
import PipelineTestSupport
import ServiceLifecycle
import Testing

/// The service around `MailDelivery`, in a real `ServiceGroup`: woken by commits, and what it
/// does with mail in flight when the server stops.
@Suite("MailService")
struct MailServiceTests {
    /// Waits until every notification of `person` is claimed (the sink holds their messages).
    static func waitUntilSending(_ world: MailDeliveryTests.World, _ person: String) async throws {
        let deadline = ContinuousClock.now + .seconds(60)
        while ContinuousClock.now < deadline {
            let statuses = try await world.notifications(person).map(\.mailStatus)
            if !statuses.isEmpty, statuses.allSatisfy({ $0 == .sending }) { return }
            try await Task.sleep(for: .milliseconds(20))
        }
        Issue.record("the mail of \(person) was never claimed")
    }

    @Test("woken by a commit it sends at once; on graceful shutdown the messages in flight finish and are recorded")
    func drains() async throws {
        try await MailDeliveryTests.withWorld(.sqlite) { world in
            try await world.submit("idea-1", title: "Digitale triage")
            // An hour between rounds: only `wake()` makes it look.
            let service = MailService(delivery: world.delivery, interval: .seconds(3_600), drainTimeout: .seconds(60))
            let group = ServiceGroup(
                configuration: .init(services: [service], logger: Logger(label: "test.mail")))
            let running = Task { try await group.run() }
            try await Task.sleep(for: .milliseconds(100))  // the first round finds nothing and sleeps
            try world.sink.hold()
            try await world.comment("idea-1", "Eén")
            service.wake()
            try await Self.waitUntilSending(world, "per-tom")
            await group.triggerGracefulShutdown()
            world.sink.release()
            try await running.value
            #expect(world.sink.count == 2)
            for person in ["per-anna", "per-tom"] {
                let notification = try #require(try await world.notifications(person).first)
                #expect(notification.mailStatus == .sent)
                #expect(try await world.store.mailAttempts(notificationID: notification.id).map(\.outcome) == ["sent"])
            }
        }
    }

    @Test("after the drain time it stops waiting: unanswered mail keeps its claim, and the next server sends it")
    func abandons() async throws {
        try await MailDeliveryTests.withWorld(.sqlite) { world in
            try await world.submit("idea-1", title: "Digitale triage")
            let service = MailService(
                delivery: world.delivery, interval: .seconds(3_600), drainTimeout: .milliseconds(200))
            let group = ServiceGroup(configuration: .init(services: [service], logger: Logger(label: "test.mail")))
            let running = Task { try await group.run() }
            try world.sink.hold()
            defer { world.sink.release() }
            try await world.comment("idea-1", "Eén")
            service.wake()
            try await Self.waitUntilSending(world, "per-tom")
            // The sink holds the answers (for up to the 30-second time limit): the service stops anyway.
            await group.triggerGracefulShutdown()
            try await running.value
            let tom = try #require(try await world.notifications("per-tom").first)
            #expect(tom.mailStatus == .sending, "still claimed")
            #expect(try await world.store.mailAttempts(notificationID: tom.id).isEmpty, "nothing recorded")

            // When the lease has ended, the next server sends them (the sink may have kept the held
            // ones too once released: at least once, never lost).
            world.sink.release()
            world.clock.advance(by: world.delivery.configuration.lease + 1)
            let smtp = try SMTPConfiguration(url: world.sink.url, from: MailFixture.from)
            let next = MailDelivery(
                store: world.store, sender: SMTPSender(configuration: smtp), composer: MailFixture.composer,
                clock: world.clock)
            #expect(try await next.deliverDue().sent == 2)
            let ids = Set(try world.sink.received().compactMap { $0.header("X-Pipeline-Notification") })
            let expected =
                try await world.notifications("per-anna").map(\.id) + world.notifications("per-tom").map(\.id)
            #expect(ids == Set(expected))
            #expect(try await world.notifications("per-tom").first?.mailStatus == .sent)
        }
    }
}
