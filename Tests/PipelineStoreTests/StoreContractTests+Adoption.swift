import Foundation
import PipelineCore
import PipelineStore
import PipelineTestSupport
import Testing

/// Adoption by regions on every backend: a proven idea spreads as linked implementations, its
/// roll-up is what their events say, and its national go waits for the rule.
@Suite("Store contract: adoptions")
struct AdoptionContractTests {
    static let facilitator = ProvenIdea.facilitator

    /// The refusal or failure of a command, `nil` when it was accepted.
    func failure(_ body: () async throws(CommandFailure) -> Void) async -> CommandFailure? {
        do {
            try await body()
            return nil
        } catch { return error }
    }

    func handler(_ store: any Store) -> CommandHandler {
        var handler = CommandHandler(store: store, library: StoreFixture.library)
        handler.regions = TestRegions.list
        return handler
    }

    @Test(
        "pilot, adopted by three regions, two live and one stopped: the national go is refused until five are live",
        arguments: Backend.available)
    func journey(backend: Backend) async throws {
        try await backend.withStore { store in
            var proven = ProvenIdea(handler: handler(store), now: StoreFixture.now)
            try await proven.make(id: "idea-1")
            let twente = try await proven.adopt("idea-1", in: "Zuid-Limburg")
            let rijnmond = try await proven.adopt("idea-1", in: "Rijnmond")
            let friesland = try await proven.adopt("idea-1", in: "Friesland")
            try await proven.goLive(twente, hoursSaved: 12)
            try await proven.goLive(rijnmond, hoursSaved: 8)
            try await proven.stop(friesland)

            var idea = try await proven.handler.load("idea-1", actor: Self.facilitator).idea
            let rollup = try #require(idea.adoptions)
            #expect((rollup.total, rollup.adopting, rollup.live, rollup.stopped) == (3, 0, 2, 1))
            #expect(rollup.outcomes.first { $0.field == "hours_saved" }?.sum == 20)
            #expect(rollup.outcomes.first { $0.field == "hours_saved" }?.median == 10)
            // Everything the national gate needs but the rule: the plan, a facilitator's approval.
            try await proven.handler.execute(
                .approve(comment: nil), on: "idea-1", actor: Self.facilitator, now: proven.now)
            let refused = await failure { [proven] () async throws(CommandFailure) in
                try await proven.handler.execute(.decide(.go), on: "idea-1", actor: Self.facilitator, now: proven.now)
            }
            guard case .refused(.gateNotMet(let evaluation))? = refused else {
                Issue.record("two live regions are not five: \(String(describing: refused))")
                return
            }
            #expect(evaluation.failures.map(\.subject) == ["Minstens vijf andere regio's zijn live"])
            #expect(try await store.idea("idea-1")?.stage == "regional_implementation")

            // Friesland tries again (a stopped implementation does not hold its region), and two more.
            for region in ["Friesland", "Amsterdam", "Drechtsteden"] {
                let implementation = try await proven.adopt("idea-1", in: region)
                try await proven.goLive(implementation, hoursSaved: 5)
            }
            try await proven.handler.execute(.decide(.go), on: "idea-1", actor: Self.facilitator, now: proven.now + 60)
            idea = try await proven.handler.load("idea-1", actor: Self.facilitator).idea
            #expect(idea.stage == "national_implementation")
            #expect(idea.adoptions?.live == 5)
            #expect(idea.adoptions?.stopped == 1)

            // The roll-up is what the implementations' own events say, replayed from the log.
            let implementations = try await store.implementations(of: "idea-1")
            #expect(implementations.count == 6)
            var live = 0
            var stopped = 0
            for implementation in implementations {
                let history = try await store.history(of: implementation.id)
                #expect(history.first?.event.type == "idea.adopted")
                #expect(history.dropFirst().allSatisfy { $0.event.type.hasPrefix("implementation.") })
                let replayed = try #require(history.map(\.event).reduce(nil) { IdeaEngine.evolve($0, $1) })
                #expect(replayed.parent == "idea-1")
                if replayed.status == .killed { stopped += 1 }
                if replayed.stage == "live" { live += 1 }
            }
            #expect((live, stopped) == (idea.adoptions?.live, idea.adoptions?.stopped))

            // The regions' counts agree.
            let counts = try await store.adoptionCounts(outcomes: ["hours_saved"])
            #expect(counts.filter { $0.step == .live }.map(\.count).reduce(0, +) == 5)
            #expect(counts.filter { $0.step == .stopped }.map(\.region) == ["Friesland"])
            #expect(counts.first { $0.region == "Zuid-Limburg" }?.sums["hours_saved"] == 12)
            // Ideas lists and counts do not count implementations; the implementations' list does.
            #expect(try await store.ideas(IdeaQuery()).ideas.map(\.id) == ["idea-1"])
            #expect(try await store.ideas(IdeaQuery(records: .implementations(parent: "idea-1"))).ideas.count == 6)
            #expect(try await store.stageCounts(workflowID: nil, visibility: nil).map(\.count).reduce(0, +) == 1)
        }
    }

