import Foundation
import PipelineCore
import PipelineStore

/// One idea for its page: fields, gate checklist, reviews, approvals, comments, history and the
/// forms the person may use. Pure, like the board.
struct IdeaView {
    let idea: Idea
    let workflow: Workflow
    let history: [StoredEvent]
    /// The idea's timers, whatever their status: which steps of the SLA ladder already happened.
    var timers: [TimerRecord] = []
    let actor: Actor
    let now: Date
    let labels: Labels
    /// What a failed form sent, to show it again with its problems.
    var editRaw: FieldForm.Raw?
    var editProblems: [String: String] = [:]
    /// What a refused decision form sent (the decide or the hold form), to show it again.
    var decideRaw: FormBody?
    /// The section on adoption by regions, for ideas that regions adopt and for implementations.
    var adoption: AdoptionView?
    /// The people of the register, for the owner and gatekeepers forms; `nil` for those who may
    /// not change an idea's people (they do not read the register).
    var register: [Assignee]?

    /// How many condition rows the go form offers (fewer when the gate allows fewer).
    static let conditionRows = 3

    static func conditionRows(of gate: Gate) -> Int { min(conditionRows, gate.maxConditions ?? conditionRows) }

    func values() -> [String: Any] {
        let stage = workflow.stage(idea.stage)
        var values: [String: Any] = [
            "id": idea.id, "title": idea.title ?? idea.id, "organisation": idea.organisation, "region": idea.region,
            "workflow_id": workflow.id, "workflow_name": workflow.name, "stage": stage?.name ?? idea.stage,
            "stage_description": stage?.description ?? "",
            "status": labels["status_\(idea.status.rawValue)"], "version": idea.version,
            "submitted": DutchFormat.day(idea.submittedAt), "submitted_by": idea.submittedBy,
            "days_in_stage": labels.format(
                "idea_days_in_stage",
                ["days": DutchFormat.number(max(0, Int(now.timeIntervalSince(idea.stageEnteredAt) / 86_400)))]
            ),
            "fields": workflow.fields.compactMap { field -> [String: Any]? in
                guard let value = idea.fields[field.id] else { return nil }
                return ["label": field.label, "value": FieldForm.display(value, field: field, labels: labels)]
            },
            "owner_name": idea.owner?.name ?? labels["idea_no_owner"],
        ]
        if !idea.coSubmitters.isEmpty { values["co_organisations"] = idea.coSubmitters.joined(separator: ", ") }
        if let adoption { values.merge(adoption.values()) { mine, _ in mine } }
        if !idea.gatekeepers.isEmpty {
            values["assigned_gatekeepers"] = idea.gatekeepers.map(\.name).joined(separator: ", ")
        }
        if let stage, let gate = workflow.gate(leaving: stage.id) {
            values["gate"] = gateValues(gate)
            values["approvals"] = idea.approvals.filter { $0.gate == gate.id }.map {
                [
                    "person": $0.person, "role": role($0.role), "at": DutchFormat.day($0.at),
                    "comment": $0.comment ?? "",
                ] as [String: Any]
            }
            if let scorecard = gate.scorecard {
                values["has_reviews"] = idea.reviews.contains { $0.gate == gate.id }
                values["reviews"] = idea.reviews.filter { $0.gate == gate.id }.map { review -> [String: Any] in
                    [
                        "person": review.person, "at": DutchFormat.day(review.at), "comment": review.comment,
                        "score": GateWords.score(review.weightedScore(on: scorecard)),
                        "scores": scorecard.criteria.map { criterion -> [String: Any] in
                            ["label": criterion.label, "score": review.scores[criterion.id].map(String.init) ?? "–"]
                        },
                    ]
                }
            }
        }
        values["comments"] = history.compactMap { stored -> [String: Any]? in
            guard case .commented(let text) = stored.event.change else { return nil }
            return ["person": stored.event.actor.name, "at": DutchFormat.day(stored.event.at), "text": text]
        }
        values["history"] = history.reversed().map { stored -> [String: Any] in
            [
                "sequence": stored.sequence, "at": DutchFormat.day(stored.event.at), "person": stored.event.actor.name,
                "text": describe(stored.event.change),
            ]
        }
        values["forms"] = forms(stage)
        let time = timeValues(stage)
        if !time.isEmpty { values["time"] = time }
        return values
    }

    // MARK: - Time: the SLA ladder, the hold, the conditions

