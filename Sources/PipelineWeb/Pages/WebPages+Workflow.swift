import Foundation
import Hummingbird
import PipelineCore

extension WebPages {
    /// The workflow as a diagram and each gate's criteria in words.
    func workflowPage(_ visitor: Visitor, id: String) throws -> Response {
        guard let workflow = library.latest(id) else {
            throw PageError(.notFound, labels.format("error_unknown_workflow", ["id": String(id.prefix(60))]))
        }
        let values: [String: Any] = [
            "workflow_id": workflow.id, "workflow_name": workflow.name, "version": workflow.version,
            "workflow_description": workflow.description ?? "",
            "diagram": WorkflowDiagram.svg(workflow, words: WorkflowDiagram.Words(labels, workflow: workflow)),
            "stages": workflow.stages.map { stage -> [String: Any] in
                [
                    "name": stage.name, "id": stage.id, "description": stage.description ?? "",
                    "sla": stage.sla.map { BoardView.words($0, labels) } ?? "",
                    "terminal": stage.isTerminal, "shared": stage.shared,
                    "fields": stage.editable.compactMap { workflow.field($0)?.label }.joined(separator: ", "),
                ]
            },
            "gates": workflow.gates.map { gateWords($0, workflow) },
        ]
        return html("workflow", values, visitor: visitor, title: workflow.name)
    }

    private func gateWords(_ gate: Gate, _ workflow: Workflow) -> [String: Any] {
        func stage(_ id: String) -> String { workflow.stage(id)?.name ?? id }
        func role(_ id: String) -> String { workflow.roles.first { $0.id == id }?.name ?? id }
        var criteria: [String] = []
        if !gate.deliverables.isEmpty {
            let names = gate.deliverables.map { workflow.field($0)?.label ?? $0 }
            criteria.append(labels.format("gate_deliverables", ["fields": names.joined(separator: ", ")]))
        }
        for rule in gate.mustMeet {
            criteria.append(
                labels.format("gate_rule", ["label": rule.label ?? rule.source, "rule": rule.source]))
        }
        for approval in gate.approvals {
            criteria.append(
                labels.format(
                    approval.count == 1 ? "gate_approval" : "gate_approvals",
                    ["count": String(approval.count), "role": role(approval.role)]))
        }
        if let scorecard = gate.scorecard {
            let list = scorecard.criteria.map { "\($0.label) (×\(DutchFormat.number($0.weight)))" }.joined(
                separator: ", ")
            criteria.append(
                labels.format(
                    "gate_scorecard",
                    [
                        "count": String(scorecard.minReviews), "role": role(scorecard.role),
                        "low": String(scorecard.scale.lowerBound), "high": String(scorecard.scale.upperBound),
                        "pass": DutchFormat.number(scorecard.passMark), "criteria": list,
                    ]))
        }
        let routes = gate.routes.map { route -> String in
            if let guardSource = route.guardSource {
                return labels.format("gate_route_when", ["stage": stage(route.to), "when": guardSource])
            }
            return labels.format(
                gate.routes.count == 1 ? "gate_route" : "gate_route_otherwise", ["stage": stage(route.to)])
        }
        return [
            "name": gate.name, "id": gate.id, "description": gate.description ?? "",
            "from": gate.from.map(stage).joined(separator: ", "), "criteria": criteria, "routes": routes,
        ]
    }
}
