import Foundation
import PipelineCore
import PipelineStore
import PipelineTestSupport
import Testing

/// Notifications written with the command that causes them, read as an inbox, and their mail
/// claimed and recorded: the same on every backend.
extension StoreContractTests {
    /// HAP De Linde (Twente) with two submitters, another practice, a facilitator serving Twente,
    /// one serving Friesland, and a national one (no region).
    static func register(_ store: any Store) async throws {
        try await store.addOrganisation(Self.organisation("org-linde", "HAP De Linde"))
        try await store.addOrganisation(Self.organisation("org-eik", "HAP De Eik"))
        var daily = Self.person("per-bram", "bram@delinde.nl")
        daily.notify = .daily
        var quiet = Self.person("per-cor", "cor@delinde.nl")
        quiet.notify = .off
        for person in [
            Self.person("per-anna", "anna@delinde.nl"), daily, quiet,
            Self.person("per-eva", "eva@deeik.nl", organisation: "org-eik"),
            Self.person("per-tom", "tom@ros.nl", roles: ["facilitator"], organisation: nil, regions: ["Twente"]),
            Self.person("per-fenna", "fenna@ros.nl", roles: ["facilitator"], organisation: nil, regions: ["Friesland"]),
            Self.person("per-nina", "nina@ros.nl", roles: ["facilitator"], organisation: nil),
        ] {
            try await store.addPerson(person)
        }
    }

    @Test(
        "a comment tells the organisation and the region's facilitators once each, not its author, and nobody who may not see the idea",
        arguments: Backend.available)
    func commentNotifies(backend: Backend) async throws {
        try await backend.withStore { store in
            try await Self.register(store)
            let (handler, clock) = try await Self.timedHandler(store, ideas: 1)
            let anna = Actor(name: "Person per-anna", role: "submitter", organisation: "HAP De Linde")
            try await handler.execute(.comment("Wij starten in maart."), on: "idea-0", actor: anna, now: clock.now())

            var told: [String: NotificationRecord] = [:]
            for id in ["per-anna", "per-bram", "per-cor", "per-eva", "per-tom", "per-fenna", "per-nina"] {
                let inbox = try await store.notifications(personID: id, unreadOnly: false, before: nil, limit: 10)
                #expect(inbox.count <= 1, "\(id) is told once")
                told[id] = inbox.first
            }
            #expect(Set(told.keys.filter { told[$0] != nil }) == ["per-bram", "per-cor", "per-tom"])
            let tom = try #require(told["per-tom"])
            #expect(tom.content.topic == .comment && tom.content.text == "Wij starten in maart.")
            #expect(tom.content.actor == "Person per-anna" && tom.ideaID == "idea-0")
            #expect(NotificationText.subject(tom.content) == "Nieuwe reactie op ‘Idee 0’")
            #expect(tom.mail == .immediate && tom.mailStatus == .pending)
            #expect(try await store.notification(id: tom.id) == tom)
            #expect(try await store.notification(id: "ntf_none") == nil)
            #expect(told["per-bram"]?.mail == .daily && told["per-bram"]?.mailStatus == .pending)
            #expect(told["per-cor"]?.mail == .off && told["per-cor"]?.mailStatus == MailStatus.none)

            // Nobody serves Friesland: the national facilitator hears of an idea there.
            try await handler.submit(
                id: "idea-fr", workflowID: "timed", organisation: "HAP De Eik", region: "Friesland",
                fields: ["title": .text("Fries idee")], actor: StoreFixture.submitter("HAP De Eik"), now: clock.now())
            _ = try await store.setPersonActive(id: "per-fenna", active: false, at: clock.now())
            try await handler.execute(.comment("Hoi"), on: "idea-fr", actor: anna.asFacilitator, now: clock.now())
            #expect(try await store.unreadNotificationCount(personID: "per-nina") == 1)
            #expect(try await store.unreadNotificationCount(personID: "per-fenna") == 0, "not active")
            #expect(try await store.unreadNotificationCount(personID: "per-eva") == 1)
            #expect(try await store.unreadNotificationCount(personID: "per-bram") == 1, "not about De Eik's idea")
        }
    }

