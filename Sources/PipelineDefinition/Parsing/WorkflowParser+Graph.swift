import PipelineCore

extension WorkflowParser {
    /// Checks the stages and gates as a graph: every stage can be reached, every working stage
    /// has a way out, and every idea can end in a terminal stage.
    func checkGraph() {
        guard let first = stages.first else { return }
        if first.isTerminal {
            reader.error(
                "the first stage '\(first.id)' is where ideas start, so it cannot be terminal",
                at: stageMarks[first.id] ?? nil, hint: "put a working stage first")
            return
        }
        let deadEnds = Set(stages.filter { !$0.isTerminal && gateLeaving[$0.id] == nil }.map(\.id))
        for stage in stages where deadEnds.contains(stage.id) {
            reader.error(
                "stage '\(stage.id)' has no way out: no gate leaves it", at: stageMarks[stage.id] ?? nil,
                hint: "add a gate with 'from: \(stage.id)', or mark the stage 'terminal: true'")
        }
        let targets = Dictionary(grouping: gates.flatMap { gate in gate.from.map { ($0, gate.routes.map(\.to)) } }) {
            $0.0
        }.mapValues { $0.flatMap(\.1) }

        let reachable = closure(from: [first.id], targets: targets)
        let ledTo = Set(gates.flatMap { $0.routes.map(\.to) })
        for stage in stages.dropFirst() where !reachable.contains(stage.id) {
            // Stopped stages are reached by a 'kill' decision, from anywhere.
            if stage.terminal == .stopped { continue }
            let reason =
                ledTo.contains(stage.id)
                ? "only gates from stages that are never reached lead to it" : "no gate leads to it"
            reader.error(
                "stage '\(stage.id)' can never be reached: \(reason)", at: stageMarks[stage.id] ?? nil,
                hint: "add it to the 'to' of a gate, or remove it")
        }
        let terminals = Set(stages.filter(\.isTerminal).map(\.id))
        for stage in stages where reachable.contains(stage.id) && !stage.isTerminal && !deadEnds.contains(stage.id) {
            if closure(from: [stage.id], targets: targets).isDisjoint(with: terminals) {
                reader.error(
                    "ideas in stage '\(stage.id)' can never finish: no path leads from it to a terminal stage",
                    at: stageMarks[stage.id] ?? nil, hint: "add a route to a stage with 'terminal: true'")
            }
        }
    }

    /// A required field must be editable in the first stage (it is asked for at submission), and
    /// a deliverable in its gate's stage or an earlier one: otherwise nobody can ever fill it.
    func checkFieldsCanBeFilled() {
        guard let first = stages.first, !first.isTerminal else { return }
        for field in fields where field.required && !first.editable.contains(field.id) {
            reader.error(
                "field '\(field.id)' is required but not editable in the first stage '\(first.id)'",
                at: fieldMarks[field.id] ?? nil, hint: "add it to 'editable' of '\(first.id)', or drop 'required'")
        }
        for reference in deliverableReferences {
            let last = reference.from.compactMap { from in stages.firstIndex { $0.id == from } }.max() ?? 0
            guard !stages[...last].contains(where: { $0.editable.contains(reference.field) }) else { continue }
            reader.error(
                "deliverable '\(reference.field)' of gate '\(reference.gate)' is not editable in any stage up to '\(stages[last].id)', so nobody can fill it",
                at: reference.mark, hint: "add it to 'editable' of a stage")
        }
    }

    private func closure(from start: [String], targets: [String: [String]]) -> Set<String> {
        var seen = Set(start)
        var queue = start
        while let stage = queue.popLast() {
            for next in targets[stage] ?? [] where seen.insert(next).inserted { queue.append(next) }
        }
        return seen
    }
}
