import Foundation
import PipelineCore

extension CommandHandler {
    /// A region adopts an idea: a new implementation record in that region, on the latest
    /// version of the implementation workflow that the idea's workflow names, with an owner
    /// (the region's least-loaded facilitator, as at intake). `idea.adopted`, then
    /// `implementation.owner_assigned` when someone serves the region, commit together.
    ///
    /// `organisation` names the implementing organisation when a facilitator registers the
    /// adoption (it must be of that region); a submitter's adoption is their organisation's.
    @discardableResult
    public func adopt(
        _ ideaID: String, region: String, organisation: String? = nil, fields: FieldValues = [:],
        implementationID: String = "imp_" + ShortID.generate(), actor: Actor, now: Date, receipt: Receipt? = nil
    ) async throws(CommandFailure) -> Outcome {
        let parent = try await load(ideaID, actor: actor)
        if let refusal = regions.refusal(region) { throw .refused(.invalidInput(refusal)) }
        guard let adoption = parent.workflow.adoption else {
            throw .refused(.notAllowedNow(.noAdoption(workflow: parent.workflow.id)))
        }
        guard let workflow = library.latest(adoption.workflowID) else {
            throw .unknownWorkflow(adoption.workflowID)
        }
        let implementing = try await implementingOrganisation(organisation, region: region, actor: actor)
        let siblings = try await storeCall { () async throws(StoreError) in try await store.implementations(of: ideaID)
        }
        var events = try refusing { () throws(CommandError) in
            try IdeaEngine.adopt(
                parent.idea, parentWorkflow: parent.workflow, implementationID: implementationID, region: region,
                organisation: implementing, fields: fields, workflow: workflow, siblings: siblings, actor: actor,
                now: now)
        }
        let implementation = events.reduce(nil) { IdeaEngine.evolve($0, $1) }
        if let owner = try await intakeOwner(region: region) {
            events += try decide(
                .assignOwner(owner), state: implementation, workflow: workflow, actor: .system, now: now)
        }
        do {
            return try await commit(events, state: nil, workflow: workflow, receipt: receipt)
        } catch .store(.duplicate(.adoption)) {
            throw .refused(.notAllowedNow(.alreadyAdopted(region: region, idea: ideaID)))
        }
    }

    /// The roll-up of an idea whose workflow has adoptions, in a stage where it has one
    /// (``Workflow/hasRollup(in:)``: an idea in its proposal has no implementations to read): its
    /// implementations, each read in its own workflow version. `nil` otherwise and for
    /// implementations.
    public func rollup(of idea: Idea, workflow: Workflow) async throws(CommandFailure) -> AdoptionRollup? {
        guard let adoption = workflow.adoption, !idea.isImplementation, workflow.hasRollup(in: idea.stage) else {
            return nil
        }
        let implementations = try await storeCall { () async throws(StoreError) in
            try await store.implementations(of: idea.id)
        }
        return AdoptionRollup(implementations: implementations, outcomes: adoption.outcomes) {
            library.workflow($0.workflowID, version: $0.workflowVersion)
        }
    }

    /// The organisation that implements an adoption: a submitter's own, or the one a facilitator
    /// names, which must be a registered organisation of the region (any name while the register
    /// has no organisations).
    private func implementingOrganisation(_ name: String?, region: String, actor: Actor)
        async throws(CommandFailure) -> String?
    {
        guard actor.role != Actor.submitter else { return actor.organisation }
        guard let name = name?.trimmingCharacters(in: .whitespacesAndNewlines), !name.isEmpty else { return nil }
        let found = try await storeCall { () async throws(StoreError) in try await store.organisation(named: name) }
        if let found {
            guard found.region == region else {
                throw .refused(
                    .invalidInput(
                        .organisationOfOtherRegion(organisation: found.name, itsRegion: found.region, region: region)))
            }
            return found.name
        }
        return try await registeredOrganisation(name)
    }
}
