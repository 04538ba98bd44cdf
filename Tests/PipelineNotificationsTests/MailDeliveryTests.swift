import Foundation
import PipelineCore
import PipelineMail
import PipelineNotifications
import PipelineStore
import PipelineTestSupport
import Testing

/// Commands through the `CommandHandler` for people of the register, then `MailDelivery` rounds
/// against `scripts/smtp-sink.py` on 127.0.0.1: what arrives, and what the store records.
@Suite("MailDelivery over real SMTP and a real store")
struct MailDeliveryTests {
    static let start = MailFixture.time("2027-01-15T10:00:00Z")
    static let facilitator = Actor(name: "Facilitator", role: "facilitator")

    /// Everything a test needs: the store with the register, a handler and clock, the sink and
    /// the delivery that sends to it.
    struct World {
        let store: any Store
        let handler: CommandHandler
        let clock: ManualClock
        let sink: SMTPSink
        let delivery: MailDelivery

        /// Submits an idea. Tom, who serves Twente, holds every idea from its intake and is told
        /// so; these tests are about what follows, so that notice is not mailed (he has mail off
        /// for the moment) and ``notifications(_:)`` leaves it out.
        func submit(_ id: String, organisation: String = "HAP De Linde", title: String) async throws {
            var tom = try await store.person(id: "per-tom")
            let notify = tom?.notify
            tom?.notify = .off
            if let tom { _ = try await store.updatePerson(tom) }
            try await handler.submit(
                id: id, workflowID: "timed", organisation: organisation, region: "Twente",
                fields: ["title": .text(title)],
                actor: Actor(name: "Indiener \(organisation)", role: "submitter", organisation: organisation),
                now: clock.now())
            if var tom, let notify {
                tom.notify = notify
                _ = try await store.updatePerson(tom)
            }
        }

        func comment(_ idea: String, _ text: String) async throws {
            try await handler.execute(.comment(text), on: idea, actor: MailDeliveryTests.facilitator, now: clock.now())
        }

        /// The person's notifications, oldest first.
        func notifications(_ person: String) async throws -> [NotificationRecord] {
            try await store.notifications(personID: person, unreadOnly: false, before: nil, limit: 100).reversed()
                .filter { $0.content.topic != .ownerAssigned }
        }

        /// What arrived, by recipient.
        func received() throws -> [String: [ReceivedMail]] {
            Dictionary(grouping: try sink.received()) { $0.record.rcpt_tos.joined(separator: ",") }
        }
    }

    /// HAP De Linde (Twente) with Anna (mail at once) and Bram (daily digest); HAP De Eik (Twente)
    /// with Eva; Tom facilitates Twente, Fenna Friesland.
    static func register(_ store: any Store) async throws {
        for (id, name) in [("org-linde", "HAP De Linde"), ("org-eik", "HAP De Eik")] {
            try await store.addOrganisation(
                OrganisationRecord(id: id, name: name, type: .huisartsenpost, region: "Twente", createdAt: start))
        }
        let people = [
            PersonRecord(
                id: "per-anna", name: "Anna Jansen", email: "anna@delinde.nl", roles: ["submitter"],
                organisationID: "org-linde", regions: [], createdAt: start),
            PersonRecord(
                id: "per-bram", name: "Bram de Boer", email: "bram@delinde.nl", roles: ["submitter"],
                organisationID: "org-linde", regions: [], notify: .daily, createdAt: start),
            PersonRecord(
                id: "per-eva", name: "Eva Smit", email: "eva@deeik.nl", roles: ["submitter"], organisationID: "org-eik",
                regions: [], createdAt: start),
            PersonRecord(
                id: "per-tom", name: "Tom Visser", email: "tom@ros.nl", roles: ["facilitator"], organisationID: nil,
                regions: ["Twente"], createdAt: start),
            PersonRecord(
                id: "per-fenna", name: "Fenna Bakker", email: "fenna@ros.nl", roles: ["facilitator"],
                organisationID: nil, regions: ["Friesland"], createdAt: start),
        ]
        for person in people { try await store.addPerson(person) }
    }

