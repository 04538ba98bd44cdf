import Foundation
import PipelineCore
import PipelineStore

/// How far ideas get: for each stage of a workflow, how many ideas ever reached it, the share of
/// the previous stage's ideas that did, and the median days an idea spent there. Computed from
/// the events, so recycled ideas count once per stage and every visit's days count.
struct FunnelReport {
    struct Row: Equatable {
        let stage: Stage
        let reached: Int
        /// Reached here over reached in the previous row; `nil` for the first row.
        let conversion: Double?
        /// Median days over visits that ended (the idea moved on, back or was stopped).
        let medianDays: Double?
        let now: Int
    }

    let rows: [Row]
    let ideas: Int
    let killed: Int

    /// `histories` holds each idea with its events, oldest first.
    init(workflow: Workflow, histories: [(idea: Idea, events: [StoredEvent])]) {
        var reached: [String: Set<String>] = [:]
        var days: [String: [Double]] = [:]
        var current: [String: Int] = [:]
        var killed = 0
        for (idea, events) in histories {
            var stage: String?
            var entered = idea.submittedAt
            func move(to next: String?, at time: Date) {
                if let stage { days[stage, default: []].append(time.timeIntervalSince(entered) / 86_400) }
                stage = next
                entered = time
                if let next { reached[next, default: []].insert(idea.id) }
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
            let count = reached[stage.id]?.count ?? 0
            let previous = rows.last?.reached
            rows.append(
                Row(
                    stage: stage, reached: count,
                    conversion: previous.map { $0 == 0 ? 0 : Double(count) / Double($0) },
                    medianDays: stage.isTerminal ? nil : Self.median(days[stage.id] ?? []),
                    now: current[stage.id] ?? 0))
        }
        self.rows = rows
        self.ideas = histories.count
        self.killed = killed
    }

    static func median(_ values: [Double]) -> Double? {
        guard !values.isEmpty else { return nil }
        let sorted = values.sorted()
        let middle = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
    }

    /// A comma-separated table, one row per stage, for a spreadsheet.
    func csv(workflow: Workflow) -> String {
        var lines = ["workflow,stage,stage_name,reached,conversion,median_days,in_stage_now"]
        for row in rows {
            let fields = [
                workflow.id, row.stage.id, row.stage.name, String(row.reached),
                row.conversion.map { String(format: "%.3f", $0) } ?? "",
                row.medianDays.map { String(format: "%.1f", $0) } ?? "", String(row.now),
            ]
            lines.append(fields.map(Self.csvField).joined(separator: ","))
        }
        return lines.joined(separator: "\r\n") + "\r\n"
    }

    /// Quoted when needed; a leading = + - @ is neutralised so a spreadsheet never runs it as a formula.
    static func csvField(_ text: String) -> String { CSV.field(text) }

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
            svg.text(String(row.reached), x: labelWidth + width + 8, y: y + barHeight / 2 + 5, className: "bar-value")
        }
        return svg.document
    }
}
