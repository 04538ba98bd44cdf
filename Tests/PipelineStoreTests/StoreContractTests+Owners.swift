import Foundation
import PipelineCore
import PipelineStore
import Testing

/// Owners, co-submitting organisations and assigned gatekeepers through the command handler, and
/// what migration v11 stores for them: the same on every backend.
extension StoreContractTests {
    static func facilitator(_ id: String, _ name: String, regions: [String], active: Bool = true) -> PersonRecord {
        PersonRecord(
            id: id, name: name, email: "\(id)@ros.nl", roles: ["facilitator"], organisationID: nil, regions: regions,
            active: active, createdAt: StoreFixture.now)
    }

    /// The register of these tests: HAP De Linde and Zorggroep Twente; facilitators for Twente
    /// (Fenna, Frank; Fiona is inactive) and Zeeland (Paula); a gatekeeper serving Twente.
    static func register(_ store: any Store) async throws {
        try await store.addOrganisation(Self.organisation("org-linde", "HAP De Linde"))
        try await store.addOrganisation(Self.organisation("org-twente", "Zorggroep Twente"))
        for person in [
            facilitator("per-frank", "Frank", regions: ["Twente"]),
            facilitator("per-fenna", "Fenna", regions: ["Drenthe", "Twente"]),
            facilitator("per-fiona", "Fiona", regions: ["Twente"], active: false),
            facilitator("per-paula", "Paula", regions: ["Zeeland"]),
            PersonRecord(
                id: "per-gijs", name: "Gijs", email: "gijs@twente.nl", roles: ["gatekeeper"],
                organisationID: "org-twente", regions: ["Twente"], createdAt: StoreFixture.now),
        ] {
            try await store.addPerson(person)
        }
    }

    @Test(
        "the facilitators serving a region: active, with the role, by name; the open ideas each holds",
        arguments: Backend.available)
    func facilitatorsAndTheirIdeas(backend: Backend) async throws {
        try await backend.withStore { store in
            try await Self.register(store)
            #expect(try await store.facilitators(serving: "Twente").map(\.id) == ["per-fenna", "per-frank"])
            #expect(try await store.facilitators(serving: "Zeeland").map(\.id) == ["per-paula"])
            #expect(try await store.facilitators(serving: "Utrecht en omgeving") == [])
            #expect(try await store.facilitators(serving: "Twente").first?.regions == ["Drenthe", "Twente"])
            #expect(try await store.openIdeasOwned(by: []) == [:])
            #expect(try await store.openIdeasOwned(by: ["per-fenna", "per-frank"]) == [:])

            let handler = CommandHandler(store: store, library: StoreFixture.library)
            let owners = try await (1...3).asyncMap { number in
                try await StoreFixture.submit(handler, id: "idea-\(number)").owner?.id
            }
            #expect(owners == ["per-fenna", "per-frank", "per-fenna"], "the fewest open ideas; on a tie by name")
            #expect(
                try await store.openIdeasOwned(by: ["per-fenna", "per-frank", "per-paula"]) == [
                    "per-fenna": 2, "per-frank": 1,
                ])

            // A stopped idea is no longer held: Fenna holds one open idea, as Frank does.
            try await handler.execute(
                .decide(.kill(reason: "Dubbel")), on: "idea-1", actor: StoreFixture.facilitator, now: StoreFixture.now)
            #expect(
                try await store.openIdeasOwned(by: ["per-fenna", "per-frank"]) == ["per-fenna": 1, "per-frank": 1])
            #expect(try await StoreFixture.submit(handler, id: "idea-4").owner?.id == "per-fenna")

