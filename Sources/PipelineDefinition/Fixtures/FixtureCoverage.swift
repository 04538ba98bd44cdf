import PipelineCore

/// What the passing cases of a suite leave untested in a workflow: each gate holding and refusing
/// for each of its checks, each route, each step of each SLA ladder, a kill, a hold, a resume, a
/// recycle, and each go with conditions (and its conditions open and overdue at the next gate).
///
/// ```swift
/// let gaps = FixtureCoverage.gaps(in: workflow, results: report.results)
/// // ["gate 'scale_decision': no passing case takes route 2 (to regional_implementation)"]
/// ```
public enum FixtureCoverage {
    public static func gaps(in workflow: Workflow, results: [FixtureResult]) -> [String] {
        let passed = results.filter { $0.passed && $0.workflow == workflow.id }
        var coverage = FixtureResult.Coverage()
        for result in passed {
            coverage.routes.formUnion(result.coverage.routes)
            coverage.decisions.formUnion(result.coverage.decisions)
            coverage.conditionalGoes.formUnion(result.coverage.conditionalGoes)
            coverage.refusals.formUnion(result.coverage.refusals)
            coverage.timers.formUnion(result.coverage.timers)
            coverage.holdingGates.formUnion(result.coverage.holdingGates)
        }
        var gaps: [String] = []
        func refused(_ gate: Gate, _ code: GateCheck.Code, _ subject: String?) -> Bool {
            coverage.refusals.contains {
                $0.gate == gate.id && $0.code == code.rawValue && (subject ?? $0.subject) == $0.subject
            }
        }
        for gate in workflow.gates {
            let name = "gate '\(gate.id)'"
            if !coverage.holdingGates.contains(gate.id) { gaps.append("\(name): no passing case expects it to hold") }
            for (index, route) in gate.routes.enumerated()
            where !coverage.routes.contains(.init(gate: gate.id, route: index)) {
                gaps.append("\(name): no passing case takes route \(index + 1) (to \(route.to))")
            }
            var reasons: [(GateCheck.Code, String?)] = gate.deliverables.map { (.deliverableMissing, $0) }
            reasons += gate.mustMeet.map { (.ruleNotMet, $0.label ?? $0.source) }
            reasons += gate.approvals.map { (.approvalsMissing, $0.role) }
            if let scorecard = gate.scorecard {
                reasons += [(.reviewsMissing, scorecard.role), (.averageBelowPassMark, scorecard.role)]
            }
            if receivesConditions(gate, in: workflow) { reasons += [(.conditionOpen, nil), (.conditionOverdue, nil)] }
            for (code, subject) in reasons where !refused(gate, code, subject) {
                gaps.append(
                    "\(name): no passing case is refused because \(code.rawValue)" + (subject.map { " '\($0)'" } ?? ""))
            }
            if gate.conditionalGo, !coverage.conditionalGoes.contains(gate.id) {
                gaps.append("\(name): no passing case goes with conditions")
            }
        }
        for stage in workflow.stages {
            for step in stage.ladder?.steps ?? []
            where !coverage.timers.contains(.init(kind: step.kind.rawValue, subject: stage.id)) {
                gaps.append(
                    "stage '\(stage.id)': no passing case lets its \(step.kind.rawValue) step (\(step.after)) fire")
            }
        }
        for decision in ["kill", "hold", "resume", "recycle"] where !coverage.decisions.contains(decision) {
            gaps.append("workflow '\(workflow.id)': no passing case decides \(decision)")
        }
        return gaps
    }

    /// Whether a conditional go can give `gate` conditions: it leaves a stage that a gate with
    /// `conditional_go` leads to.
    static func receivesConditions(_ gate: Gate, in workflow: Workflow) -> Bool {
        workflow.gates.contains { other in
            other.conditionalGo && other.routes.contains { gate.from.contains($0.to) }
        }
    }
}
