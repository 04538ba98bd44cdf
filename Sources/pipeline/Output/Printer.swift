import Foundation
import PipelineCore
import PipelineStore

/// Text for people: ideas, gate checklists, histories and counts.
enum Printer {
    static func idea(_ idea: Idea, workflow: Workflow?, now: Date) -> String {
        let stageName = workflow?.stage(idea.stage)?.name ?? idea.stage
        let days = Int(now.timeIntervalSince(idea.stageEnteredAt) / 86_400)
        var lines = [
            "\(idea.id)  \(idea.title ?? "(no title)")",
            "  workflow      \(idea.workflowID) version \(idea.workflowVersion)",
            "  stage         \(stageName) (\(idea.stage)), \(idea.status.words), \(days) day\(days == 1 ? "" : "s") in stage",
            "  organisation  \(idea.organisation), \(idea.region)",
            "  version       \(idea.version)",
        ]
        if !idea.coSubmitters.isEmpty {
            lines.append("  together with \(idea.coSubmitters.joined(separator: ", "))")
        }
        if let parent = idea.parent { lines.append("  implements    idea \(parent), in \(idea.region)") }
        if let rollup = idea.adoptions {
            lines.append(
                "  adoptions     \(rollup.total): \(rollup.adopting) adopting, \(rollup.live) live "
                    + "(\(rollup.evaluated) evaluated), \(rollup.stopped) stopped")
            for outcome in rollup.outcomes where outcome.count > 0 {
                lines.append(
                    "    \(outcome.field): sum \(CSV.number(outcome.sum)), median \(CSV.number(outcome.median ?? 0)) "
                        + "over \(outcome.count)")
            }
            for region in rollup.regions {
                lines.append("    \(region.region): \(region.step.rawValue) (\(region.implementation))")
            }
        }
        lines.append("  owner         \(idea.owner.map(person) ?? "nobody yet")")
        if !idea.gatekeepers.isEmpty {
            lines.append("  gatekeepers   \(idea.gatekeepers.map(person).joined(separator: ", "))")
        }
        if let sla = workflow?.stage(idea.stage)?.sla, !idea.isClosed,
            now.timeIntervalSince(idea.stageEnteredAt) > Double(sla.seconds)
        {
            lines.append("  SLA           \(sla) passed")
        }
        if let hold = idea.hold {
            var text = "  on hold       \(hold.reason)"
            if let until = hold.until { text += ", review on \(CalendarDay.text(until))" }
            if hold.bySLA { text += ", by the SLA ladder" }
            if hold.reviewDue { text += "; the review date has come" }
            lines.append(text)
        }
        if let mark = idea.slaMark { lines.append("  SLA ladder    \(mark.rawValue)") }
        if !idea.conditions.isEmpty {
            let gates = Set(idea.conditions.map(\.gate)).sorted().joined(separator: ", ")
            lines.append("  conditions    for gate \(gates)")
            for condition in idea.conditions {
                lines.append(
                    "    \(condition.number). \(condition.text) (due \(CalendarDay.text(condition.due))): \(state(of: condition))"
                )
            }
        }
        lines.append("  fields")
        for field in workflow?.fields ?? [] {
            guard let value = idea.fields[field.id] else { continue }
            lines.append("    \(field.id) (\(field.label)): \(value)")
        }
        return lines.joined(separator: "\n")
    }

    /// Whether a condition is met (by whom, when), overdue or open.
    static func state(of condition: IdeaCondition) -> String {
        var text: String
        if let person = condition.metBy {
            text = "met by \(person)" + (condition.metAt.map { " on \(CalendarDay.text($0))" } ?? "")
            if condition.overdue { text += ", late" }
            if let note = condition.note { text += ": \"\(note)\"" }
        } else {
            text = condition.overdue ? "overdue" : "open"
        }
        return text
    }

    static func conditions(_ conditions: [IdeaCondition]) -> String {
        let header = ["NUMBER", "CONDITION", "DUE", "GATE", "STATE"]
        let rows = conditions.map {
            [String($0.number), $0.text, CalendarDay.text($0.due), $0.gate, state(of: $0)]
        }
        return columns([header] + rows)
    }

    static func timers(_ timers: [TimerRecord]) -> String {
        let formatter = ISO8601DateFormatter()
        let header = ["ID", "IDEA", "KIND", "SUBJECT", "DUE", "STATUS"]
        let rows = timers.map {
            [
                String($0.id), $0.ideaID, $0.kind.rawValue, $0.subject, formatter.string(from: $0.dueAt),
                $0.status.rawValue,
            ]
        }
        return columns([header] + rows)
    }

    static func table(_ ideas: [Idea]) -> String {
        let header = ["ID", "STAGE", "STATUS", "ORGANISATION", "REGION", "TITLE"]
        let rows = ideas.map {
            [$0.id, $0.stage, $0.status.words, $0.organisation, $0.region, $0.title ?? ""]
        }
        return columns([header] + rows)
    }

    static func evaluation(_ evaluation: GateEvaluation, gate: Gate? = nil, withHeader: Bool = true) -> String {
        var lines: [String] = []
        if withHeader {
            let name = gate.map { "'\($0.name)' (\($0.id))" } ?? "'\(evaluation.gate)'"
            lines.append("Gate \(name): \(evaluation.holds ? "holds" : "does not hold")")
        }
        for check in evaluation.checks {
            let mark = check.holds ? "✓" : "✗"
            switch check.kind {
            case .rule where !check.holds: lines.append("  \(mark) \(check.subject): \(check.explanation)")
            default: lines.append("  \(mark) \(check.explanation)")
            }
        }
        if let gate, gate.routes.count > 1 || gate.routes.first?.guard != nil {
            let routes = gate.routes.map { route in
                (route.guardSource.map { "when \($0)" } ?? "otherwise") + " → \(route.to)"
            }
            lines.append("  go leads: " + routes.joined(separator: "; "))
        } else if let target = gate?.routes.first?.to {
            lines.append("  go leads to \(target)")
        }
        return lines.joined(separator: "\n")
    }

