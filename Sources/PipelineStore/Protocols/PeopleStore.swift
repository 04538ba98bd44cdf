import Foundation
import PipelineCore

/// The organisations and people registers. The rules of what an entry may be are
/// ``Registration``'s, applied by ``PeopleRegister`` before anything is stored; the store keeps
/// what must hold whoever writes: an organisation's name and a person's e-mail address once
/// only (``StoreError/duplicate(_:)``), a person's organisation registered.
///
/// ```swift
/// try await store.addOrganisation(OrganisationRecord(id: "org_k3f9x2m7qa", name: "HAP De Linde", ...))
/// let linde = try await store.organisation(named: "hap de linde")   // whatever the case
/// ```
public protocol PeopleStore: Sendable {
    /// Adds an organisation; `.duplicate(.organisationName)` when one has its name in any case.
    func addOrganisation(_ organisation: OrganisationRecord) async throws(StoreError)

    /// Every organisation, by name (lower-cased, then as bytes).
    func organisations() async throws(StoreError) -> [OrganisationRecord]

    func organisation(id: String) async throws(StoreError) -> OrganisationRecord?

    /// The organisation with this name, whatever its case.
    func organisation(named name: String) async throws(StoreError) -> OrganisationRecord?

    /// Whether the register has any organisation (while it has none, ideas may name any).
    func hasOrganisations() async throws(StoreError) -> Bool

    /// Adds a person with their roles and regions; `.duplicate(.email)` when their address is taken.
    func addPerson(_ person: PersonRecord) async throws(StoreError)

    /// Replaces a person's entry (roles and regions included) in one transaction; false when
    /// there is no such person. `.duplicate(.email)` when the new address is another's.
    func updatePerson(_ person: PersonRecord) async throws(StoreError) -> Bool

    /// Makes a person active or not, at `time`; false when there is no such person. A person who
    /// is not active has no working token.
    func setPersonActive(id: String, active: Bool, at time: Date) async throws(StoreError) -> Bool

    func person(id: String) async throws(StoreError) -> PersonRecord?

    /// The person with this (lower-cased) e-mail address.
    func person(email: String) async throws(StoreError) -> PersonRecord?

    /// Every person, by name (as bytes), then id.
    func people() async throws(StoreError) -> [PersonRecord]

    /// The active people with the role facilitator who serve `region`, by name (as bytes), then id:
    /// who may hold a new idea of the region.
    func facilitators(serving region: String) async throws(StoreError) -> [PersonRecord]

    /// How many open ideas (active or on hold) each of these people holds as owner; people who
    /// hold none are left out.
    func openIdeasOwned(by personIDs: [String]) async throws(StoreError) -> [String: Int]
}
