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
            "workflow_id": workflow.id, "workflow_name": workflow.name, "ideas": report.ideas, "killed": report.killed,
            "chart": report.svg(title: labels.format("funnel_chart", ["name": workflow.name])),
            "rows": report.rows.map { row -> [String: Any] in
                [
                    "stage": row.stage.name, "reached": row.reached, "now": row.now,
                    "conversion": row.conversion.map { String(format: "%.0f%%", $0 * 100) } ?? "–",
                    "median": row.medianDays.map { String(format: "%.1f", $0) } ?? "–",
                ]
            },
            "csv": "/funnel.csv?" + query,
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

    func funnelCSV(_ request: Request, _ visitor: Visitor) async throws -> Response {
        let (workflow, _, report) = try await funnelReport(request, visitor)
        return PageResponse.download(
            report.csv(workflow: workflow), contentType: "text/csv; charset=utf-8",
            filename: "funnel-\(workflow.id).csv")
    }

    /// The funnel of the ideas the person may see, filtered by region and theme.
    private func funnelReport(_ request: Request, _ visitor: Visitor) async throws -> (
        Workflow, BoardView.Filters, FunnelReport
    ) {
        let parameters = request.uri.queryParameters
        func value(_ name: String) -> String? {
            parameters.get(name).flatMap { $0.isEmpty ? nil : String($0.prefix(200)) }
        }
        let workflowID = value("workflow") ?? library.latestWorkflows.first?.id ?? ""
        guard let workflow = library.latest(workflowID) else {
            throw PageError(.notFound, "unknown workflow '\(workflowID.prefix(60))'")
        }
        let filters = BoardView.Filters(region: value("region"), theme: value("theme"), organisation: nil)
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
