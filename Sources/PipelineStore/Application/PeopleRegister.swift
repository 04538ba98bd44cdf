import Foundation
import PipelineCore

/// The organisations and people registers' application layer: every edge (the API, the CLI, the pages)
/// creates and changes entries through it, so each rule (``Registration``) is applied the same way
/// everywhere and nothing is stored when one does not hold.
///
/// ```swift
/// let register = PeopleRegister(store: store, regions: RegionList(regions), clock: clock)
/// let linde = try await register.createOrganisation(name: "HAP De Linde", type: "huisartsenpost", region: "Twente")
/// ```
public struct PeopleRegister: Sendable {
    public let store: any Store
    /// The labour-market regions organisations lie in and facilitators serve.
    public let regions: RegionList
    public let clock: any WallClock

    public init(store: any Store, regions: RegionList, clock: any WallClock = SystemClock()) {
        self.store = store
        self.regions = regions
        self.clock = clock
    }

    // MARK: - Organisations

    /// Registers an organisation: a name no other organisation has (in any case), a type of
    /// ``OrganisationType``, a region of the list.
    public func createOrganisation(name: String, type: String, region: String) async throws(RegisterFailure)
        -> OrganisationRecord
    {
        let organisation = try RegisterFailure.checking { () throws(InvalidEntry) in
            OrganisationRecord(
                id: "org_" + ShortID.generate(), name: try Registration.name(name, of: .organisationName),
                type: try Registration.organisationType(type),
                region: try Registration.region(region, in: regions), createdAt: now)
        }
        do {
            try await store.addOrganisation(organisation)
        } catch .duplicate(.organisationName) {
            let existing = try? await store.organisation(named: organisation.name)
            throw .duplicate(.organisationNameTaken(existing?.name ?? organisation.name, id: existing?.id))
        } catch {
            throw .store(error)
        }
        return organisation
    }

    /// The organisation with this id, or else with this name (whatever its case); `nil` if none.
    public func findOrganisation(_ reference: String) async throws(RegisterFailure) -> OrganisationRecord? {
        try await call { () async throws(StoreError) in
            if let found = try await store.organisation(id: reference) { return found }
            return try await store.organisation(named: reference)
        }
    }

    public func organisations() async throws(RegisterFailure) -> [OrganisationRecord] {
        try await call { () async throws(StoreError) in try await store.organisations() }
    }

    // MARK: - People

    /// What an admin gives for a new person. `organisation` is an organisation's id or name.
    public struct PersonEntry: Sendable {
        public var name: String
        public var email: String
        public var roles: [String]
        public var organisation: String?
        public var regions: [String]
        /// `immediate` (when left out), `daily` or `off`.
        public var notify: String?

        public init(
            name: String, email: String, roles: [String], organisation: String? = nil, regions: [String] = [],
            notify: String? = nil
        ) {
            self.name = name
            self.email = email
            self.roles = roles
            self.organisation = organisation
            self.regions = regions
            self.notify = notify
        }
    }

    /// Registers a person, active.
    public func createPerson(_ entry: PersonEntry) async throws(RegisterFailure) -> PersonRecord {
        let organisation = try await organisationID(entry.organisation)
        let person = try RegisterFailure.checking { () throws(InvalidEntry) in
            let roles = try Registration.roles(entry.roles)
            try Registration.requireOrganisation(roles: roles, organisationID: organisation)
            return PersonRecord(
                id: "per_" + ShortID.generate(), name: try Registration.name(entry.name, of: .personName),
                email: try EmailAddress.normalized(entry.email), roles: roles, organisationID: organisation,
                regions: try Registration.regions(entry.regions, in: regions),
                notify: try entry.notify.map(Registration.notificationPreference) ?? .immediate, createdAt: now)
        }
        do {
            try await store.addPerson(person)
        } catch .duplicate(.email) {
            throw .duplicate(.emailTaken(person.email))
        } catch {
            throw .store(error)
        }
        return person
    }

    /// What changes in a person's entry; what is `nil` stays. `organisation: .some(nil)` removes
    /// their organisation.
    public struct PersonChanges: Sendable {
        public var name: String?
        public var email: String?
        public var roles: [String]?
        public var organisation: String??
        public var regions: [String]?
        public var notify: String?
        public var active: Bool?

        public init(
            name: String? = nil, email: String? = nil, roles: [String]? = nil, organisation: String?? = nil,
            regions: [String]? = nil, notify: String? = nil, active: Bool? = nil
        ) {
            self.name = name
            self.email = email
            self.roles = roles
            self.organisation = organisation
            self.regions = regions
            self.notify = notify
            self.active = active
        }
    }