    private func timeValues(_ stage: Stage?) -> [String: Any] {
        var time: [String: Any] = [:]
        if let stage, !idea.isClosed, !stage.isTerminal {
            let since = DutchFormat.day(idea.waitingSince)
            let resumed = idea.resumedAt.map { $0 >= idea.stageEnteredAt } == true
            if let ladder = stage.ladder, !ladder.steps.isEmpty {
                time["since"] = labels.format(resumed ? "time_since_resumed" : "time_since_entered", ["date": since])
                time["has_ladder"] = true
                time["ladder"] = ladder.steps.map { step in ladderStep(step.kind, after: step.after, stage, ladder) }
                if idea.status == .onHold { time["ladder_stopped"] = labels["time_ladder_stopped"] }
            } else if let sla = stage.sla {
                let late = idea.waitingSince.addingTimeInterval(Double(sla.seconds))
                time["since"] = labels.format(resumed ? "time_since_resumed" : "time_since_entered", ["date": since])
                time["sla_mark"] = labels.format(
                    "time_sla_mark", ["sla": BoardView.words(sla, labels), "date": DutchFormat.day(late)])
            }
        }
        if let hold = idea.hold, idea.status == .onHold {
            time["hold"] =
                [
                    "reason": labels.format("time_hold_reason", ["reason": hold.reason]),
                    "by_sla": hold.bySLA,
                    "until": hold.until.map { labels.format("time_hold_until", ["date": DutchFormat.day($0)]) } ?? "",
                    "review_due": hold.reviewDue,
                ] as [String: Any]
        }
        if !idea.conditions.isEmpty {
            let first = idea.conditions[0]
            time["conditions_intro"] = labels.format(
                "time_conditions_intro",
                [
                    "from": workflow.gate(first.fromGate)?.name ?? first.fromGate,
                    "gate": workflow.gate(first.gate)?.name ?? first.gate,
                ])
            time["conditions"] = idea.conditions.map(conditionValues)
        }
        return time
    }

    private func ladderStep(_ kind: IdeaTimer.Kind, after: StageDuration, _ stage: Stage, _ ladder: SLALadder)
        -> [String: Any]
    {
        let due = idea.waitingSince.addingTimeInterval(Double(after.seconds))
        let date = DutchFormat.day(due)
        let text: String
        switch kind {
        case .slaRemind: text = labels.format("time_step_remind", ["date": date])
        case .slaEscalate:
            text = labels.format(
                "time_step_escalate", ["date": date, "role": role(ladder.escalateTo ?? Actor.facilitator)])
        default: text = labels.format("time_step_hold", ["date": date])
        }
        let fired = timers.first {
            $0.kind == kind && $0.subject == stage.id && $0.status == .fired && $0.dueAt >= idea.waitingSince
        }
        let state: String
        if let fired {
            state = labels.format("time_step_done", ["date": DutchFormat.day(fired.firedAt ?? fired.dueAt)])
        } else if idea.status == .onHold {
            state = labels["time_step_stopped"]
        } else if due <= now {
            state = labels["time_step_due"]
        } else {
            state = labels["time_step_planned"]
        }
        return ["text": text, "state": state, "done": fired != nil]
    }

    private func conditionValues(_ condition: IdeaCondition) -> [String: Any] {
        var values: [String: Any] = [
            "number": condition.number, "text": condition.text,
            "due": labels.format("time_condition_due", ["date": DutchFormat.day(condition.due)]),
            "met": condition.isMet, "overdue": condition.overdue && !condition.isMet,
        ]
        if let person = condition.metBy {
            values["met_by"] = labels.format(
                condition.overdue ? "time_condition_met_late" : "time_condition_met",
                ["person": person, "date": condition.metAt.map(DutchFormat.day) ?? ""])
            values["note"] = condition.note ?? ""
        } else {
            values["can_meet"] =
                ActionProbe.probe(
                    .meetCondition(number: condition.number, note: nil), idea: idea, workflow: workflow, actor: actor,
                    now: now) == .open
        }
        return values
    }

    private func gateValues(_ gate: Gate) -> [String: Any] {
        let evaluation = GateEvaluation.evaluate(gate, idea: idea)
        let words = GateWords(workflow: workflow, labels: labels)
        return [
            "name": gate.name, "holds": evaluation.holds,
            "summary": evaluation.holds
                ? labels["gate_holds"]
                : labels.format("gate_waits", ["count": String(evaluation.failures.count)]),
            "checks": evaluation.checks.map { check -> [String: Any] in
                ["holds": check.holds, "label": words.label(check), "explanation": words.state(check)]
            },
        ]
    }

