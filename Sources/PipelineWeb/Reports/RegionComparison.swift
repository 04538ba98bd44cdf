import Foundation
import PipelineCore
import PipelineStore

/// Regions side by side: a row per region and a column per theme or per stage of one workflow,
/// with a total per row, per column and in all. Made from the store's `regionCounts(visibility:)`
/// (summed as ``RegionSummary``), so it counts the ideas its reader may see; every idea is in
/// exactly one cell, so the cells add up to those ideas.
struct RegionComparison {
    struct Column: Equatable {
        /// The theme value or stage id, as the CSV names it.
        let id: String
        let label: String
    }

    struct Row: Equatable {
        let region: String
        let cells: [Int]
        var total: Int { cells.reduce(0, +) }
    }

    let columns: [Column]
    let rows: [Row]

    var columnTotals: [Int] {
        columns.indices.map { column in rows.map { $0.cells[column] }.reduce(0, +) }
    }
    var total: Int { rows.map(\.total).reduce(0, +) }

    /// The column of ideas without a theme.
    static let noTheme = "no_theme"

    /// Regions × themes: the workflow's themes in its order, then any other value counted (by
    /// value), then ideas without a theme when there are any.
    static func themes(_ summaries: [RegionSummary], workflow: Workflow, noThemeLabel: String) -> RegionComparison {
        var columns = (workflow.field("theme")?.type.options ?? []).map { Column(id: $0.value, label: $0.label) }
        let known = Set(columns.map(\.id))
        columns += Set(summaries.flatMap(\.byTheme.keys)).subtracting(known).sorted().map { Column(id: $0, label: $0) }
        let without = summaries.map { $0.ideas - $0.byTheme.values.reduce(0, +) }
        if without.contains(where: { $0 > 0 }) { columns.append(Column(id: noTheme, label: noThemeLabel)) }
        let rows = zip(summaries, without).map { summary, without in
            Row(
                region: summary.name,
                cells: columns.map { $0.id == noTheme ? without : summary.byTheme[$0.id] ?? 0 })
        }
        return RegionComparison(columns: columns, rows: rows)
    }

    /// Regions × stages, by the stage each idea is in now: the workflow's stages in its order,
    /// then any other stage counted (from an earlier version of the workflow), by id.
    static func stages(_ summaries: [RegionSummary], workflow: Workflow) -> RegionComparison {
        var columns = workflow.stages.map { Column(id: $0.id, label: $0.name) }
        let known = Set(columns.map(\.id))
        columns += Set(summaries.flatMap(\.byStage.keys)).subtracting(known).sorted().map { Column(id: $0, label: $0) }
        let rows = summaries.map { summary in
            Row(region: summary.name, cells: columns.map { summary.byStage[$0.id] ?? 0 })
        }
        return RegionComparison(columns: columns, rows: rows)
    }

    /// A CSV table in `dialect`: `region`, a column per theme or stage (by id), `total`; a row per
    /// region and a last row `total`.
    func csv(dialect: CSV.Dialect) -> String {
        var table = [["region"] + columns.map(\.id) + ["total"]]
        for row in rows { table.append([row.region] + (row.cells + [row.total]).map(String.init)) }
        table.append(["total"] + (columnTotals + [total]).map(String.init))
        return CSV.table(table, dialect: dialect)
    }
}
