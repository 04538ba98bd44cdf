import Foundation
import PipelineCore

/// One labour-market region's ideas, counted: in all, by status, by stage and by theme. Made from
/// the store's `regionCounts(visibility:)`, so it counts only the ideas its reader may see; the
/// API (`/v1/regions`) and the pages (`/regions`) both show it.
public struct RegionSummary: Sendable, Hashable {
    public let name: String
    public private(set) var ideas = 0
    public private(set) var active = 0
    public private(set) var onHold = 0
    public private(set) var completed = 0
    public private(set) var killed = 0
    /// Ideas per stage id (of any workflow).
    public private(set) var byStage: [String: Int] = [:]
    /// Ideas per theme; ideas without a theme are not in it.
    public private(set) var byTheme: [String: Int] = [:]
    /// The region's implementations of adopted ideas.
    public private(set) var adoptions = Adoptions()

    /// A region's implementations by step, and the sums of the outcomes of those not stopped.
    public struct Adoptions: Sendable, Hashable {
        public var adopting = 0
        /// Running: live or evaluated.
        public var live = 0
        public var evaluated = 0
        public var stopped = 0
        /// Outcome sums by field id, over the implementations that are not stopped.
        public var outcomes: [String: Double] = [:]

        public var total: Int { adopting + live + stopped }
    }

    public init(name: String) {
        self.name = name
    }

    mutating func add(_ count: AdoptionCount) {
        switch count.step {
        case .adopting: adoptions.adopting += count.count
        case .live: adoptions.live += count.count
        case .evaluated:
            adoptions.live += count.count
            adoptions.evaluated += count.count
        case .stopped: adoptions.stopped += count.count
        }
        guard count.step != .stopped else { return }
        for (field, sum) in count.sums { adoptions.outcomes[field, default: 0] += sum }
    }

    /// The regions' overview as the API and the pages show it: the ideas the reader may see (the
    /// shared visibility condition), and every region's adoptions (counts, which everyone sees
    /// as everyone who sees an idea sees its roll-up) with the outcomes the workflows name.
    public static func load(
        store: any Store, library: WorkflowLibrary, regions: RegionList, visibility: IdeaVisibility?
    ) async throws(StoreError) -> [RegionSummary] {
        let counts = try await store.regionCounts(visibility: visibility)
        let adoptions = try await store.adoptionCounts(outcomes: outcomeFields(library))
        return summaries(regions: regions.names, counts: counts, adoptions: adoptions)
    }

    /// The outcomes that the workflows' `adoption:` sections name, once each, in their order.
    public static func outcomeFields(_ library: WorkflowLibrary) -> [String] {
        var fields: [String] = []
        for workflow in library.workflows {
            for field in workflow.adoption?.outcomes ?? [] where !fields.contains(field) { fields.append(field) }
        }
        return fields
    }

    mutating func add(_ count: RegionCount) {
        ideas += count.count
        switch Idea.Status(rawValue: count.status) {
        case .active: active += count.count
        case .onHold: onHold += count.count
        case .completed: completed += count.count
        case .killed: killed += count.count
        case nil: break
        }
        byStage[count.stage, default: 0] += count.count
        if let theme = count.theme { byTheme[theme, default: 0] += count.count }
    }

    /// Every region of `regions` in its order, those without ideas too; then any region the counts
    /// name that the list does not (an idea from before the list changed), by name.
    public static func summaries(
        regions: [String], counts: [RegionCount], adoptions: [AdoptionCount] = []
    ) -> [RegionSummary] {
        var byName: [String: RegionSummary] = [:]
        for count in counts { byName[count.region, default: RegionSummary(name: count.region)].add(count) }
        for count in adoptions { byName[count.region, default: RegionSummary(name: count.region)].add(count) }
        let listed = Set(regions)
        return regions.map { byName[$0] ?? RegionSummary(name: $0) }
            + byName.keys.filter { !listed.contains($0) }.sorted().compactMap { byName[$0] }
    }

    /// The stages with ideas, most ideas first (by id on a tie).
    public var largestStages: [(stage: String, count: Int)] {
        byStage.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }.map { ($0.key, $0.value) }
    }

    /// A CSV table in `dialect`, one row per region: the counts, then a `stage:<id>` column per stage
    /// (`stageOrder` first, then any other by id) and a `theme:<value>` column per theme (by value).
    public static func csv(_ summaries: [RegionSummary], stageOrder: [String], dialect: CSV.Dialect = .rfc4180)
        -> String
    {
        let counted = Set(summaries.flatMap(\.byStage.keys))
        var stages: [String] = []
        for stage in stageOrder where !stages.contains(stage) { stages.append(stage) }
        stages += counted.subtracting(stages).sorted()
        let themes = Set(summaries.flatMap(\.byTheme.keys)).sorted()
        let outcomes = Set(summaries.flatMap(\.adoptions.outcomes.keys)).sorted()
        var rows = [
            ["region", "ideas", "active", "on_hold", "completed", "killed"] + stages.map { "stage:\($0)" }
                + themes.map { "theme:\($0)" }
                + ["adoptions_adopting", "adoptions_live", "adoptions_evaluated", "adoptions_stopped"]
                + outcomes.map { "outcome:\($0)" }
        ]
        for summary in summaries {
            let adoptions = summary.adoptions
            rows.append(
                [summary.name]
                    + [summary.ideas, summary.active, summary.onHold, summary.completed, summary.killed].map(
                        String.init) + stages.map { String(summary.byStage[$0] ?? 0) }
                    + themes.map { String(summary.byTheme[$0] ?? 0) }
                    + [adoptions.adopting, adoptions.live, adoptions.evaluated, adoptions.stopped].map(String.init)
                    + outcomes.map { dialect.number(adoptions.outcomes[$0] ?? 0) })
        }
        return CSV.table(rows, dialect: dialect)
    }
}
