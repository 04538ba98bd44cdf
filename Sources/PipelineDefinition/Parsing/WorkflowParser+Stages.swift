import PipelineCore
import Yams

extension WorkflowParser {
    static let stageKeys = [
        "name", "description", "editable", "sla", "on_review", "terminal", "outcome", "shared", "adoptable",
        "milestone",
    ]

    func parseStages(_ entry: NodeReader.Entry) {
        guard let entries = reader.entries(entry.value, of: "stages") else { return }
        if entries.isEmpty { reader.error("stages is empty; a workflow needs at least one stage", at: entry.keyMark) }
        declared["stage"] = Set(entries.flatMap { [$0.key, $0.key.lowercased()] })
        for stage in entries where isIdentifier(stage, kind: "stage") {
            stageMarks[stage.key] = stage.keyMark
            if let parsed = parseStage(stage) { stages.append(parsed) }
        }
    }

    private func parseStage(_ entry: NodeReader.Entry) -> Stage? {
        let context = "stage '\(entry.key)'"
        guard let keys = reader.fields(entry.value, of: context, allowed: WorkflowParser.stageKeys, required: ["name"])
        else { return nil }
        let name = reader.text(keys["name"], of: context)
        let description = keys["description"].flatMap { reader.text($0, of: context) }
        let terminal = keys["terminal"].flatMap { reader.boolean($0, of: context) } ?? false
        let shared = keys["shared"].flatMap { reader.boolean($0, of: context) } ?? false
        let adoptable = keys["adoptable"].flatMap { reader.boolean($0, of: context) } ?? false
        if adoptable, kind == .implementation, let entry = keys["adoptable"] {
            reader.error(
                "an implementation workflow has no adoptable stages: regions adopt ideas, not implementations",
                at: entry.keyMark)
        }
        if adoptable, terminal, keys["outcome"].flatMap({ reader.text($0, of: context) }) == "stopped",
            let entry = keys["adoptable"]
        {
            reader.error("a stage for stopped ideas is not adoptable", at: entry.keyMark)
        }
        let milestone = keys["milestone"].flatMap { parseMilestone($0, of: context) }

        var editable: [String] = []
        if let names = reader.names(keys["editable"], of: context) {
            for item in unique(names, in: "editable of \(context)")
            where reference(item.name, at: item.mark, kind: "field", known: fields.map(\.id)) {
                editable.append(item.name)
            }
        }

        var sla: StageDuration?
        var ladder: SLALadder?
        if let slaEntry = keys["sla"] {
            switch slaEntry.value {
            case .mapping:
                ladder = parseLadder(slaEntry, of: context, terminal: terminal)
            case .scalar:
                sla = duration(slaEntry, of: context)
                if sla != nil, terminal {
                    reader.error("a terminal stage has no sla: ideas stay there for good", at: slaEntry.keyMark)
                }
            default:
                reader.error(
                    "'sla' of \(context) must be a duration or a ladder of steps, not \(slaEntry.value.kindName)",
                    at: slaEntry.value.mark ?? slaEntry.keyMark,
                    hint: "write sla: 30d, or sla: {remind: 45d, escalate: 60d, hold: 90d}")
            }
        }
        let onReview = keys["on_review"].flatMap { parseReviewAction($0, of: context, terminal: terminal) }

        var outcome: Stage.Outcome? = terminal ? .completed : nil
        if let outcomeEntry = keys["outcome"], let text = reader.text(outcomeEntry, of: context) {
            if !terminal {
                reader.error(
                    "only a terminal stage has an outcome", at: outcomeEntry.keyMark, hint: "add terminal: true")
            } else if let parsed = Stage.Outcome(rawValue: text) {
                outcome = parsed
            } else {
                reader.error(
                    "unknown outcome '\(text.clipped)'", at: outcomeEntry.value.mark,
                    hint: "the outcomes are 'completed' and 'stopped'")
            }
        }
        guard let name else { return nil }
        return Stage(
            id: entry.key, name: name, description: description, editable: editable, sla: sla, ladder: ladder,
            onReview: onReview ?? .notify, terminal: outcome, shared: shared, adoptable: adoptable, milestone: milestone
        )
    }

    private func parseMilestone(_ entry: NodeReader.Entry, of context: String) -> Stage.Milestone? {
        guard let text = reader.text(entry, of: context) else { return nil }
        guard kind == .implementation else {
            reader.error(
                "only an implementation workflow's stages have a milestone", at: entry.keyMark,
                hint: "add kind: implementation at the top of the file")
            return nil
        }
        guard let milestone = Stage.Milestone(rawValue: text) else {
            reader.error(
                "unknown milestone '\(text.clipped)'", at: entry.value.mark,
                hint: "the milestones are 'live' and 'evaluated'")
            return nil
        }
        return milestone
    }
}
