import Foundation
import PipelineCore
import PipelineStore
import Testing

/// Tokens, idempotency records and counts: the same on every backend.
extension StoreContractTests {
    @Test("tokens are found by hash, listed oldest first, and revoked once", arguments: Backend.available)
    func tokens(backend: Backend) async throws {
        try await backend.withStore { store in
            let first = TokenRecord(
                id: "tok-b", name: "fenna", role: "facilitator", organisation: nil, hash: "hash-1",
                createdAt: StoreFixture.now)
            let second = TokenRecord(
                id: "tok-a", name: "linde", role: "submitter", organisation: "HAP De Linde", hash: "hash-2",
                createdAt: StoreFixture.now + 1)
            try await store.addToken(second)
            try await store.addToken(first)
            #expect(try await store.token(hash: "hash-2") == second)
            #expect(try await store.token(hash: "hash-3") == nil)
            #expect(try await store.tokens() == [first, second])

            #expect(try await store.revokeToken(id: "tok-b", at: StoreFixture.now + 60))
            #expect(try await !store.revokeToken(id: "tok-b", at: StoreFixture.now + 120), "revoked once only")
            #expect(try await !store.revokeToken(id: "tok-none", at: StoreFixture.now))
            #expect(try await store.token(hash: "hash-1")?.revokedAt == StoreFixture.now + 60)
            #expect(try await store.token(hash: "hash-2")?.revokedAt == nil)
        }
    }

    @Test("the first answer recorded for an idempotency key wins, also inside a commit", arguments: Backend.available)
    func idempotency(backend: Backend) async throws {
        try await backend.withStore { store in
            @Sendable func record(_ principal: String, _ key: String, body: String) -> IdempotencyRecord {
                IdempotencyRecord(
                    principal: principal, key: key, requestHash: "request-\(body)", status: 201, body: body,
                    createdAt: StoreFixture.now)
            }
            #expect(try await store.idempotencyRecord(principal: "tok-1", key: "k1") == nil)
            try await store.saveIdempotencyRecord(record("tok-1", "k1", body: "first"))
            try await store.saveIdempotencyRecord(record("tok-1", "k1", body: "second"))
            try await store.saveIdempotencyRecord(record("tok-2", "k1", body: "other caller"))
            #expect(
                try await store.idempotencyRecord(principal: "tok-1", key: "k1") == record("tok-1", "k1", body: "first")
            )
            #expect(try await store.idempotencyRecord(principal: "tok-2", key: "k1")?.body == "other caller")

            // A command carrying a key that is taken is refused whole: no idea, no event.
            let handler = CommandHandler(store: store, library: StoreFixture.library)
            await #expect {
                try await handler.submit(
                    id: "idea-1", workflowID: "primary-care-innovation", organisation: "HAP De Linde",
                    region: "Twente", fields: StoreFixture.fields, actor: StoreFixture.submitter("HAP De Linde"),
                    now: StoreFixture.now, receipt: { _ in record("tok-1", "k1", body: "third") })
            } throws: { error in
                if case .store(.duplicateIdempotencyKey) = error as? CommandFailure { return true }
                return false
            }
            #expect(try await store.idea("idea-1") == nil)
            #expect(try await store.history(of: "idea-1").isEmpty)

