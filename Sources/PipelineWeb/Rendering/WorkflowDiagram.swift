import PipelineCore

/// The stages of a workflow as boxes from top to bottom, and each gate's routes as arrows: forward
/// routes on the right, labelled with the gate; a kill leads to the stopped stage, drawn dashed.
enum WorkflowDiagram {
    static func svg(_ workflow: Workflow, title: String) -> String {
        let boxWidth = 300
        let boxHeight = 44
        let gap = 28
        let left = 20
        let routes = workflow.gates.flatMap { gate in gate.from.flatMap { from in gate.routes.map { (gate, from, $0) } }
        }
        let laneWidth = 34
        let width = left + boxWidth + 40 + laneWidth * max(1, routes.count) + 220
        let height = 20 + workflow.stages.count * (boxHeight + gap)
        var svg = SVG(width: width, height: height, title: title)
        var top: [String: Int] = [:]
        for (index, stage) in workflow.stages.enumerated() {
            let y = 10 + index * (boxHeight + gap)
            top[stage.id] = y
            let kind = stage.terminal == .stopped ? "stage stopped" : stage.isTerminal ? "stage done" : "stage"
            svg.rect(x: left, y: y, width: boxWidth, height: boxHeight, className: kind, rounded: 6)
            var name = stage.name
            if let sla = stage.sla { name += " (≤ \(sla))" }
            svg.text(name, x: left + boxWidth / 2, y: y + boxHeight / 2 + 5, className: "stage-name", anchor: "middle")
        }
        for (lane, (gate, from, route)) in routes.enumerated() {
            guard let fromY = top[from], let toY = top[route.to] else { continue }
            let x = left + boxWidth + 20 + lane * laneWidth
            let startY = fromY + boxHeight / 2
            let endY = toY + boxHeight / 2
            svg.path(
                "M \(left + boxWidth) \(startY) H \(x) V \(endY) H \(left + boxWidth + 4)",
                className: route.guard == nil ? "route" : "route guarded")
            var label = gate.name + " → " + (workflow.stage(route.to)?.name ?? route.to)
            if let guardSource = route.guardSource { label += " [\(guardSource)]" }
            svg.text(
                label, x: left + boxWidth + 20 + routes.count * laneWidth + 10,
                y: (startY + endY) / 2 + 4 + (lane % 2) * 12,
                className: "route-label")
        }
        return svg.document
    }
}
