import PipelineCore
import Yams

/// Time in a stage: `sla` as a bare duration or as a ladder of steps, and `on_review`.
extension WorkflowParser {
    static let ladderKeys = ["remind", "escalate", "escalate_to", "hold"]
    static let ladderSteps = ["remind", "escalate", "hold"]

    /// `sla: {remind: 45d, escalate: 60d, escalate_to: role, hold: 90d}`: each step optional, at
    /// least one of them, the steps there in the order remind < escalate < hold.
    func parseLadder(_ entry: NodeReader.Entry, of context: String, terminal: Bool) -> SLALadder? {
        if terminal {
            // The whole key is wrong here, so what is inside it is not read.
            reader.error("a terminal stage has no sla: ideas stay there for good", at: entry.keyMark)
            return nil
        }
        let scope = "the sla of \(context)"
        guard case .mapping(let mapping) = entry.value,
            let keys = reader.fields(entry.value, of: scope, allowed: WorkflowParser.ladderKeys)
        else { return nil }
        guard WorkflowParser.ladderSteps.contains(where: { keys[$0] != nil }) else {
            // A misspelt step ('remnid') is reported as that unknown key only.
            if keys.count == mapping.count {
                reader.error(
                    "\(scope) has no step; give remind, escalate or hold", at: entry.keyMark,
                    hint: "for example sla: {remind: 45d, escalate: 60d, hold: 90d}, or sla: 30d for a mark alone")
            }
            return nil
        }

        let examples = ["remind": "45d", "escalate": "60d", "hold": "90d"]
        var steps: [String: StageDuration] = [:]
        var previous: (key: String, duration: StageDuration)?
        for key in WorkflowParser.ladderSteps {
            guard let stepEntry = keys[key],
                let step = duration(stepEntry, of: scope, example: examples[key, default: "30d"])
            else { continue }
            if let previous, step.seconds <= previous.duration.seconds {
                reader.error(
                    "\(key) \(step) must be later than \(previous.key) \(previous.duration)", at: stepEntry.value.mark,
                    hint: "the steps of an sla come in the order remind < escalate < hold")
            }
            steps[key] = step
            previous = (key, step)
        }

        var escalateTo: String?
        if let roleEntry = keys["escalate_to"], let role = reader.text(roleEntry, of: scope) {
            if keys["escalate"] == nil {
                reader.error(
                    "escalate_to needs an escalate step", at: roleEntry.keyMark,
                    hint: "add escalate: 60d, or remove escalate_to")
            }
            if reference(role, at: roleEntry.value.mark, kind: "role", known: roles.map(\.id)) { escalateTo = role }
        }
        return SLALadder(
            remind: steps["remind"], escalate: steps["escalate"], escalateTo: escalateTo, hold: steps["hold"])
    }

    /// A duration such as `30d` under `entry.key` (`sla`, `remind`, ...); `nil` (reported) otherwise.
    func duration(_ entry: NodeReader.Entry, of context: String, example: String = "30d") -> StageDuration? {
        guard let text = reader.text(entry, of: context) else { return nil }
        if let duration = StageDuration(text) { return duration }
        let key = entry.key
        if text.hasPrefix("0"), StageDuration("1" + text) != nil || text.allSatisfy({ $0 == "0" || $0.isLetter }) {
            reader.error(
                "\(key) must be more than 0", at: entry.value.mark,
                hint: key == "sla" ? "leave sla out for no deadline" : "leave \(key) out to skip this step")
        } else {
            reader.error(
                "\(key) '\(text.clipped)' is not a duration", at: entry.value.mark,
                hint: "write a whole number and h, d or w, e.g. \(key): \(example)")
        }
        return nil
    }

    /// `on_review: notify | resume`, on a working stage.
    func parseReviewAction(_ entry: NodeReader.Entry, of context: String, terminal: Bool) -> Stage.ReviewAction? {
        guard let text = reader.text(entry, of: context) else { return nil }
        if terminal {
            reader.error(
                "a terminal stage has no on_review: no idea waits there", at: entry.keyMark, hint: "remove on_review")
            return nil
        }
        guard let action = Stage.ReviewAction(rawValue: text) else {
            let allowed = Stage.ReviewAction.allCases.map(\.rawValue)
            reader.error(
                "on_review must be " + allowed.map { "'\($0)'" }.joined(separator: " or ") + ", not '\(text.clipped)'",
                at: entry.value.mark,
                hint: Suggestion.hint(for: text, in: allowed)
                    ?? "notify (the default) brings a held idea back to the facilitators at its review date; resume resumes it"
            )
            return nil
        }
        return action
    }
}
