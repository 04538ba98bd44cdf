import Foundation
import PipelineCore

/// The board of one workflow: a column per stage, a card per idea. Pure: the ideas come in,
/// the values for the template go out, so the benchmark renders it without a server.
struct BoardView {
    struct Filters: Equatable {
        var region: String?
        var theme: String?
        var organisation: String?

        func admits(_ idea: Idea) -> Bool {
            (region == nil || idea.region == region) && (theme == nil || idea.theme == theme)
                && (organisation == nil || idea.organisation == organisation)
        }
    }

    /// The newest version: its stages are the columns.
    let workflow: Workflow
    /// Every version by number: each card's gate, SLA and actions are those of the version its
    /// idea is pinned to, as the engine's are.
    var versions: [Int: Workflow] = [:]
    let ideas: [Idea]
    let filters: Filters
    let actor: Actor
    let now: Date
    let labels: Labels

    func values() -> [String: Any] {
        let shown = ideas.filter(filters.admits)
        var byStage: [String: [Idea]] = [:]
        for idea in shown { byStage[idea.stage, default: []].append(idea) }
        let columns: [[String: Any]] = workflow.stages.map { stage in
            let cards = (byStage[stage.id] ?? []).map { card($0, stage: stage) }
            return [
                "id": stage.id, "name": stage.name, "count": DutchFormat.number(cards.count), "cards": cards,
                "sla": stage.sla.map { labels.format("board_sla", ["sla": Self.words($0, labels)]) } ?? "",
                "terminal": stage.isTerminal,
            ]
        }
        return [
            "workflow_id": workflow.id, "workflow_name": workflow.name, "columns": columns,
            "total": DutchFormat.number(shown.count), "can_submit": actor.role == Actor.submitter || actor.runsPipeline,
            "regions": options(Set(ideas.map(\.region)), selected: filters.region),
            "organisations": options(Set(ideas.map(\.organisation)), selected: filters.organisation),
            "themes": (workflow.field("theme")?.type.options ?? []).map {
                ["value": $0.value, "label": $0.label, "selected": $0.value == filters.theme]
            },
            "filtered": filters != Filters(),
        ]
    }

    private func card(_ idea: Idea, stage newest: Stage) -> [String: Any] {
        let workflow = versions[idea.workflowVersion] ?? self.workflow
        let stage = workflow.stage(idea.stage) ?? newest
        let days = max(0, Int(now.timeIntervalSince(idea.stageEnteredAt) / 86_400))
        // The SLA counts the current wait, as the engine's ladder does: from entering the stage,
        // or from the last resume after a hold.
        let waited = now.timeIntervalSince(idea.waitingSince)
        let slaPassed = idea.status == .active && stage.sla.map { waited > Double($0.seconds) } == true
        var card: [String: Any] = [
            "id": idea.id, "title": idea.title ?? idea.id, "organisation": idea.organisation, "region": idea.region,
            "days": labels.format(days == 1 ? "board_day" : "board_days", ["days": DutchFormat.number(days)]),
            "sla_passed": slaPassed, "on_hold": idea.status == .onHold,
            "status": idea.status == .active ? "" : labels["status_\(idea.status.rawValue)"],
        ]
        card.merge(timeMarks(idea)) { $1 }
        if idea.status == .active, let gate = workflow.gate(leaving: stage.id) {
            let evaluation = GateEvaluation.evaluate(gate, idea: idea)
            card["gate_holds"] = evaluation.holds
            card["gate_waits"] = !evaluation.holds
            card["gate_missing"] = labels.format(
                "board_gate_missing", ["count": String(evaluation.failures.count)])
            if evaluation.holds, actor.runsPipeline,
                ActionProbe.probe(.decide(.go), idea: idea, workflow: workflow, actor: actor, now: now) == .open
            {
                card["can_go"] = true
                card["go_to"] = gate.route(for: idea.fields).flatMap { workflow.stage($0.to)?.name } ?? ""
            }
        }
        return card
    }

    /// The marks of waiting and conditions: how far the SLA ladder went, a hold by the SLA or
    /// whose review date came, and the conditions still open. Each is words and a class.
    private func timeMarks(_ idea: Idea) -> [String: Any] {
        var marks: [String: Any] = [:]
        guard !idea.isClosed else { return marks }
        if idea.status == .active {
            marks["reminded"] = idea.slaMark == .reminded
            marks["escalated"] = idea.slaMark == .escalated
        }
        if let hold = idea.hold, idea.status == .onHold {
            marks["held_by_sla"] = hold.bySLA
            marks["review_due"] = hold.reviewDue
            if let until = hold.until, !hold.reviewDue {
                marks["review_on"] = labels.format("board_review_on", ["date": DutchFormat.day(until)])
            }
        }
        let open = idea.conditions.filter { !$0.isMet }
        if !open.isEmpty {
            let overdue = open.filter(\.overdue).count
            var text = labels.format(
                open.count == 1 ? "board_condition_open" : "board_conditions_open", ["count": String(open.count)])
            if overdue > 0 { text += " " + labels.format("board_conditions_overdue", ["count": String(overdue)]) }
            marks["conditions_open"] = text
            marks["conditions_overdue"] = overdue > 0
        }
        return marks
    }

    private func options(_ values: Set<String>, selected: String?) -> [[String: Any]] {
        values.sorted().map { ["value": $0, "label": $0, "selected": $0 == selected] }
    }

    static func words(_ duration: StageDuration, _ labels: Labels) -> String {
        labels.format("duration_\(duration.unit.rawValue)", ["n": String(duration.amount)])
    }
}