            // A change of owner moves the count.
            try await handler.assignOwner(
                person: "per-frank", on: "idea-4", actor: StoreFixture.facilitator, now: StoreFixture.now)
            #expect(
                try await store.openIdeasOwned(by: ["per-fenna", "per-frank"]) == ["per-fenna": 1, "per-frank": 2])
        }
    }

    @Test(
        "intake: the owner is assigned by the system in the submission's commit; nobody when no facilitator serves the region",
        arguments: Backend.available)
    func intake(backend: Backend) async throws {
        try await backend.withStore { store in
            try await Self.register(store)
            let handler = CommandHandler(store: store, library: StoreFixture.library)
            let outcome = try await handler.submit(
                id: "idea-1", workflowID: "primary-care-innovation", organisation: "HAP De Linde", region: "Zeeland",
                fields: StoreFixture.fields, coSubmitters: ["zorggroep twente"],
                actor: StoreFixture.submitter("HAP De Linde"), now: StoreFixture.now)
            #expect(outcome.idea.owner == IdeaPerson(id: "per-paula", name: "Paula"))
            #expect(outcome.idea.coSubmitters == ["Zorggroep Twente"], "the register's spelling")
            let history = try await store.history(of: "idea-1")
            #expect(history.map(\.event.type) == ["idea.submitted", "idea.co_submitters_set", "idea.owner_assigned"])
            #expect(history.map(\.sequence) == [1, 2, 3])
            #expect(history.map(\.event.actor.name) == ["indiener-HAP De Linde", "indiener-HAP De Linde", "pipeline"])
            #expect(try await store.idea("idea-1") == outcome.idea)
            #expect(try await store.idea("idea-1")?.version == 3)

            let nobody = try await StoreFixture.submit(handler, id: "idea-2", region: "Utrecht en omgeving")
            #expect(nobody.owner == nil)
            #expect(try await store.history(of: "idea-2").map(\.event.type) == ["idea.submitted"])
        }
    }

    @Test(
        "intake refusals: an unknown co-submitting organisation, the submitting one, too many; nothing is stored",
        arguments: Backend.available)
    func intakeRefusals(backend: Backend) async throws {
        try await backend.withStore { store in
            try await Self.register(store)
            let handler = CommandHandler(store: store, library: StoreFixture.library)
            for (partners, words) in [
                (["Zorggroep Nergens"], "'Zorggroep Nergens' is not an organisation of the register"),
                (["HAP DE LINDE"], "HAP De Linde submitted this idea"),
                ((1...11).map { "Organisatie \($0)" }, "at most 10 co-submitting organisations, not 11"),
            ] {
                await #expect {
                    try await handler.submit(
                        id: "idea-1", workflowID: "primary-care-innovation", organisation: "HAP De Linde",
                        region: "Twente", fields: StoreFixture.fields, coSubmitters: partners,
                        actor: StoreFixture.submitter("HAP De Linde"), now: StoreFixture.now)
                } throws: { error in
                    guard case .refused(.invalidInput(let refusal)) = error as? CommandFailure else { return false }
                    return refusal.message.contains(words)
                }
                #expect(try await store.idea("idea-1") == nil)
            }
            #expect(try await store.openIdeasOwned(by: ["per-fenna", "per-frank"]) == [:])
        }
    }

    @Test(
        "an owner and gatekeepers from the register: who fits, and every refusal says why and stores nothing",
        arguments: Backend.available)
    func assignments(backend: Backend) async throws {
        try await backend.withStore { store in
            try await Self.register(store)
            let handler = CommandHandler(store: store, library: StoreFixture.library)
            let idea = try await StoreFixture.submit(handler, id: "idea-1")
            let facilitator = StoreFixture.facilitator
            func refusal(_ body: () async throws(CommandFailure) -> Void) async -> String? {
                do throws(CommandFailure) {
                    try await body()
                    return nil
                } catch {
                    return error.description
                }
            }
            #expect(
                await refusal { () async throws(CommandFailure) in
                    try await handler.assignOwner(
                        person: "per-gijs", on: "idea-1", actor: facilitator, now: StoreFixture.now)
                } == "Gijs (per-gijs) is not a facilitator; an idea's owner is an active facilitator")
            #expect(
                await refusal { () async throws(CommandFailure) in
                    try await handler.assignOwner(
                        person: "per-fiona", on: "idea-1", actor: facilitator, now: StoreFixture.now)
                } == "Fiona (per-fiona) is not active; an idea's owner is an active facilitator")
            #expect(
                await refusal { () async throws(CommandFailure) in
                    try await handler.assignOwner(
                        person: "per-nobody", on: "idea-1", actor: facilitator, now: StoreFixture.now)
                }?.hasPrefix("no person 'per-nobody' in the register") == true)
            #expect(
                await refusal { () async throws(CommandFailure) in
                    try await handler.assignOwner(
                        person: "per-nobody", on: "idea-1", actor: StoreFixture.submitter("HAP De Linde"),
                        now: StoreFixture.now)
                } == "only facilitators assign an idea's owner", "who may ask comes before who is named")
            #expect(try await store.idea("idea-1") == idea, "nothing stored")
            let owned = try await handler.assignOwner(
                person: "PER-PAULA@ros.nl", on: "idea-1", actor: facilitator, now: StoreFixture.now)
            #expect(owned.idea.owner == IdeaPerson(id: "per-paula", name: "Paula"), "by e-mail address too")

            // Gatekeepers: the proposal gate is approved by a facilitator, the business case is scored by gatekeepers.
            #expect(
                await refusal { () async throws(CommandFailure) in
                    try await handler.assignGatekeepers(
                        ["per-gijs"], on: "idea-1", actor: facilitator, now: StoreFixture.now)
                } == "Gijs (per-gijs) is not facilitator, the role gate 'proposal_review' asks for")
            try await handler.assignGatekeepers(
                ["per-frank"], on: "idea-1", actor: facilitator, now: StoreFixture.now)
            try await handler.setCoSubmitters(
                ["Zorggroep Twente"], on: "idea-1", actor: StoreFixture.submitter("HAP De Linde"), now: StoreFixture.now
            )
            var person = try #require(try await store.person(id: "per-gijs"))
            person.roles = ["facilitator", "gatekeeper"]
            #expect(try await store.updatePerson(person))
            #expect(
                await refusal { () async throws(CommandFailure) in
                    try await handler.assignGatekeepers(
                        ["per-frank", "per-gijs"], on: "idea-1", actor: facilitator, now: StoreFixture.now)
                }
                    == "Gijs (per-gijs) belongs to Zorggroep Twente, which co-submitted this idea, and so is not assigned to gate 'proposal_review' (recusal)"
            )
            let stored = try #require(try await store.idea("idea-1"))
            #expect(stored.gatekeepers == [IdeaPerson(id: "per-frank", name: "Frank")])
            #expect(stored.coSubmitters == ["Zorggroep Twente"])
            #expect(
                try await store.history(of: "idea-1").map(\.event.type).suffix(3) == [
                    "idea.owner_assigned", "idea.gatekeepers_assigned", "idea.co_submitters_set",
                ])
        }
    }
}

extension Sequence {
    /// The results of an async transform, in order, one after another.
    func asyncMap<T>(_ transform: (Element) async throws -> T) async rethrows -> [T] {
        var results: [T] = []
        for element in self { results.append(try await transform(element)) }
        return results
    }
}
