import Foundation
import PipelineCore

/// Ideas and their events: the one write of a command, and the reads of the read model.
public protocol IdeaStore: Sendable {
    /// Appends the events of one command, updates the idea's read model, writes one outbox row
    /// per matching subscription and the idea's timers (the fired one marked fired, the pending
    /// ones cancelled when the plan says so, the new ones scheduled), all in one transaction.
    /// Fails with `.conflict` when the idea's stored version is not `expectedVersion`, and with
    /// `.timerNotPending` when `firedTimer` is not a pending timer of the idea; then nothing is
    /// written.
    func commit(_ commit: CommandCommit) async throws(StoreError)

    /// The idea's current state, or `nil`.
    func idea(_ id: String) async throws(StoreError) -> Idea?

    /// Ideas matching a query, a page at a time, in a stable order.
    func ideas(_ query: IdeaQuery) async throws(StoreError) -> IdeaPage

    /// Every event of an idea, oldest first.
    func history(of id: String) async throws(StoreError) -> [StoredEvent]

    /// How many ideas are in each stage and status, of those `visibility` lets the reader see
    /// (`nil`: every idea).
    func stageCounts(workflowID: String?, visibility: IdeaVisibility?) async throws(StoreError) -> [StageCount]

    /// Idea counts grouped by workflow, a dimension and status, of those `visibility` lets the
    /// reader see (`nil`: every idea).
    func counts(
        groupedBy dimension: CountDimension, workflowID: String?, visibility: IdeaVisibility?
    ) async throws(StoreError) -> [IdeaCount]

    /// Idea counts grouped by region, workflow, stage, theme and status, of those `visibility`
    /// lets the reader see (`nil`: every idea), under the same condition as `counts`: the
    /// regions' overview (`RegionSummary`) adds them up.
    func regionCounts(visibility: IdeaVisibility?) async throws(StoreError) -> [RegionCount]

    /// Every implementation of the idea `parent` (the regions' adoptions), stopped ones
    /// included, oldest first: its roll-up and its list of adoptions are made from them.
    func implementations(of parent: String) async throws(StoreError) -> [Idea]

    /// Implementations grouped by region and step, with the sums of `outcomes` (number fields of
    /// the implementations) over each group: the regions' overview. Counts, not records: every
    /// reader sees them, as everyone who sees an idea sees its roll-up.
    func adoptionCounts(outcomes: [String]) async throws(StoreError) -> [AdoptionCount]
}
