import Foundation
import PipelineCore
import PipelineStore

/// How far ideas get, and by which way: for each stage of a workflow, how many ideas reached it,
/// the share of those that reached the stages leading into it (its gate graph's predecessors,
/// not the row above) that went on to it, and the median days an idea spent there; and the
/// ideas per path (``IdeaPath``), which add up to the ideas. Computed from the events.
///
/// A stage is reached when an idea enters it going forward (submitted, a go, a stop), so an idea
/// reaches a stage exactly when its path has it: the stage table and the paths table agree.
struct FunnelReport {
    struct Row: Equatable {
        let stage: Stage
        let reached: Int
        /// The stages whose gates lead here (`from` of every gate with a route to this stage),
        /// in workflow order; empty for the first stage.
        let predecessors: [Stage]
        /// Ideas that reached any of the predecessors; `nil` without predecessors.
        let predecessorsReached: Int?
        /// Of the ideas that reached a predecessor, the share that reached this stage; `nil`
        /// without predecessors or when none reached them, never a share of a stage not passed.
        let conversion: Double?
        /// Median days over visits that ended (the idea moved on, back or was stopped).
        let medianDays: Double?
        let now: Int
    }

    /// One path and how many ideas took it.
    struct PathRow: Equatable {
        let path: IdeaPath
        let ideas: Int
        /// `ideas` over all the report's ideas.
        let share: Double
    }

    let rows: [Row]
    let paths: [PathRow]
    let ideas: Int
    let killed: Int

    /// `histories` holds each idea with its events, oldest first.
    init(workflow: Workflow, histories: [(idea: Idea, events: [StoredEvent])]) {
        var reached: [String: Set<String>] = [:]
        var days: [String: [Double]] = [:]
        var current: [String: Int] = [:]
        var pathCounts: [IdeaPath: Int] = [:]
        var killed = 0
        for (idea, events) in histories {
            let path = IdeaPath(events: events)
            pathCounts[path, default: 0] += 1
            for stage in path.stages { reached[stage, default: []].insert(idea.id) }
            // Days count every visit, recycles' too.
            var stage: String?
            var entered = idea.submittedAt
            func move(to next: String?, at time: Date) {
                if let stage { days[stage, default: []].append(time.timeIntervalSince(entered) / 86_400) }
                stage = next
                entered = time
            }
            for stored in events {
                switch stored.event.change {
                case .submitted(_, _, _, _, let first, _): move(to: first, at: stored.event.at)
                case .advanced(_, _, let to), .recycled(_, let to, _): move(to: to, at: stored.event.at)
                case .killed(_, _, let to): move(to: to, at: stored.event.at)
                default: break
                }
            }
            if idea.status == .killed { killed += 1 }
            current[idea.stage, default: 0] += 1
        }
        var rows: [Row] = []
        for stage in workflow.stages where stage.terminal != .stopped {
            let ideas = reached[stage.id] ?? []
            let predecessors = Self.predecessors(of: stage.id, in: workflow)
            let before = predecessors.reduce(into: Set<String>()) { $0.formUnion(reached[$1.id] ?? []) }
            rows.append(
                Row(
                    stage: stage, reached: ideas.count, predecessors: predecessors,
                    predecessorsReached: predecessors.isEmpty ? nil : before.count,
                    conversion: before.isEmpty ? nil : Double(ideas.intersection(before).count) / Double(before.count),
                    medianDays: stage.isTerminal ? nil : AdoptionRollup.median(days[stage.id] ?? []),
                    now: current[stage.id] ?? 0))
        }
        let total = histories.count
        self.rows = rows
        self.paths = pathCounts.sorted { left, right in
            left.value != right.value ? left.value > right.value : IdeaPath.precedes(left.key, right.key, in: workflow)
        }.map { PathRow(path: $0.key, ideas: $0.value, share: total == 0 ? 0 : Double($0.value) / Double(total)) }
        self.ideas = total
        self.killed = killed
    }

    /// The stages with a gate that leads to `stageID`, in workflow order.
    static func predecessors(of stageID: String, in workflow: Workflow) -> [Stage] {
        let from = Set(workflow.gates.filter { $0.routes.contains { $0.to == stageID } }.flatMap(\.from))
        return workflow.stages.filter { from.contains($0.id) && $0.id != stageID }
    }

    /// A CSV table in `dialect`, one row per stage. `conversion` is the share of `comes_from_reached`
    /// (the ideas that reached any stage of `comes_from`, ids separated by spaces).
    func csv(workflow: Workflow, dialect: CSV.Dialect) -> String {
        var table = [
            [
                "workflow", "stage", "stage_name", "reached", "conversion", "median_days", "in_stage_now", "comes_from",
                "comes_from_reached",
            ]
        ]
        for row in rows {
            table.append([
                workflow.id, row.stage.id, row.stage.name, String(row.reached),
                row.conversion.map { dialect.number($0, fractionDigits: 3) } ?? "",
                row.medianDays.map { dialect.number($0, fractionDigits: 1) } ?? "", String(row.now),
                row.predecessors.map(\.id).joined(separator: " "), row.predecessorsReached.map(String.init) ?? "",
            ])
        }
        return CSV.table(table, dialect: dialect)
    }

    /// A CSV table in `dialect`, one row per path, most ideas first: the stage ids (`proposal>pilot`),
    /// their names, where a stopped idea was stopped, the ideas and their share of all ideas.
    /// The `ideas` column adds up to the report's ideas.
    func pathsCSV(workflow: Workflow, dialect: CSV.Dialect) -> String {
        var table = [["workflow", "path", "path_names", "stopped_in", "ideas", "share"]]
        for row in paths {
            table.append([
                workflow.id, row.path.key,
                row.path.stages.map { workflow.stage($0)?.name ?? $0 }.joined(separator: " → "),
                row.path.stoppedIn ?? "", String(row.ideas), dialect.number(row.share, fractionDigits: 3),
            ])
        }
        return CSV.table(table, dialect: dialect)
    }

    /// Bars of ideas reached per stage, with the count at the end of each bar.
    func svg(title: String) -> String {
        let barHeight = 30
        let labelWidth = 230
        let chartWidth = 420
        let height = 20 + rows.count * (barHeight + 12)
        var svg = SVG(width: labelWidth + chartWidth + 80, height: height, title: title)
        let largest = max(1, rows.map(\.reached).max() ?? 1)
        for (index, row) in rows.enumerated() {
            let y = 10 + index * (barHeight + 12)
            svg.text(
                row.stage.name, x: labelWidth - 10, y: y + barHeight / 2 + 5, className: "bar-label", anchor: "end")
            let width = max(2, chartWidth * row.reached / largest)
            svg.rect(x: labelWidth, y: y, width: width, height: barHeight, className: "bar")
            svg.text(
                DutchFormat.number(row.reached), x: labelWidth + width + 8, y: y + barHeight / 2 + 5,
                className: "bar-value")
        }
        return svg.document
    }
}