    private func forms(_ stage: Stage?) -> [String: Any] {
        var forms: [String: Any] = [:]
        guard let stage else { return forms }
        func probe(_ command: Command) -> ActionProbe {
            ActionProbe.probe(command, idea: idea, workflow: workflow, actor: actor, now: now)
        }
        let words = RefusalWords(workflow: workflow, labels: labels)
        let edit = probe(.updateFields([:]))
        if edit.isShown {
            let fields = stage.editable.compactMap(workflow.field)
            forms["edit"] = [
                "open": edit == .open, "reason": edit.reason(words),
                "fields": FieldForm.controls(
                    fields, raw: editRaw ?? FieldForm.raw(idea.fields, in: workflow), problems: editProblems,
                    labels: labels),
            ]
        }
        let approve = probe(.approve(comment: nil))
        if approve.isShown { forms["approve"] = ["open": approve == .open, "reason": approve.reason(words)] }
        if let gate = workflow.gate(leaving: stage.id), let scorecard = gate.scorecard {
            let lowest = Dictionary(
                uniqueKeysWithValues: scorecard.criteria.map { ($0.id, scorecard.scale.lowerBound) })
            let review = probe(.review(scores: lowest, comment: "probe"))
            if review.isShown {
                forms["review"] = [
                    "open": review == .open, "reason": review.reason(words),
                    "criteria": scorecard.criteria.map { criterion -> [String: Any] in
                        [
                            "id": criterion.id, "label": criterion.label,
                            "weight": DutchFormat.number(criterion.weight),
                            "scale": scorecard.scale.map { ["value": $0] },
                        ]
                    },
                ]
            }
        }
        if probe(.decide(.resume)) != .forbidden {
            forms["decide"] = decideValues(stage)
        }
        let comment = probe(.comment("probe"))
        if comment.isShown { forms["comment"] = ["open": comment == .open, "reason": comment.reason(words)] }
        if let register { peopleForms(register, into: &forms) }
        return forms
    }

    /// The owner form (a select of the active facilitators) and the gatekeepers form (the
    /// people with a role the gate asks for; recused ones shown, but not to be chosen), for those
    /// who may change them.
    private func peopleForms(_ register: [Assignee], into forms: inout [String: Any]) {
        if (try? Access.requireCanAssignOwner(actor)) != nil, !idea.isClosed {
            let options = register.filter { Access.ownerRefusal($0) == nil }.map { candidate -> [String: Any] in
                [
                    "id": candidate.person.id, "name": candidate.person.name,
                    "selected": idea.owner?.id == candidate.person.id,
                ]
            }
            forms["owner"] = ["has_options": !options.isEmpty, "options": options]
        }
        guard (try? Access.requireCanAssignGatekeepers(actor)) != nil,
            let gate = try? IdeaEngine.assignableGate(idea, workflow: workflow)
        else { return }
        let roles = gate.gatekeeperRoles
        let candidates = register.filter { $0.active && $0.roles.contains(where: roles.contains) }
        forms["gatekeepers"] = [
            "help": labels.format(
                "form_gatekeepers_help",
                ["gate": gate.name, "roles": roles.map(role).joined(separator: " \(labels["or"]) ")]),
            "gate": gate.name, "has_candidates": !candidates.isEmpty,
            "candidates": candidates.map { candidate -> [String: Any] in
                [
                    "person_id": candidate.person.id, "name": candidate.person.name,
                    "roles": candidate.roles.filter(roles.contains).map(role).joined(separator: ", "),
                    "checked": idea.gatekeepers.contains { $0.id == candidate.person.id },
                    "recused": Access.recusal(of: candidate.organisation, from: idea, at: gate) != nil,
                ]
            },
        ]
    }

    /// The decide form (go with its optional conditions, recycle, kill; resume on hold) and the
    /// hold form with its review date, with what a refused one sent.
    private func decideValues(_ stage: Stage) -> [String: Any] {
        let index = workflow.stages.firstIndex { $0.id == stage.id } ?? 0
        let earlier = workflow.stages[..<index].filter { !$0.isTerminal }
        let onHold = idea.status == .onHold
        let sent = decideRaw?["decision"]
        let holdSent = sent == "hold"
        let decision = holdSent ? nil : sent
        var values: [String: Any] = [
            "closed": idea.isClosed, "on_hold": onHold, "has_earlier": !earlier.isEmpty,
            "earlier": earlier.map {
                ["id": $0.id, "name": $0.name, "selected": !holdSent && decideRaw?["to"] == $0.id] as [String: Any]
            },
            "go_checked": !onHold && (decision == nil || decision == "go"),
            "resume_checked": onHold && (decision == nil || decision == "resume"),
            "recycle_checked": decision == "recycle", "kill_checked": decision == "kill",
            "reason": holdSent ? "" : decideRaw?["reason"] ?? "",
            "can_hold": !onHold && !idea.isClosed,
            "hold_reason": holdSent ? decideRaw?["reason"] ?? "" : "",
            "hold_until": holdSent ? decideRaw?["until"] ?? "" : "",
            "hold_min": CalendarDay.text(CalendarDay.end(of: now)),
        ]
        if !onHold, let gate = workflow.gate(leaving: stage.id), gate.conditionalGo {
            values["conditions"] = (1...Self.conditionRows(of: gate)).map { row -> [String: Any] in
                [
                    "row": row, "text": holdSent ? "" : decideRaw?["condition_text_\(row)"] ?? "",
                    "due": holdSent ? "" : decideRaw?["condition_due_\(row)"] ?? "",
                ]
            }
            values["has_conditions"] = true
            values["max_conditions"] = labels.format(
                "form_conditions_help", ["count": String(Self.conditionRows(of: gate))])
        }
        return values
    }