    @Test(
        "an unknown region, an idea not yet adoptable, its own region, a region twice: refused, nothing stored",
        arguments: Backend.available)
    func refusals(backend: Backend) async throws {
        try await backend.withStore { store in
            var proven = ProvenIdea(handler: handler(store), now: StoreFixture.now)
            try await StoreFixture.submit(proven.handler, id: "early")
            try await proven.make(id: "idea-1")
            let before = try await store.idea("idea-1")
            let handler = proven.handler
            let now = proven.now
            func refusal(_ idea: String, _ region: String, as actor: Actor = AdoptionContractTests.facilitator) async
                -> CommandFailure?
            {
                await failure { () async throws(CommandFailure) in
                    _ = try await handler.adopt(idea, region: region, actor: actor, now: now)
                }
            }
            guard case .refused(.invalidInput(let unknown))? = await refusal("idea-1", "Atlantis") else {
                Issue.record("an unknown region is invalid input")
                return
            }
            #expect(unknown.message.contains("Atlantis"))
            guard case .refused(.notAllowedNow(let early))? = await refusal("early", "Rijnmond") else {
                Issue.record("a proposal is not adoptable")
                return
            }
            #expect(early.message.contains("proposal"))
            guard case .refused(.invalidInput(let own))? = await refusal("idea-1", "Twente") else {
                Issue.record("an idea's own region does not adopt it")
                return
            }
            #expect(own.message.contains("Twente"))
            guard case .refused(.notFound)? = await refusal("nothing", "Rijnmond") else {
                Issue.record("an unknown idea is not found")
                return
            }
            let submitterElsewhere = Actor(
                name: "anna", role: "submitter", organisation: "HAP De Linde", regions: ["Twente"])
            guard case .refused(.forbidden)? = await refusal("idea-1", "Rijnmond", as: submitterElsewhere) else {
                Issue.record("a submitter adopts for her own organisation's region only")
                return
            }
            #expect(try await store.implementations(of: "idea-1").isEmpty)
            #expect(try await store.idea("idea-1") == before)
            _ = try await proven.adopt("idea-1", in: "Rijnmond")
            guard case .refused(.notAllowedNow(let twice))? = await refusal("idea-1", "Rijnmond") else {
                Issue.record("a region runs one implementation of an idea")
                return
            }
            #expect(twice.message.contains("Rijnmond"))
            #expect(try await store.implementations(of: "idea-1").count == 1)
        }
    }