    @Test("an inbox pages newest first, counts unread, and marks read once", arguments: Backend.available)
    func inbox(backend: Backend) async throws {
        try await backend.withStore { store in
            try await Self.register(store)
            let (handler, clock) = try await Self.timedHandler(store, ideas: 1)
            let anna = Actor(name: "Person per-anna", role: "submitter", organisation: "HAP De Linde")
            for number in 1...5 {
                clock.advance(by: 1)
                try await handler.execute(.comment("Reactie \(number)"), on: "idea-0", actor: anna, now: clock.now())
            }
            let first = try await store.notifications(personID: "per-tom", unreadOnly: false, before: nil, limit: 2)
            #expect(first.map(\.content.text) == ["Reactie 5", "Reactie 4"])
            let next = try await store.notifications(
                personID: "per-tom", unreadOnly: false, before: first.last?.sequence, limit: 10)
            #expect(next.map(\.content.text) == ["Reactie 3", "Reactie 2", "Reactie 1"])
            #expect(try await store.unreadNotificationCount(personID: "per-tom") == 5)

            let read = clock.now()
            #expect(try await store.markNotificationRead(id: first[0].id, personID: "per-tom", at: read))
            #expect(try await store.markNotificationRead(id: first[0].id, personID: "per-tom", at: read + 60))
            #expect(try await !store.markNotificationRead(id: first[0].id, personID: "per-bram", at: read))
            #expect(try await !store.markNotificationRead(id: "ntf_none", personID: "per-tom", at: read))
            #expect(try await store.unreadNotificationCount(personID: "per-tom") == 4)
            let again = try await store.notifications(personID: "per-tom", unreadOnly: false, before: nil, limit: 1)
            #expect(again.first?.readAt == read, "the first time it was read stays")
            #expect(
                try await store.notifications(personID: "per-tom", unreadOnly: true, before: nil, limit: 10).count == 4)
            #expect(try await store.markAllNotificationsRead(personID: "per-tom", at: read) == 4)
            #expect(try await store.unreadNotificationCount(personID: "per-tom") == 0)
        }
    }

    @Test(
        "mail is claimed when due (at once, or daily before the digest hour), once, again after its lease, and recorded with its attempts",
        arguments: Backend.available)
    func mailQueue(backend: Backend) async throws {
        try await backend.withStore { store in
            try await Self.register(store)
            let (handler, clock) = try await Self.timedHandler(store, ideas: 1)
            let anna = Actor(name: "Person per-anna", role: "submitter", organisation: "HAP De Linde")
            try await handler.execute(.comment("Eén"), on: "idea-0", actor: anna, now: clock.now())
            let now = clock.now()
            let lease = now + 60

            // Before the digest hour only Tom's (at once) is due; Cor asked for no mail.
            let claimed = try await store.claimMail(now: now, digestBefore: now - 1, limit: 10, leaseUntil: lease)
            #expect(claimed.map(\.email) == ["tom@ros.nl"] && claimed.first?.attempts == 0)
            #expect(try await store.claimMail(now: now, digestBefore: now - 1, limit: 10, leaseUntil: lease).isEmpty)
            // Its lease ran out: claimed again; the old claim's result then is not recorded twice.
            let reclaimed = try await store.claimMail(
                now: lease + 1, digestBefore: now - 1, limit: 10, leaseUntil: lease + 61)
            #expect(reclaimed.map(\.notification.id) == claimed.map(\.notification.id))
            let tom = try #require(claimed.first).notification.id
            try await store.recordMail([(tom, .retry(at: now + 300, reason: "451 try later"))], at: lease + 2)
            #expect(
                try await store.claimMail(now: now + 299, digestBefore: now - 1, limit: 10, leaseUntil: lease).isEmpty)
            let retried = try await store.claimMail(
                now: now + 300, digestBefore: now - 1, limit: 10, leaseUntil: now + 360)
            #expect(retried.map(\.notification.id) == [tom] && retried.first?.attempts == 1)
            try await store.recordMail([(tom, .sent)], at: now + 301)
            try await store.recordMail([(tom, .failed(reason: "late"))], at: now + 302)
            #expect(try await store.mailAttempts(notificationID: tom).map(\.outcome) == ["retry", "sent"])
            #expect(try await store.mailAttempts(notificationID: tom).first?.detail == "451 try later")

            // After the digest hour Bram's daily one is due too; a permanent refusal shows to admins.
            let digest = try await store.claimMail(
                now: now + 400, digestBefore: now + 1, limit: 10, leaseUntil: now + 460)
            #expect(digest.map(\.email) == ["bram@delinde.nl"])
            try await store.recordMail(
                [(digest[0].notification.id, .failed(reason: "550 no such user"))], at: now + 401)
            let failed = try await store.failedMail(limit: 10)
            #expect(failed.map(\.email) == ["bram@delinde.nl"] && failed.first?.notification.mailStatus == .failed)
            #expect(
                try await store.claimMail(now: now + 999, digestBefore: now + 999, limit: 10, leaseUntil: now + 9_999)
                    .isEmpty)
        }
    }
}

extension Actor {
    fileprivate var asFacilitator: Actor { Actor(name: "Facilitator", role: "facilitator") }
}