    static func history(_ events: [StoredEvent]) -> String {
        let formatter = ISO8601DateFormatter()
        return events.map { stored in
            let event = stored.event
            return
                "#\(stored.sequence)  \(formatter.string(from: event.at))  \(event.type)  by \(event.actor.name) (\(event.actor.role))"
                + describe(event.change).map { "  \($0)" }.joined()
        }.joined(separator: "\n")
    }

    private static func describe(_ change: Event.Change) -> [String] {
        switch change {
        case .adopted(let parent, let workflow, let version, let organisation, let region, let stage, _):
            return [
                "adoption of idea \(parent) in \(workflow) v\(version) for \(region)"
                    + (organisation.isEmpty ? "" : " by \(organisation)") + ", at \(stage)"
            ]
        case .submitted(let workflow, let version, let organisation, let region, let stage, _):
            return ["in \(workflow) v\(version) for \(organisation), \(region), at \(stage)"]
        case .updated(let changes):
            return [
                changes.keys.sorted().map { "\($0)=\(changes[$0]!.map(\.description) ?? "(cleared)")" }.joined(
                    separator: ", ")
            ]
        case .approved(let gate, _, let comment): return ["\(gate)"] + (comment.map { ["\"\($0)\""] } ?? [])
        case .reviewed(let gate, let scores, let comment):
            return [
                "\(gate): " + scores.keys.sorted().map { "\($0)=\(scores[$0]!)" }.joined(separator: " "),
                "\"\(comment)\"",
            ]
        case .advanced(let gate, let from, let to): return ["\(from) → \(to) through \(gate)"]
        case .completed(let stage): return ["in \(stage)"]
        case .recycled(let from, let to, let reason): return ["\(from) → \(to): \(reason)"]
        case .held(let reason, let until):
            return [reason] + (until.map { ["review on \(CalendarDay.text($0))"] } ?? [])
        case .resumed: return []
        case .killed(let reason, let from, let to): return ["in \(from)\(to.map { " → \($0)" } ?? ""): \(reason)"]
        case .commented(let text): return ["\"\(text)\""]
        case .conditionsSet(_, let nextGate, let conditions):
            return ["for \(nextGate):"] + conditions.map { "\($0.number). \($0.text) (by \(CalendarDay.text($0.due)))" }
        case .conditionMet(let number, let note): return ["condition \(number)"] + (note.map { ["\"\($0)\""] } ?? [])
        case .conditionOverdue(let number, let text, let due):
            return ["condition \(number) \"\(text)\" was due \(CalendarDay.text(due))"]
        case .slaReminder(let stage, _, let waitingFor):
            return ["in \(stage), waiting for \(waitingFor.joined(separator: ", "))"]
        case .slaEscalated(let stage, _, let role): return ["in \(stage), to \(role)"]
        case .autoHeld(let stage, let reason, let until):
            return ["in \(stage): \(reason)", "review on \(CalendarDay.text(until))"]
        case .holdReviewDue(_, let resumes): return [resumes ? "resumes" : "waits for a decision"]
        case .ownerAssigned(let owner, let previous):
            return ["to \(person(owner))"] + (previous.map { ["instead of \(person($0))"] } ?? [])
        case .coSubmittersSet(let organisations):
            return [organisations.isEmpty ? "none" : organisations.joined(separator: ", ")]
        case .gatekeepersAssigned(_, let gate, let gatekeepers):
            return ["at \(gate):", gatekeepers.isEmpty ? "nobody" : gatekeepers.map(person).joined(separator: ", ")]
        case .migrated(let fromVersion, let toVersion, let fromStage, let toStage, let renamed, let dropped):
            return [
                "v\(fromVersion) → v\(toVersion), "
                    + (fromStage == toStage ? "in \(toStage)" : "\(fromStage) → \(toStage)")
            ]
                + renamed.keys.sorted().map { "\($0) → \(renamed[$0]!)" } + dropped.map { "dropped \($0)" }
        }
    }

    /// "Fenna de Vries (per_k3f9x2m7qa)"
    static func person(_ person: IdeaPerson) -> String { "\(person.name) (\(person.id))" }

    static func counts(_ counts: [StageCount], library: WorkflowLibrary) -> String {
        var rows = [["WORKFLOW", "STAGE", "STATUS", "IDEAS"]]
        // In the order of the workflow's stages, as people read a pipeline.
        func position(_ count: StageCount) -> Int {
            library.latest(count.workflowID)?.stages.firstIndex { $0.id == count.stage } ?? Int.max
        }
        let ordered = counts.sorted {
            ($0.workflowID, position($0), $0.status.rawValue) < ($1.workflowID, position($1), $1.status.rawValue)
        }
        for count in ordered {
            let name = library.latest(count.workflowID)?.stage(count.stage)?.name ?? count.stage
            rows.append([count.workflowID, "\(name) (\(count.stage))", count.status.words, String(count.count)])
        }
        return columns(rows)
    }

    /// Left-aligned columns, two spaces apart.
    static func columns(_ rows: [[String]]) -> String {
        guard let width = rows.first?.count else { return "" }
        let widths = (0..<width).map { column in rows.map { $0[column].count }.max() ?? 0 }
        return rows.map { row in
            row.enumerated().map { index, cell in
                index == width - 1 ? cell : cell.padding(toLength: widths[index], withPad: " ", startingAt: 0)
            }.joined(separator: "  ")
        }.joined(separator: "\n")
    }
}