    private func role(_ id: String) -> String { workflow.roles.first { $0.id == id }?.name ?? id }

    private func stageName(_ id: String) -> String { workflow.stage(id)?.name ?? id }

    /// One event in a sentence, with the workflow's names.
    func describe(_ change: Event.Change) -> String {
        switch change {
        case .adopted(let parent, _, _, let organisation, let region, let stage, _):
            return labels.format(
                "event_adopted",
                ["idea": parent, "stage": stageName(stage), "organisation": organisation, "region": region])
        case .submitted(_, _, let organisation, let region, let stage, _):
            return labels.format(
                "event_submitted", ["stage": stageName(stage), "organisation": organisation, "region": region])
        case .updated(let changes):
            let names = changes.keys.sorted().map { workflow.field($0)?.label ?? $0 }
            return labels.format("event_updated", ["fields": names.joined(separator: ", ")])
        case .approved(let gate, let role, let comment):
            let text = labels.format(
                "event_approved", ["gate": workflow.gate(gate)?.name ?? gate, "role": self.role(role)])
            return comment.map { text + ": " + $0 } ?? text
        case .reviewed(let gate, _, let comment):
            return labels.format("event_reviewed", ["gate": workflow.gate(gate)?.name ?? gate]) + ": " + comment
        case .advanced(_, let from, let to):
            return labels.format("event_advanced", ["from": stageName(from), "to": stageName(to)])
        case .completed(let stage):
            return labels.format("event_completed", ["stage": stageName(stage)])
        case .recycled(_, let to, let reason):
            return labels.format("event_recycled", ["to": stageName(to), "reason": reason])
        case .held(let reason, let until):
            let held = labels.format("event_held", ["reason": reason])
            return until.map { held + " " + labels.format("event_held_until", ["date": DutchFormat.day($0)]) } ?? held
        case .resumed:
            return labels["event_resumed"]
        case .killed(let reason, _, _):
            return labels.format("event_killed", ["reason": reason])
        case .commented(let text):
            return labels.format("event_commented", ["text": text])
        case .conditionsSet(_, _, let conditions):
            return labels.format(
                "event_conditions_set",
                [
                    "conditions": conditions.map { "\($0.number). \($0.text) (\(DutchFormat.day($0.due)))" }.joined(
                        separator: "; ")
                ])
        case .conditionMet(let number, let note):
            let met = labels.format("event_condition_met", ["number": String(number)])
            return note.map { met + ": " + $0 } ?? met
        case .conditionOverdue(let number, let text, let due):
            return labels.format(
                "event_condition_overdue", ["number": String(number), "text": text, "date": DutchFormat.day(due)])
        case .slaReminder(let stage, _, let waitingFor):
            return labels.format(
                "event_sla_reminder",
                ["stage": stageName(stage), "roles": waitingFor.map(role).joined(separator: ", ")])
        case .slaEscalated(let stage, _, let escalateTo):
            return labels.format("event_sla_escalated", ["stage": stageName(stage), "role": role(escalateTo)])
        case .autoHeld(let stage, _, let until):
            return labels.format("event_auto_held", ["stage": stageName(stage), "date": DutchFormat.day(until)])
        case .holdReviewDue(_, let resumes):
            return labels[resumes ? "event_hold_review_resumes" : "event_hold_review_due"]
        case .ownerAssigned(let owner, nil):
            return labels.format("event_owner_assigned", ["owner": owner.name])
        case .ownerAssigned(let owner, let previous?):
            return labels.format("event_owner_changed", ["owner": owner.name, "previous": previous.name])
        case .coSubmittersSet(let organisations) where organisations.isEmpty:
            return labels["event_co_submitters_cleared"]
        case .coSubmittersSet(let organisations):
            return labels.format(
                "event_co_submitters_set", ["organisations": organisations.joined(separator: ", ")])
        case .gatekeepersAssigned(_, let gate, let gatekeepers) where gatekeepers.isEmpty:
            return labels.format("event_gatekeepers_cleared", ["gate": workflow.gate(gate)?.name ?? gate])
        case .migrated(_, let toVersion, _, let toStage, _, _):
            return labels.format("event_migrated", ["version": String(toVersion), "stage": stageName(toStage)])
        case .gatekeepersAssigned(_, let gate, let gatekeepers):
            return labels.format(
                "event_gatekeepers_assigned",
                [
                    "people": gatekeepers.map(\.name).joined(separator: ", "),
                    "gate": workflow.gate(gate)?.name ?? gate,
                ])
        }
    }
}