            // A free key is recorded with the command.
            try await handler.submit(
                id: "idea-1", workflowID: "primary-care-innovation", organisation: "HAP De Linde", region: "Twente",
                fields: StoreFixture.fields, actor: StoreFixture.submitter("HAP De Linde"), now: StoreFixture.now,
                receipt: { outcome in record("tok-1", "k2", body: outcome.idea.id) })
            #expect(try await store.idempotencyRecord(principal: "tok-1", key: "k2")?.body == "idea-1")
        }
    }

    @Test("ideas are counted by stage, region and theme; ideas without a theme first", arguments: Backend.available)
    func counts(backend: Backend) async throws {
        try await backend.withStore { store in
            let handler = CommandHandler(store: store, library: StoreFixture.library)
            for (index, region) in ["Twente", "Zeeland", "Twente"].enumerated() {
                try await StoreFixture.submit(handler, id: "care-\(index)", region: region)
            }
            let quickFields: FieldValues = [
                "title": .text("Terugbelrooster"), "summary": .text("Vaste terugbeltijden"),
            ]
            for (index, theme) in [nil, "innovatie_technologie", nil].enumerated() {
                var fields = quickFields
                if let theme { fields["theme"] = .text(theme) }
                try await handler.submit(
                    id: "quick-\(index)", workflowID: "quick-wins", organisation: "HAP De Linde", region: "Zeeland",
                    fields: fields, actor: StoreFixture.submitter("HAP De Linde"), now: StoreFixture.now)
            }
            try await handler.execute(
                .decide(.kill(reason: "dubbel")), on: "quick-2", actor: StoreFixture.facilitator, now: StoreFixture.now)

            #expect(
                try await store.counts(groupedBy: .theme, workflowID: nil, visibility: nil) == [
                    IdeaCount(
                        workflowID: "primary-care-innovation", value: "anders_besturen", status: "active", count: 3),
                    IdeaCount(workflowID: "quick-wins", value: nil, status: "active", count: 1),
                    IdeaCount(workflowID: "quick-wins", value: nil, status: "killed", count: 1),
                    IdeaCount(workflowID: "quick-wins", value: "innovatie_technologie", status: "active", count: 1),
                ])
            #expect(
                try await store.counts(groupedBy: .region, workflowID: "primary-care-innovation", visibility: nil) == [
                    IdeaCount(workflowID: "primary-care-innovation", value: "Twente", status: "active", count: 2),
                    IdeaCount(workflowID: "primary-care-innovation", value: "Zeeland", status: "active", count: 1),
                ])
            let stages = try await store.counts(groupedBy: .stage, workflowID: "quick-wins", visibility: nil)
            let stageCounts = try await store.stageCounts(workflowID: "quick-wins", visibility: nil)
            #expect(
                stages.map { "\($0.value ?? "-") \($0.status) \($0.count)" }
                    == stageCounts.map {
                        "\($0.stage) \($0.status.rawValue) \($0.count)"
                    })
            #expect(stages.map(\.count).reduce(0, +) == 3)
        }
    }

    @Test(
        "every aggregate counts only what the reader may list: counts and stage counts agree with the scoped list",
        arguments: Backend.available)
    func scopedCounts(backend: Backend) async throws {
        try await backend.withStore { store in
            let handler = CommandHandler(store: store, library: StoreFixture.library)
            let placed = [("HAP De Linde", "Twente"), ("HAP De Linde", "Zeeland"), ("Zorggroep Oost", "Twente")]
            for (index, (organisation, region)) in placed.enumerated() {
                try await StoreFixture.submit(handler, id: "idea-\(index)", organisation: organisation, region: region)
            }
            try await handler.execute(
                .decide(.kill(reason: "dubbel")), on: "idea-2", actor: StoreFixture.facilitator, now: StoreFixture.now)
            let scopes: [IdeaVisibility?] = [
                nil,
                IdeaVisibility(organisation: "HAP De Linde", sharedStages: []),
                IdeaVisibility(organisation: "Zorggroep Oost", sharedStages: []),
                IdeaVisibility(organisation: "Nobody", sharedStages: []),
                IdeaVisibility(
                    organisation: "Nobody",
                    sharedStages: [.init(workflowID: "primary-care-innovation", stage: "proposal")]),
            ]
            for visibility in scopes {
                let listed = try await store.ideas(IdeaQuery(visibility: visibility, limit: 500)).ideas
                for dimension in CountDimension.allCases {
                    let counts = try await store.counts(groupedBy: dimension, workflowID: nil, visibility: visibility)
                    #expect(
                        counts.map(\.count).reduce(0, +) == listed.count,
                        "\(dimension) \(String(describing: visibility))")
                }
                let regions = try await store.counts(groupedBy: .region, workflowID: nil, visibility: visibility)
                let listedRegions = Dictionary(grouping: listed, by: \.region).mapValues(\.count)
                #expect(
                    Dictionary(grouping: regions, by: { $0.value ?? "" }).mapValues { $0.map(\.count).reduce(0, +) }
                        == listedRegions)
                let stages = try await store.stageCounts(workflowID: nil, visibility: visibility)
                #expect(stages.map(\.count).reduce(0, +) == listed.count)
                // The regions' counts (region x workflow x stage x theme x status) group the same list.
                let cells = try await store.regionCounts(visibility: visibility)
                let counted = Dictionary(grouping: cells) {
                    "\($0.region) \($0.workflowID) \($0.stage) \($0.theme ?? "-") \($0.status)"
                }.mapValues { $0.map(\.count).reduce(0, +) }
                let expected = Dictionary(grouping: listed) {
                    "\($0.region) \($0.workflowID) \($0.stage) \($0.theme ?? "-") \($0.status.rawValue)"
                }.mapValues(\.count)
                #expect(counted == expected, "region counts \(String(describing: visibility))")
            }
            let own = try await store.counts(
                groupedBy: .region, workflowID: nil,
                visibility: IdeaVisibility(organisation: "Zorggroep Oost", sharedStages: []))
            #expect(
                own == [IdeaCount(workflowID: "primary-care-innovation", value: "Twente", status: "killed", count: 1)])
        }
    }
}
