import Foundation
import Hummingbird
import PipelineCore
import PipelineStore

extension WebPages {
    func funnel(_ request: Request, _ visitor: Visitor) async throws -> Response {
        let (workflow, filters, report) = try await funnelReport(request, visitor)
        let pairs: [(String, String?)] = [
            ("workflow", workflow.id), ("region", filters.region), ("theme", filters.theme),
        ]
        let query = pairs.compactMap { name, value in value.map { "\(name)=\(PageResponse.queryEscaped($0))" } }
            .joined(separator: "&")
        let all = try await visibleIdeas(visitor.actor, workflowID: workflow.id)
        let values: [String: Any] = [
            "workflow_id": workflow.id, "workflow_name": workflow.name, "ideas": DutchFormat.number(report.ideas),
            "killed": DutchFormat.number(report.killed),
            "chart": report.svg(title: labels.format("funnel_chart", ["name": workflow.name])),
            "rows": report.rows.map { row -> [String: Any] in
                [
                    "stage": row.stage.name, "reached": DutchFormat.number(row.reached),
                    "now": DutchFormat.number(row.now),
                    "from": row.predecessors.isEmpty ? "–" : row.predecessors.map(\.name).joined(separator: ", "),
                    "from_reached": row.predecessorsReached.map(DutchFormat.number) ?? "–",
                    "conversion": row.conversion.map(Self.percent) ?? "–",
                    "median": row.medianDays.map { DutchFormat.number($0, maximumFractionDigits: 1) } ?? "–",
                ]
            },
            "paths": report.paths.map { row -> [String: Any] in
                [
                    "path": pathLabel(row.path, in: workflow), "ideas": DutchFormat.number(row.ideas),
                    "share": Self.percent(row.share),
                ]
            },
            "paths_share": labels.format("funnel_paths_share", ["count": DutchFormat.number(report.ideas)]),
            "paths_total_share": Self.percent(report.ideas == 0 ? 0 : 1),
            "csv": "/funnel.csv?" + query,
            "paths_csv": "/funnel.csv?" + query + "&table=paths",
            "compare": "/compare?workflow=" + PageResponse.queryEscaped(workflow.id),
            "workflows": library.latestWorkflows.map {
                ["value": $0.id, "label": $0.name, "selected": $0.id == workflow.id]
            },
            "regions": Set(all.map(\.region)).sorted().map { ["value": $0, "selected": $0 == filters.region] },
            "themes": (workflow.field("theme")?.type.options ?? []).map {
                ["value": $0.value, "label": $0.label, "selected": $0.value == filters.theme]
            },
        ]
        return html("funnel", values, visitor: visitor, title: labels["funnel_title"])
    }

    /// `/funnel.csv`: the stage table, or with `?table=paths` the paths table; `&format=rfc4180` for
    /// programs.
    func funnelCSV(_ request: Request, _ visitor: Visitor) async throws -> Response {
        let dialect = try csvDialect(request)
        let (workflow, _, report) = try await funnelReport(request, visitor)
        let text: String
        let name: String
        switch request.uri.queryParameters.get("table") ?? "stages" {
        case "stages": (text, name) = (report.csv(workflow: workflow, dialect: dialect), "funnel")
        case "paths": (text, name) = (report.pathsCSV(workflow: workflow, dialect: dialect), "funnel-paths")
        default: throw PageError(.notFound, labels.format("csv_unknown_table", ["tables": "stages, paths"]))
        }
        return PageResponse.download(
            text, contentType: "text/csv; charset=utf-8", filename: "\(name)-\(Self.fileName(workflow.id)).csv")
    }

    /// A path as people read it: the stage names with arrows; a stop without a stage ends in
    /// "stopped", and a stop after a recycle back says where it happened.
    func pathLabel(_ path: IdeaPath, in workflow: Workflow) -> String {
        var text = path.stages.map { workflow.stage($0)?.name ?? $0 }.joined(separator: " → ")
        if path.stoppedWithoutStage(in: workflow) {
            text += (text.isEmpty ? "" : " → ") + labels["funnel_path_stopped"]
        }
        if path.stoppedElsewhere(in: workflow), let stage = path.stoppedIn {
            text += " " + labels.format("funnel_path_stopped_in", ["stage": workflow.stage(stage)?.name ?? stage])
        }
        return text.isEmpty ? "–" : text
    }

    static func percent(_ share: Double) -> String { String(format: "%.0f%%", share * 100) }

    /// The workflow that `?workflow=` names, or the first one.
    func requestedWorkflow(_ request: Request) throws -> Workflow {
        let workflowID = queryValue(request, "workflow") ?? library.latestWorkflows.first?.id ?? ""
        guard let workflow = library.latest(workflowID) else {
            throw PageError(.notFound, labels.format("error_unknown_workflow", ["id": String(workflowID.prefix(60))]))
        }
        return workflow
    }

    /// A query parameter, `nil` when empty, cut at 200 characters.
    func queryValue(_ request: Request, _ name: String) -> String? {
        request.uri.queryParameters.get(name).flatMap { $0.isEmpty ? nil : String($0.prefix(200)) }
    }

    /// The funnel of the ideas the person may see, filtered by region and theme.
    private func funnelReport(_ request: Request, _ visitor: Visitor) async throws -> (
        Workflow, BoardView.Filters, FunnelReport
    ) {
        let workflow = try requestedWorkflow(request)
        let filters = BoardView.Filters(
            region: queryValue(request, "region"), theme: queryValue(request, "theme"), organisation: nil)
        let ideas = try await visibleIdeas(visitor.actor, workflowID: workflow.id).filter(filters.admits)
        var histories: [(idea: Idea, events: [StoredEvent])] = []
        for idea in ideas {
            do { histories.append((idea, try await store.history(of: idea.id))) } catch {
                throw PageError(.serviceUnavailable, labels["error_unavailable"])
            }
        }
        return (workflow, filters, FunnelReport(workflow: workflow, histories: histories))
    }
}
