import PipelineCore

/// Draws a workflow's stages and gates as a diagram, the gate criteria summarised on the edges,
/// so that people can look at a workflow instead of reading it.
public enum WorkflowGraph {
    public enum Format: String, Sendable, CaseIterable {
        case mermaid
        case dot
    }

    public static func render(_ workflow: Workflow, as format: Format) -> String {
        switch format {
        case .mermaid: return mermaid(workflow)
        case .dot: return dot(workflow)
        }
    }

    /// One line per check of a gate: `deliverables: summary, theme`, `cost_eur <= 250000`, `2× facilitator`,
    /// and `go with conditions (at most 5)` where a go may carry conditions.
    public static func summary(of gate: Gate) -> [String] {
        var lines: [String] = []
        if !gate.deliverables.isEmpty { lines.append("needs " + gate.deliverables.joined(separator: ", ")) }
        lines += gate.mustMeet.map { $0.label ?? $0.expression.description }
        lines += gate.approvals.map { "\($0.count)× \($0.role) approves" }
        if let card = gate.scorecard {
            lines.append(
                "scorecard by \(card.role): ≥ \(Value.format(card.passMark)) of \(card.scale.upperBound), \(card.minReviews) review\(card.minReviews == 1 ? "" : "s")"
            )
        }
        if gate.conditionalGo {
            lines.append("go with conditions" + (gate.maxConditions.map { " (at most \($0))" } ?? ""))
        }
        return lines
    }

    /// A stage's service level as the diagram shows it: `SLA 30d` for a mark, `SLA 45d/60d/90d` for
    /// a ladder with all three steps (remind, escalate, hold), `SLA remind 45d, hold 90d` for part of one.
    public static func slaLabel(of stage: Stage) -> String? {
        guard let ladder = stage.ladder else { return stage.sla.map { "SLA \($0)" } }
        let steps = [("remind", ladder.remind), ("escalate", ladder.escalate), ("hold", ladder.hold)]
            .compactMap { name, duration in duration.map { (name: name, duration: $0) } }
        if steps.isEmpty { return stage.sla.map { "SLA \($0)" } }
        if steps.count == 3 { return "SLA " + steps.map { "\($0.duration)" }.joined(separator: "/") }
        return "SLA " + steps.map { "\($0.name) \($0.duration)" }.joined(separator: ", ")
    }

    /// The label of each route: `when …` for a guarded route, `otherwise` for the last of several.
    public static func routeLabels(of gate: Gate) -> [String?] {
        gate.routes.map { route in
            route.guardSource.map { "when " + $0 } ?? (gate.routes.count > 1 ? "otherwise" : nil)
        }
    }

    /// Stages are boxes (rounded for end states), gates are hexagons with their checks.
    private static func mermaid(_ workflow: Workflow) -> String {
        var lines = ["flowchart LR"]
        for stage in workflow.stages {
            let label = mermaidText(stage.name + (slaLabel(of: stage).map { " (\($0))" } ?? ""))
            lines.append(stage.isTerminal ? "    \(stage.id)([\"\(label)\"])" : "    \(stage.id)[\"\(label)\"]")
        }
        for gate in workflow.gates {
            let label = ([gate.name] + summary(of: gate)).map(mermaidText).joined(separator: "<br/>")
            lines.append("    gate_\(gate.id){{\"\(label)\"}}")
            for from in gate.from { lines.append("    \(from) --> gate_\(gate.id)") }
            for (route, routeLabel) in zip(gate.routes, routeLabels(of: gate)) {
                let arrow = routeLabel.map { "-->|\"\(mermaidText($0))\"|" } ?? "-->"
                lines.append("    gate_\(gate.id) \(arrow) \(route.to)")
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    private static func dot(_ workflow: Workflow) -> String {
        var lines = [
            "digraph \"\(dotText(workflow.id))\" {", "    rankdir=LR;", "    node [shape=box, style=rounded];",
        ]
        for stage in workflow.stages {
            let label = ([stage.name] + (slaLabel(of: stage).map { [$0] } ?? [])).map(dotText).joined(separator: "\\n")
            let shape = stage.isTerminal ? ", peripheries=2" : ""
            lines.append("    \"\(stage.id)\" [label=\"\(label)\"\(shape)];")
        }
        for gate in workflow.gates {
            let label = ([gate.name] + summary(of: gate)).map(dotText).joined(separator: "\\n")
            lines.append("    \"gate_\(gate.id)\" [label=\"\(label)\", shape=hexagon, style=solid];")
            for from in gate.from { lines.append("    \"\(from)\" -> \"gate_\(gate.id)\";") }
            for (route, routeLabel) in zip(gate.routes, routeLabels(of: gate)) {
                let attributes = routeLabel.map { " [label=\"\(dotText($0))\"]" } ?? ""
                lines.append("    \"gate_\(gate.id)\" -> \"\(route.to)\"\(attributes);")
            }
        }
        lines.append("}")
        return lines.joined(separator: "\n") + "\n"
    }

    /// Mermaid labels are quoted; quotes and markup inside become entity codes.
    private static func mermaidText(_ text: String) -> String {
        text.replacingAll(["\"": "#quot;", "<": "#lt;", ">": "#gt;", "|": "#124;", "\n": " "])
    }

    private static func dotText(_ text: String) -> String {
        text.replacingAll(["\\": "\\\\", "\"": "\\\"", "\n": " "] as [Character: String])
    }
}

extension String {
    fileprivate func replacingAll(_ replacements: [Character: String]) -> String {
        var result = ""
        for character in self { result += replacements[character] ?? String(character) }
        return result
    }
}
