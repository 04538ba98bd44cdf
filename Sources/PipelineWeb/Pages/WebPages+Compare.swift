import Foundation
import Hummingbird
import PipelineCore
import PipelineStore

extension WebPages {
    /// `/compare`: one workflow's ideas with the regions side by side, as a table of regions by
    /// theme and one of regions by stage, with totals.
    func compare(_ request: Request, _ visitor: Visitor) async throws -> Response {
        let (workflow, themes, stages) = try await comparison(request, visitor)
        let csv = "/compare.csv?workflow=" + PageResponse.queryEscaped(workflow.id)
        let values: [String: Any] = [
            "workflow_id": workflow.id, "workflow_name": workflow.name, "ideas": DutchFormat.number(themes.total),
            "themes": Self.tableValues(themes), "stages": Self.tableValues(stages),
            "themes_csv": csv + "&table=themes", "stages_csv": csv + "&table=stages",
            "funnel": "/funnel?workflow=" + PageResponse.queryEscaped(workflow.id),
            // Implementations are not ideas: the store's region counts leave them out.
            "workflows": library.latestWorkflows.filter { $0.kind == .idea || $0.id == workflow.id }.map {
                ["value": $0.id, "label": $0.name, "selected": $0.id == workflow.id]
            },
        ]
        return html("compare", values, visitor: visitor, title: labels["compare_title"])
    }

    /// `/compare.csv?table=themes` (the default) or `?table=stages`; `&format=rfc4180` for programs.
    func compareCSV(_ request: Request, _ visitor: Visitor) async throws -> Response {
        let dialect = try csvDialect(request)
        let (workflow, themes, stages) = try await comparison(request, visitor)
        let table: RegionComparison
        let name: String
        switch request.uri.queryParameters.get("table") ?? "themes" {
        case "themes": (table, name) = (themes, "themes")
        case "stages": (table, name) = (stages, "stages")
        default: throw PageError(.notFound, labels.format("csv_unknown_table", ["tables": "themes, stages"]))
        }
        return PageResponse.download(
            table.csv(dialect: dialect), contentType: "text/csv; charset=utf-8; header=present",
            filename: "compare-\(name)-\(Self.fileName(workflow.id)).csv")
    }

    /// Both tables from one store query, under the same visibility condition as every list.
    private func comparison(_ request: Request, _ visitor: Visitor) async throws -> (
        Workflow, RegionComparison, RegionComparison
    ) {
        let workflow = try requestedWorkflow(request)
        let counts: [RegionCount]
        do {
            counts = try await store.regionCounts(visibility: Access.visibility(for: visitor.actor, in: library))
        } catch { throw PageError(.serviceUnavailable, labels["error_unavailable"]) }
        let summaries = RegionSummary.summaries(
            regions: handler.regions.names, counts: counts.filter { $0.workflowID == workflow.id })
        return (
            workflow, RegionComparison.themes(summaries, workflow: workflow, noThemeLabel: labels["compare_no_theme"]),
            RegionComparison.stages(summaries, workflow: workflow)
        )
    }

    private static func tableValues(_ table: RegionComparison) -> [String: Any] {
        [
            "columns": table.columns.map(\.label),
            "rows": table.rows.map { row -> [String: Any] in
                [
                    "region": row.region, "cells": row.cells.map(DutchFormat.number),
                    "total": DutchFormat.number(row.total),
                ]
            },
            "totals": table.columnTotals.map(DutchFormat.number), "total": DutchFormat.number(table.total),
        ]
    }
}