    /// Changes a person's entry, all or nothing; `.notFound` for an unknown id.
    public func updatePerson(id: String, _ changes: PersonChanges) async throws(RegisterFailure) -> PersonRecord {
        guard var person = try await call({ () async throws(StoreError) in try await store.person(id: id) }) else {
            throw .notFound(.personUnknown(id: id))
        }
        if let reference = changes.organisation {
            person.organisationID = try await organisationID(reference)
        }
        try RegisterFailure.checking { () throws(InvalidEntry) in
            if let name = changes.name { person.name = try Registration.name(name, of: .personName) }
            if let email = changes.email { person.email = try EmailAddress.normalized(email) }
            if let roles = changes.roles { person.roles = try Registration.roles(roles) }
            if let regions = changes.regions { person.regions = try Registration.regions(regions, in: self.regions) }
            if let notify = changes.notify { person.notify = try Registration.notificationPreference(notify) }
            try Registration.requireOrganisation(roles: person.roles, organisationID: person.organisationID)
        }
        if let active = changes.active { person.active = active }
        person.updatedAt = now
        let stored: Bool
        do {
            stored = try await store.updatePerson(person)
        } catch .duplicate(.email) {
            throw .duplicate(.emailTaken(person.email))
        } catch {
            throw .store(error)
        }
        guard stored else { throw .notFound(.personUnknown(id: id)) }
        return person
    }

    /// Makes a person active or not; their tokens stop (or start again) working with it.
    public func setActive(id: String, _ active: Bool) async throws(RegisterFailure) -> PersonRecord {
        let changed = try await call { () async throws(StoreError) in
            try await store.setPersonActive(id: id, active: active, at: now)
        }
        guard changed, let person = try await call({ () async throws(StoreError) in try await store.person(id: id) })
        else { throw .notFound(.personUnknown(id: id)) }
        return person
    }

    public func person(id: String) async throws(RegisterFailure) -> PersonRecord? {
        try await call { () async throws(StoreError) in try await store.person(id: id) }
    }

    /// The person with this id, or else with this e-mail address (whatever its case); `nil` if none.
    public func findPerson(_ reference: String) async throws(RegisterFailure) -> PersonRecord? {
        try await call { () async throws(StoreError) in
            if let found = try await store.person(id: reference) { return found }
            guard reference.contains("@") else { return nil }
            return try await store.person(email: reference.lowercased())
        }
    }

    public func people() async throws(RegisterFailure) -> [PersonRecord] {
        try await call { () async throws(StoreError) in try await store.people() }
    }

    // MARK: -

    /// The time of a change, in whole milliseconds as the stores keep it: what a change answers
    /// with is what reading it again gives.
    private var now: Date { Date(milliseconds: clock.now().milliseconds) }

    /// The id of the organisation an entry names (by id or name); `.invalid` when there is none.
    private func organisationID(_ reference: String?) async throws(RegisterFailure) -> String? {
        guard let reference else { return nil }
        guard let found = try await findOrganisation(reference) else { throw .invalid(.organisationUnknown(reference)) }
        return found.id
    }

    private func call<T>(_ body: () async throws(StoreError) -> T) async throws(RegisterFailure) -> T {
        do { return try await body() } catch { throw .store(error) }
    }
}

/// Why the register did not take an entry: it does not fit (`invalid`), what it changes does
/// not exist (`notFound`), it is registered already (`duplicate`), each with its ``Refusal``
/// (a code of the register's, its values, its English sentence); or the store failed.
public enum RegisterFailure: Error, Sendable, Hashable, CustomStringConvertible {
    case invalid(Refusal)
    case notFound(Refusal)
    case duplicate(Refusal)
    case store(StoreError)

    /// Why the register refused, for every failure but the store's.
    public var refusal: Refusal? {
        switch self {
        case .invalid(let refusal), .notFound(let refusal), .duplicate(let refusal): return refusal
        case .store: return nil
        }
    }

    /// The refusal in English (as the CLI prints it and the API's `detail` says it), or the store's error.
    public var description: String {
        switch self {
        case .invalid(let refusal), .notFound(let refusal), .duplicate(let refusal): return refusal.message
        case .store(let error): return error.description
        }
    }

    /// Runs the register's rules, turning a refusal into `.invalid`.
    static func checking<T>(_ body: () throws(InvalidEntry) -> T) throws(RegisterFailure) -> T {
        do { return try body() } catch { throw .invalid(error.refusal) }
    }
}