    static func withWorld(
        _ backend: MailBackend, retry: MailRetryPolicy = .standard, _ body: (World) async throws -> Void
    ) async throws {
        let sink = try SMTPSink()
        defer { sink.stop() }
        try await backend.withStore { store in
            try await register(store)
            let clock = ManualClock(now: start)
            let handler = CommandHandler(store: store, library: TimedWorkflow.library, clock: clock)
            var configuration = MailDelivery.Configuration()
            configuration.retry = retry
            // Generous limits: they only end a test that would hang. The sink holds answers in some
            // tests, and under a full `make test` on two cores a short sleep once took over 30 s.
            let smtp = try SMTPConfiguration(
                url: sink.url, from: MailFixture.from, connectTimeout: .seconds(60), timeout: .seconds(600))
            let delivery = MailDelivery(
                store: store, sender: SMTPSender(configuration: smtp), composer: MailFixture.composer,
                configuration: configuration, clock: clock, random: { 0.5 })
            try await body(World(store: store, handler: handler, clock: clock, sink: sink, delivery: delivery))
        }
    }

    @Test(
        "one message per notification to the people told, in Dutch, both parts, the idea's link; the digest at its hour",
        arguments: MailBackend.available)
    func delivered(backend: MailBackend) async throws {
        try await Self.withWorld(backend) { world in
            try await world.submit("idea-linde", title: "Digitale triage")
            try await world.submit("idea-linde-2", title: "Samen roosteren")
            try await world.submit("idea-eik", organisation: "HAP De Eik", title: "Avondspreekuur")
            try await world.handler.execute(
                .decide(.go), on: "idea-linde", actor: Self.facilitator, now: world.clock.now())
            try await world.comment("idea-linde-2", "Wij starten in maart.")
            try await world.comment("idea-eik", "Goed plan.")

            let report = try await world.delivery.deliverDue()
            #expect(report.claimed == 6 && report.messages == 6 && report.sent == 6, "\(report)")
            #expect(try await world.delivery.deliverDue() == MailDelivery.Report(), "nothing more is due")
            let mails = try world.received()
            #expect(mails.mapValues(\.count) == ["anna@delinde.nl": 2, "tom@ros.nl": 3, "eva@deeik.nl": 1])
            // Nobody hears of an idea they may not see: De Eik's idea goes to De Eik and the
            // facilitator, De Linde's to De Linde and the facilitator.
            #expect(Set(mails["eva@deeik.nl", default: []].map { $0.header("X-Pipeline-Idea") }) == ["idea-eik"])
            #expect(
                Set(mails["anna@delinde.nl", default: []].map { $0.header("X-Pipeline-Idea") })
                    == ["idea-linde", "idea-linde-2"])

            let go = try #require(
                mails["anna@delinde.nl"]?.first { $0.header("X-Pipeline-Idea") == "idea-linde" })
            #expect(go.header("Subject") == "Besluit: ‘Digitale triage’ gaat door naar Beoordeling")
            #expect(go.header("From") == "Innovatiepijplijn <pipeline@example.org>")
            #expect(go.header("To") == "Anna Jansen <anna@delinde.nl>")
            #expect(go.record.content_type == "multipart/alternative")
            #expect(go.record.parts.map(\.content_type) == ["text/plain", "text/html"])
            #expect(go.record.defects == [])
            let text = try #require(go.text("text/plain"))
            #expect(text.hasPrefix("Beste Anna Jansen,\n\nBesluit: ‘Digitale triage’ gaat door naar Beoordeling\n\n"))
            #expect(text.contains("Facilitator besloot: door naar Beoordeling."))
            #expect(text.contains("Bekijk het idee: https://pipeline.example.org/ideas/idea-linde\n"))
            let html = try #require(go.text("text/html"))
            #expect(html.contains("href=\"https://pipeline.example.org/ideas/idea-linde\""))
            #expect(html.contains("Beste Anna Jansen,"))
            let id = try #require(go.header("X-Pipeline-Notification"))
            #expect(go.header("List-Unsubscribe") == "<https://pipeline.example.org/unsubscribe/\(id)>")
            #expect(try await world.store.mailAttempts(notificationID: id).map(\.outcome) == ["sent"])

