import Foundation
import PipelineCore
import PipelineStore
import Testing

/// The organisations and people registers, and tokens that belong to a person: the same on every
/// backend.
extension StoreContractTests {
    static func organisation(_ id: String, _ name: String, region: String = "Twente") -> OrganisationRecord {
        OrganisationRecord(id: id, name: name, type: .huisartsenpost, region: region, createdAt: StoreFixture.now)
    }

    static func person(
        _ id: String, _ email: String, roles: [String] = ["submitter"], organisation: String? = "org-linde",
        regions: [String] = []
    ) -> PersonRecord {
        PersonRecord(
            id: id, name: "Person \(id)", email: email, roles: roles, organisationID: organisation, regions: regions,
            createdAt: StoreFixture.now)
    }

    @Test(
        "organisations: listed by name, found by id and by name in any case, a name once only",
        arguments: Backend.available)
    func organisations(backend: Backend) async throws {
        try await backend.withStore { store in
            #expect(try await !store.hasOrganisations())
            #expect(try await store.organisations() == [])
            let linde = Self.organisation("org-linde", "HAP De Linde")
            let oost = OrganisationRecord(
                id: "org-oost", name: "gezondheidscentrum Oost", type: .gezondheidscentrum, region: "Amsterdam",
                createdAt: StoreFixture.now + 1)
            let ros = OrganisationRecord(
                id: "org-ros", name: "ROS Friesland", type: .ros, region: "Friesland", createdAt: StoreFixture.now)
            for organisation in [linde, ros, oost] { try await store.addOrganisation(organisation) }
            #expect(try await store.hasOrganisations())
            #expect(try await store.organisations() == [oost, linde, ros], "by name whatever its case")
            #expect(try await store.organisation(id: "org-oost") == oost)
            #expect(try await store.organisation(id: "org-none") == nil)
            #expect(try await store.organisation(named: "hap de linde") == linde)
            #expect(try await store.organisation(named: " HAP DE LINDE ") == linde)
            #expect(try await store.organisation(named: "HAP De Eik") == nil)

            await #expect(throws: StoreError.duplicate(.organisationName)) {
                try await store.addOrganisation(Self.organisation("org-other", "hap DE linde"))
            }
            await #expect(throws: StoreError.duplicate(.id)) {
                try await store.addOrganisation(Self.organisation("org-linde", "Een andere naam"))
            }
            #expect(try await store.organisations().count == 3, "a refused organisation is not stored")
        }
    }

    @Test(
        "people: created with roles and regions, an e-mail address once only, changed whole, deactivated",
        arguments: Backend.available)
    func people(backend: Backend) async throws {
        try await backend.withStore { store in
            try await store.addOrganisation(Self.organisation("org-linde", "HAP De Linde"))
            try await store.addOrganisation(Self.organisation("org-ros", "ROS Friesland", region: "Friesland"))
            let anna = Self.person("per-anna", "anna@delinde.nl")
            let fenna = Self.person(
                "per-fenna", "fenna@ros-friesland.nl", roles: ["facilitator", "admin"], organisation: "org-ros",
                regions: ["Drenthe", "Friesland", "Groningen"])
            try await store.addPerson(fenna)
            try await store.addPerson(anna)
            #expect(try await store.person(id: "per-fenna") == fenna)
            #expect(try await store.person(email: "anna@delinde.nl") == anna)
            #expect(try await store.person(email: "nobody@delinde.nl") == nil)
            #expect(try await store.person(id: "per-none") == nil)
            #expect(try await store.people() == [anna, fenna], "by name")

            // The same address again: refused whole, no roles or regions left behind.
            var again = Self.person("per-again", "anna@delinde.nl", roles: ["gatekeeper"], regions: ["Twente"])
            await #expect(throws: StoreError.duplicate(.email)) { try await store.addPerson(again) }
            #expect(try await store.person(id: "per-again") == nil)
            again.email = "again@delinde.nl"
            try await store.addPerson(again)
            #expect(try await store.person(id: "per-again") == again)

            // A change replaces the entry whole, roles and regions included.
            var changed = fenna
            changed.name = "Fenna de Vries"
            changed.roles = ["facilitator"]
            changed.regions = ["Twente"]
            changed.notify = .daily
            changed.organisationID = nil
            changed.updatedAt = StoreFixture.now + 60
            #expect(try await store.updatePerson(changed))
            #expect(try await store.person(id: "per-fenna") == changed)
            var taken = changed
            taken.email = "anna@delinde.nl"
            await #expect(throws: StoreError.duplicate(.email)) { _ = try await store.updatePerson(taken) }
            #expect(try await store.person(id: "per-fenna") == changed, "a refused change changes nothing")
            #expect(try await !store.updatePerson(Self.person("per-none", "none@delinde.nl")))

            #expect(try await store.setPersonActive(id: "per-anna", active: false, at: StoreFixture.now + 120))
            #expect(try await !store.setPersonActive(id: "per-none", active: false, at: StoreFixture.now))
            let deactivated = try #require(try await store.person(id: "per-anna"))
            #expect(!deactivated.active)
            #expect(deactivated.updatedAt == StoreFixture.now + 120)
            #expect(try await store.people().map(\.id) == ["per-fenna", "per-again", "per-anna"], "by name")
        }
    }

    @Test(
        "a token of a person reads with the person as they are now; older tokens have none",
        arguments: Backend.available)
    func personTokens(backend: Backend) async throws {
        try await backend.withStore { store in
            try await store.addOrganisation(Self.organisation("org-linde", "HAP De Linde"))
            try await store.addOrganisation(Self.organisation("org-eik", "HAP De Eik"))
            try await store.addPerson(Self.person("per-anna", "anna@delinde.nl", roles: ["submitter", "gatekeeper"]))
            let legacy = TokenRecord(
                id: "tok-legacy", name: "script", role: "facilitator", organisation: nil, hash: "hash-legacy",
                createdAt: StoreFixture.now)
            let anna = TokenRecord(
                id: "tok-anna", name: "Person per-anna", role: "submitter", organisation: "HAP De Linde",
                hash: "hash-anna", createdAt: StoreFixture.now + 1, personID: "per-anna")
            try await store.addToken(legacy)
            try await store.addToken(anna)
            #expect(try await store.token(hash: "hash-legacy") == legacy)
            #expect(try await store.token(hash: "hash-legacy")?.isUsable == true)
            let read = try #require(try await store.token(hash: "hash-anna"))
            #expect(read.personID == "per-anna")
            #expect(
                read.holder
                    == TokenRecord.Holder(
                        name: "Person per-anna", organisation: "HAP De Linde", active: true, holdsRole: true))
            // A submitter belongs to their organisation's region: they see its implementations.
            #expect(
                read.actor
                    == Actor(
                        name: "Person per-anna", role: "submitter", organisation: "HAP De Linde", regions: ["Twente"]))
            #expect(read.actor.regions == ["Twente"])
            #expect(read.isUsable)
            #expect(try await store.tokens().map(\.holder) == [nil, read.holder])

            // The token follows the person: a new name and organisation, a role taken away, deactivation.
            var person = try #require(try await store.person(id: "per-anna"))
            person.name = "Anna Jansen"
            person.organisationID = "org-eik"
            _ = try await store.updatePerson(person)
            #expect(
                try await store.token(hash: "hash-anna")?.actor
                    == Actor(name: "Anna Jansen", role: "submitter", organisation: "HAP De Eik", regions: ["Twente"]))
            person.roles = ["gatekeeper"]
            person.organisationID = nil
            _ = try await store.updatePerson(person)
            let roleless = try #require(try await store.token(hash: "hash-anna"))
            #expect(roleless.holder?.holdsRole == false)
            #expect(!roleless.isUsable, "the person no longer has the token's role")
            person.roles = ["submitter", "gatekeeper"]
            person.organisationID = "org-linde"
            _ = try await store.updatePerson(person)
            #expect(try await store.token(hash: "hash-anna")?.isUsable == true)
            _ = try await store.setPersonActive(id: "per-anna", active: false, at: StoreFixture.now + 60)
            let inactive = try #require(try await store.token(hash: "hash-anna"))
            #expect(inactive.holder?.active == false)
            #expect(!inactive.isUsable, "a deactivated person's tokens do not work")
            #expect(inactive.revokedAt == nil)
        }
    }

    @Test(
        "submitting: any organisation while the register is empty, then only registered ones, as registered",
        arguments: Backend.available)
    func submittingAgainstTheRegister(backend: Backend) async throws {
        try await backend.withStore { store in
            var handler = CommandHandler(store: store, library: StoreFixture.library)
            try await StoreFixture.submit(handler, id: "idea-1", organisation: "Wie dan ook")
            try await store.addOrganisation(Self.organisation("org-linde", "HAP De Linde"))
            await #expect {
                try await StoreFixture.submit(handler, id: "idea-2", organisation: "Wie dan ook")
            } throws: { error in
                guard case .refused(.invalidInput(let refusal)) = error as? CommandFailure else { return false }
                return refusal.code == .organisationNotRegistered
            }
            #expect(try await store.idea("idea-2") == nil)
            let facilitator = StoreFixture.facilitator
            let submitted = try await handler.submit(
                id: "idea-3", workflowID: "primary-care-innovation", organisation: "hap de linde", region: "Twente",
                fields: StoreFixture.fields, actor: facilitator, now: StoreFixture.now)
            #expect(submitted.idea.organisation == "HAP De Linde", "the register's spelling")

            handler.regions = RegionList(["Twente", "Zeeland"])
            await #expect {
                try await StoreFixture.submit(handler, id: "idea-4", organisation: "HAP De Linde", region: "Twent")
            } throws: { error in
                guard case .refused(.invalidInput(let refusal)) = error as? CommandFailure else { return false }
                return refusal == .unknownRegionClose("Twent", suggestion: "Twente")
            }
            try await StoreFixture.submit(handler, id: "idea-5", organisation: "HAP De Linde", region: "Zeeland")
        }
    }
}