    @Test(
        "implementations are seen by their region's organisations and every facilitator; a scoped facilitator acts in her regions",
        arguments: Backend.available)
    func visibilityAndScope(backend: Backend) async throws {
        try await backend.withStore { store in
            var proven = ProvenIdea(handler: handler(store), now: StoreFixture.now)
            try await proven.make(id: "idea-1")
            let rijnmond = try await proven.adopt("idea-1", in: "Rijnmond")
            _ = try await proven.adopt("idea-1", in: "Friesland")
            let library = StoreFixture.library
            let inRijnmond = Actor(name: "rita", role: "submitter", organisation: "HAP Haven", regions: ["Rijnmond"])
            let inTwente = Actor(name: "anna", role: "submitter", organisation: "HAP De Linde", regions: ["Twente"])
            for (actor, expected) in [(inRijnmond, [rijnmond]), (inTwente, []), (Self.facilitator, nil)] {
                let query = IdeaQuery(
                    visibility: Access.visibility(for: actor, in: library), records: .implementations(parent: nil))
                let listed = try await store.ideas(query).ideas.map(\.id)
                if let expected { #expect(listed == expected, "\(actor.name)") } else { #expect(listed.count == 2) }
                // One record: the same rule.
                let loaded = try? await proven.handler.load(rijnmond, actor: actor)
                #expect((loaded != nil) == (expected?.contains(rijnmond) ?? true), "\(actor.name)")
            }
            // The shared idea stays visible to every participant as before.
            #expect(try await proven.handler.load("idea-1", actor: inTwente).idea.id == "idea-1")
            #expect(try await proven.handler.load("idea-1", actor: inRijnmond).idea.id == "idea-1")

            // A facilitator scoped to Friesland sees Rijnmond's implementation but does not act on it.
            let frieda = Actor(name: "frieda", role: "facilitator", regions: ["Friesland"])
            #expect(try await proven.handler.load(rijnmond, actor: frieda).idea.id == rijnmond)
            let handler = proven.handler
            let now = proven.now
            let approval = await failure { () async throws(CommandFailure) in
                try await handler.execute(.approve(comment: nil), on: rijnmond, actor: frieda, now: now)
            }
            guard case .refused(.forbidden(let reason))? = approval else {
                Issue.record("Frieda acts in Friesland only: \(String(describing: approval))")
                return
            }
            #expect(reason.message.contains("Friesland") && reason.message.contains("Rijnmond"))
            let adoption = await failure { () async throws(CommandFailure) in
                _ = try await handler.adopt("idea-1", region: "Zeeland", actor: frieda, now: now)
            }
            guard case .refused(.forbidden)? = adoption else {
                Issue.record("Frieda registers adoptions for Friesland only: \(String(describing: adoption))")
                return
            }
            // Nor on the idea of Twente; a national facilitator acts everywhere.
            let comment = await failure { () async throws(CommandFailure) in
                try await handler.execute(.comment("Mooi"), on: "idea-1", actor: frieda, now: now)
            }
            guard case .refused(.forbidden)? = comment else {
                Issue.record("Frieda acts in Friesland only: \(String(describing: comment))")
                return
            }
            try await proven.handler.execute(
                .approve(comment: nil), on: rijnmond, actor: Self.facilitator, now: proven.now)
            #expect(try await store.idea(rijnmond)?.approvals.count == 1)
        }
    }

    @Test(
        "eight adoptions of one region at once: exactly one implementation, the others refused",
        arguments: Backend.available)
    func concurrentAdoptions(backend: Backend) async throws {
        try await backend.withStore { store in
            var proven = ProvenIdea(handler: handler(store), now: StoreFixture.now)
            try await proven.make(id: "idea-1")
            let handler = proven.handler
            let now = proven.now
            let outcomes = await withTaskGroup(of: CommandFailure?.self) { group in
                for _ in 0..<8 {
                    group.addTask {
                        await failure { () async throws(CommandFailure) in
                            _ = try await handler.adopt("idea-1", region: "Zeeland", actor: Self.facilitator, now: now)
                        }
                    }
                }
                var all: [CommandFailure?] = []
                for await outcome in group { all.append(outcome) }
                return all
            }
            #expect(outcomes.filter { $0 == nil }.count == 1)
            for outcome in outcomes.compactMap({ $0 }) {
                guard case .refused(.notAllowedNow(let reason)) = outcome else {
                    Issue.record("a second adoption is refused as not allowed now, not \(outcome)")
                    continue
                }
                #expect(reason.message.contains("Zeeland"))
            }
            #expect(try await store.implementations(of: "idea-1").count == 1)
        }
    }
}