            // Bram asked for the daily digest: nothing until 07:00 the next morning, then one message.
            #expect(try await world.notifications("per-bram").map(\.mailStatus) == [.pending, .pending])
            world.clock.set(MailFixture.time("2027-01-16T05:59:00Z"))
            #expect(try await world.delivery.deliverDue().claimed == 0)
            world.clock.set(MailFixture.time("2027-01-16T06:00:00Z"))
            let digest = try await world.delivery.deliverDue()
            #expect(digest.claimed == 2 && digest.messages == 1 && digest.sent == 2, "\(digest)")
            let bram = try #require(try world.received()["bram@delinde.nl"]?.first)
            #expect(try world.received()["bram@delinde.nl"]?.count == 1)
            #expect(bram.header("Subject") == "Dagoverzicht: 2 meldingen")
            let digestText = try #require(bram.text("text/plain"))
            #expect(
                digestText.hasPrefix(
                    "Beste Bram de Boer,\n\nUw dagoverzicht van de innovatiepijplijn: 2 meldingen over 2 ideeën."))
            #expect(digestText.contains("== Digitale triage =="))
            #expect(digestText.contains("== Samen roosteren =="))
            #expect(digestText.contains("https://pipeline.example.org/ideas/idea-linde-2"))
            let ids = try await world.notifications("per-bram").map(\.id)
            #expect(
                Set((bram.header("X-Pipeline-Notification") ?? "").split(separator: " ").map(String.init)) == Set(ids))

            for person in ["per-anna", "per-bram", "per-eva", "per-tom"] {
                #expect(try await world.notifications(person).allSatisfy { $0.mailStatus == .sent }, "\(person)")
            }
            #expect(
                try await world.notifications("per-fenna").isEmpty, "Friesland's facilitator hears nothing of Twente")
            #expect(try world.sink.received().count == 7)
        }
    }

    @Test(
        "a server that answers 451 is tried again after the back-off; once it accepts, everything arrives",
        arguments: MailBackend.available)
    func transient(backend: MailBackend) async throws {
        try await Self.withWorld(backend) { world in
            try await world.submit("idea-1", title: "Digitale triage")
            try world.sink.refuse(at: "data", with: "451 4.3.0 Try again later")
            try await world.comment("idea-1", "Eén")
            let refused = try await world.delivery.deliverDue()
            #expect(refused.claimed == 2 && refused.retried == 2 && refused.sent == 0, "\(refused)")
            #expect(world.sink.count == 0)
            let anna = try #require(try await world.notifications("per-anna").first)
            let attempts = try await world.store.mailAttempts(notificationID: anna.id)
            #expect(attempts.map(\.outcome) == ["retry"])
            #expect(attempts.first?.detail?.contains("451 4.3.0 Try again later") == true, "\(attempts)")
            #expect(try await world.delivery.deliverDue().claimed == 0, "waits for the back-off")

            world.sink.accept(at: "data")
            try await world.comment("idea-1", "Twee")
            #expect(try await world.delivery.deliverDue().sent == 2, "the new ones go at once")
            world.clock.advance(by: 59)
            #expect(try await world.delivery.deliverDue().claimed == 0)
            world.clock.advance(by: 1)
            let again = try await world.delivery.deliverDue()
            #expect(again.claimed == 2 && again.sent == 2, "\(again)")
            #expect(try await world.store.mailAttempts(notificationID: anna.id).map(\.outcome) == ["retry", "sent"])
            let mails = try world.received()
            #expect(mails.mapValues(\.count) == ["anna@delinde.nl": 2, "tom@ros.nl": 2])
            let ids = try world.sink.received().compactMap { $0.header("X-Pipeline-Notification") }
            let expected =
                try await world.notifications("per-anna").map(\.id) + world.notifications("per-tom").map(\.id)
            #expect(Set(ids) == Set(expected) && ids.count == 4, "nothing lost, nothing twice")
        }
    }

    @Test(
        "a recipient refused with 550 fails for good: recorded, shown to admins, not tried again",
        arguments: MailBackend.available)
    func permanent(backend: MailBackend) async throws {
        try await Self.withWorld(backend) { world in
            try await world.submit("idea-1", title: "Digitale triage")
            try world.sink.refuse(at: "rcpt", with: "550 5.1.1 No such user")
            try await world.comment("idea-1", "Eén")
            let report = try await world.delivery.deliverDue()
            #expect(
                report.failed == 2
                    && report.failures.map(\.reason) == ["550 5.1.1 No such user", "550 5.1.1 No such user"])
            let failed = try await world.store.failedMail(limit: 10)
            #expect(Set(failed.map(\.email)) == ["anna@delinde.nl", "tom@ros.nl"])
            #expect(failed.allSatisfy { $0.notification.mailStatus == .failed })
            let anna = try #require(try await world.notifications("per-anna").first)
            let attempts = try await world.store.mailAttempts(notificationID: anna.id)
            #expect(attempts.map(\.outcome) == ["failed"] && attempts.first?.detail == "550 5.1.1 No such user")
            world.sink.accept(at: "rcpt")
            world.clock.advance(by: 7_200)
            #expect(try await world.delivery.deliverDue().claimed == 0)
            #expect(world.sink.count == 0)
        }
    }

    @Test(
        "nothing listening: tried again; a server back on the port gets every message", arguments: MailBackend.available
    )
    func serverDown(backend: MailBackend) async throws {
        try await Self.withWorld(backend) { world in
            try await world.submit("idea-1", title: "Digitale triage")
            try await world.comment("idea-1", "Eén")
            let port = world.sink.port
            world.sink.stop()
            let down = try await world.delivery.deliverDue()
            #expect(down.claimed == 2 && down.retried == 2, "\(down)")
            let tom = try #require(try await world.notifications("per-tom").first)
            let attempts = try await world.store.mailAttempts(notificationID: tom.id)
            #expect(attempts.map(\.outcome) == ["retry"] && attempts.first?.detail?.isEmpty == false, "\(attempts)")

            let back = try SMTPSink(port: port)
            defer { back.stop() }
            world.clock.advance(by: 60)
            let report = try await world.delivery.deliverDue()
            #expect(report.sent == 2, "\(report)")
            #expect(Set(try back.received().flatMap(\.record.rcpt_tos)) == ["anna@delinde.nl", "tom@ros.nl"])
            #expect(try await world.notifications("per-tom").first?.mailStatus == .sent)
        }
    }

    @Test("after the last attempt a transient failure counts as failed", arguments: MailBackend.available)
    func givesUp(backend: MailBackend) async throws {
        try await Self.withWorld(backend, retry: MailRetryPolicy(maximumAttempts: 3)) { world in
            try await world.submit("idea-1", title: "Digitale triage")
            try world.sink.refuse(at: "data", with: "452 4.3.1 Insufficient storage")
            try await world.comment("idea-1", "Eén")
            #expect(try await world.delivery.deliverDue().retried == 2)
            world.clock.advance(by: 60)
            #expect(try await world.delivery.deliverDue().retried == 2)
            world.clock.advance(by: 120)
            let last = try await world.delivery.deliverDue()
            #expect(last.failed == 2)
            #expect(last.failures.first?.reason == "gave up after 3 attempts; the last: 452 4.3.1 Insufficient storage")
            let tom = try #require(try await world.notifications("per-tom").first)
            #expect(
                try await world.store.mailAttempts(notificationID: tom.id).map(\.outcome) == [
                    "retry", "retry", "failed",
                ])
            #expect(tom.mailStatus == .failed)
        }
    }

    @Test("a hostile idea title reaches neither a header nor the HTML unescaped, through the whole path")
    func hostileTitle() async throws {
        try await Self.withWorld(.sqlite) { world in
            let title = "<script>alert(1)</script>\r\nBcc: victim@example.org\r\n\r\nbody"
            try await world.submit("idea-1", title: title)
            try await world.comment("idea-1", "<img src=x onerror=alert(1)>")
            #expect(try await world.delivery.deliverDue().sent == 2)
            let mail = try #require(try world.received()["tom@ros.nl"]?.first)
            #expect(mail.record.rcpt_tos == ["tom@ros.nl"])
            #expect(
                mail.headerNames == [
                    "Date", "From", "To", "Subject", "Message-ID", "MIME-Version", "List-Unsubscribe",
                    "List-Unsubscribe-Post", "X-Pipeline-Notification", "X-Pipeline-Idea", "Auto-Submitted",
                    "Content-Type",
                ])
            let subject = try #require(mail.header("Subject"))
            #expect(!subject.contains("\r") && !subject.contains("\n"))
            #expect(subject.hasPrefix("Nieuwe reactie op ‘<script>alert(1)</script> Bcc: victim@example.org"))
            let html = try #require(mail.text("text/html"))
            #expect(!html.contains("<script") && !html.contains("<img"))
            #expect(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
            #expect(html.contains("&lt;img src=x onerror=alert(1)&gt;"))
        }
    }
}
