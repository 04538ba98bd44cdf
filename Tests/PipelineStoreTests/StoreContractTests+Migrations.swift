import Foundation
import PipelineCore
import PipelineStore
import PipelineTestSupport
import Testing

/// Moving ideas to a newer workflow version: the plan reads only, the migration commits the idea
/// with its new version, its event and its webhook message, the same on every backend.
extension StoreContractTests {
    @Test(
        "a plan writes nothing; apply moves each idea once, with its new version in the read model and the outbox",
        arguments: Backend.available)
    func migrateIdeas(backend: Backend) async throws {
        try await backend.withStore { store in
            try await store.addSubscription(Subscription(id: "all", url: "https://example.org", filter: EventFilter()))
            let version1 = CommandHandler(store: store, library: StoreFixture.library)
            for index in 1...3 { try await StoreFixture.submit(version1, id: "idea-\(index)") }
            let outboxBefore = try await store.pendingOutbox(limit: 100).count
            let handler = CommandHandler(store: store, library: BundledWorkflows.libraryWithVersion2)
            let admin = Actor(name: "ahmed", role: "admin")

            let plan = try await handler.migrationPlan(workflowID: "primary-care-innovation", to: 2)
            #expect(plan.moving.map(\.idea.id) == ["idea-1", "idea-2", "idea-3"])
            #expect(plan.versionProblems.isEmpty && plan.refused.isEmpty && plan.current == 0)
            #expect(try await store.ideaCounts(workflowID: "primary-care-innovation") == [1: 3])
            #expect(try await store.pendingOutbox(limit: 100).count == outboxBefore)

            // Facilitators may not; nothing is written.
            await #expect(throws: CommandFailure.self) {
                try await handler.applyMigration(
                    workflowID: "primary-care-innovation", to: 2, actor: StoreFixture.facilitator)
            }
            #expect(try await store.ideaCounts(workflowID: "primary-care-innovation") == [1: 3])

            let report = try await handler.applyMigration(
                workflowID: "primary-care-innovation", to: 2, actor: admin, batchSize: 2)
            #expect(report.migrated == ["idea-1", "idea-2", "idea-3"])
            #expect(report.refused.isEmpty && report.batches == 2)
            #expect(try await store.ideaCounts(workflowID: "primary-care-innovation") == [2: 3])
            let idea = try #require(try await store.idea("idea-2"))
            #expect(idea.workflowVersion == 2 && idea.stage == "proposal")
            let listed = try await store.ideas(IdeaQuery(workflowID: "primary-care-innovation"))
            #expect(listed.ideas.map(\.workflowVersion) == [2, 2, 2])
            #expect(try await handler.load("idea-2", actor: admin).workflow.version == 2)
            let history = try await store.history(of: "idea-2")
            #expect(history.last?.event.type == "idea.migrated")
            #expect(history.last?.event.actor == admin)
            let messages = try await store.pendingOutbox(limit: 100).filter { $0.eventType == "idea.migrated" }
            #expect(messages.count == 3)

            // Again: every idea is on version 2; nothing moves twice.
            let again = try await handler.applyMigration(workflowID: "primary-care-innovation", to: 2, actor: admin)
            #expect(again.migrated.isEmpty && again.current == 3)
            #expect(try await store.history(of: "idea-2").filter { $0.event.type == "idea.migrated" }.count == 1)
            let nothing = try await handler.migrationPlan(workflowID: "primary-care-innovation", to: 2)
            #expect(nothing.entries.isEmpty && nothing.current == 3)
        }
    }
}
