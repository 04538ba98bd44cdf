import Foundation
import PipelineCore
import PipelineServer
import PipelineStore

/// People of the register with tokens of their own, for the inbox tests: HAP De Linde (Twente,
/// the organisation of ``TestPerson/practice``), Anna Jansen who submits for it, and Tom Bakker,
/// a facilitator serving Twente. An idea the practice submits in Twente concerns both: a comment
/// on it by anyone else tells Anna (the organisation) and Tom (the region's facilitator).
public enum TestRegister {
    public struct Member: Sendable, Hashable {
        public let id: String
        public let name: String
        public let email: String
        /// The bearer token that acts as them.
        public let token: String
    }

    public struct People: Sendable, Hashable {
        public let organisationID: String
        public let anna: Member
        public let tom: Member
    }

    /// Registers the organisation and both people, and issues each a token, into `store`.
    public static func register(into store: any Store, now: Date) async throws -> People {
        let organisation = OrganisationRecord(
            id: "org_" + ShortID.generate(), name: "HAP De Linde", type: .huisartsenpost, region: "Twente",
            createdAt: now)
        try await store.addOrganisation(organisation)
        let anna = try await member(
            PersonRecord(
                id: "per_" + ShortID.generate(), name: "Anna Jansen", email: "anna@delinde.nl", roles: ["submitter"],
                organisationID: organisation.id, regions: [], createdAt: now),
            role: "submitter", organisation: organisation.name, store: store, now: now)
        let tom = try await member(
            PersonRecord(
                id: "per_" + ShortID.generate(), name: "Tom Bakker", email: "tom@ros-twente.nl",
                roles: ["facilitator"], organisationID: nil, regions: ["Twente"], createdAt: now),
            role: "facilitator", organisation: nil, store: store, now: now)
        return People(organisationID: organisation.id, anna: anna, tom: tom)
    }

    private static func member(
        _ person: PersonRecord, role: String, organisation: String?, store: any Store, now: Date
    ) async throws -> Member {
        try await store.addPerson(person)
        let (token, record) = TokenAuthority.issue(
            name: person.name, role: role, organisation: organisation, personID: person.id, now: now)
        try await store.addToken(record)
        return Member(id: person.id, name: person.name, email: person.email, token: token)
    }

    /// Makes the mail of a person's newest notification fail for good, as a delivery loop
    /// records it: claimed, then refused with `reason`. Returns the notification's id.
    @discardableResult
    public static func failMail(of personID: String, reason: String, store: any Store, now: Date) async throws
        -> String?
    {
        let claimed = try await store.claimMail(
            now: now.addingTimeInterval(1), digestBefore: now.addingTimeInterval(1), limit: 1_000,
            leaseUntil: now.addingTimeInterval(60))
        let mine = claimed.filter { $0.notification.personID == personID }
        let others = claimed.filter { $0.notification.personID != personID }
        guard let newest = mine.max(by: { $0.notification.sequence < $1.notification.sequence }) else { return nil }
        var outcomes: [(id: String, disposition: MailDisposition)] = [
            (newest.notification.id, .retry(at: now.addingTimeInterval(2), reason: "451 4.3.0 Try again later"))
        ]
        outcomes += mine.filter { $0 != newest }.map { ($0.notification.id, MailDisposition.sent) }
        outcomes += others.map { ($0.notification.id, MailDisposition.sent) }
        try await store.recordMail(outcomes, at: now.addingTimeInterval(1))
        let again = try await store.claimMail(
            now: now.addingTimeInterval(3), digestBefore: now.addingTimeInterval(3), limit: 1_000,
            leaseUntil: now.addingTimeInterval(60))
        try await store.recordMail(
            again.map {
                ($0.notification.id, $0.notification.id == newest.notification.id ? .failed(reason: reason) : .sent)
            },
            at: now.addingTimeInterval(3))
        return newest.notification.id
    }
}
