import Foundation

extension IdeaEngine {
    /// The timers a command's events leave an idea with, decided from the events alone, so that
    /// the store writes them in the command's transaction:
    ///
    /// - entering a working stage (submitted, advanced, recycled) cancels every pending timer and
    ///   schedules the stage's SLA ladder from the moment of entry;
    /// - a conditional go schedules each condition's due date (the end of its day);
    /// - a hold (by a person or the ladder) cancels the ladder and schedules its review date;
    /// - a resume cancels the review and restarts the ladder of the stage from the resume;
    /// - a met condition cancels its due date;
    /// - completing or stopping an idea cancels everything pending;
    /// - a migration to a newer version cancels the ladder and schedules the new version's ladder
    ///   of the stage the idea landed in, counted from when its wait began: only steps still ahead
    ///   and not yet reached (its SLA mark); a hold's review and conditions' due dates stay.
    ///
    /// Every other event leaves the timers as they are; conditions keep their due dates through a
    /// hold.
    ///
    /// ```swift
    /// let events = try IdeaEngine.decide(.decide(.go), state: idea, workflow: workflow, actor: fenna, now: now)
    /// let plan = IdeaEngine.timerPlan(after: events, idea: next, workflow: workflow)
    /// ```
    public static func timerPlan(after events: [Event], idea: Idea, workflow: Workflow) -> TimerPlan {
        var plan = TimerPlan.none
        func cancel(_ selector: TimerSelector) {
            if !plan.cancel.contains(selector) { plan.cancel.append(selector) }
            plan.schedule.removeAll(where: selector.matches)
        }
        func ladder(of stageID: String, from start: Date) -> [IdeaTimer] {
            guard let stage = workflow.stage(stageID), !stage.isTerminal, let ladder = stage.ladder else { return [] }
            return ladder.steps.map { step in
                IdeaTimer(
                    ideaID: idea.id, kind: step.kind, dueAt: start.addingTimeInterval(Double(step.after.seconds)),
                    subject: stageID)
            }
        }
        func review(_ until: Date?, _ stage: String) -> [IdeaTimer] {
            until.map { [IdeaTimer(ideaID: idea.id, kind: .holdReview, dueAt: $0, subject: stage)] } ?? []
        }
        var stage = idea.stage
        for event in events {
            switch event.change {
            case .submitted(_, _, _, _, let entered, _), .adopted(_, _, _, _, _, let entered, _):
                stage = entered
                cancel(.all)
                plan.schedule += ladder(of: entered, from: event.at)
            case .advanced(_, _, let to), .recycled(_, let to, _):
                stage = to
                cancel(.all)
                plan.schedule += ladder(of: to, from: event.at)
            case .conditionsSet(_, _, let conditions):
                plan.schedule += conditions.map {
                    IdeaTimer(
                        ideaID: idea.id, kind: .conditionDue, dueAt: CalendarDay.end(of: $0.due),
                        subject: "\($0.number)")
                }
            case .conditionMet(let number, _):
                cancel(TimerSelector(kinds: [.conditionDue], subject: "\(number)"))
            case .held(_, let until):
                cancel(.waiting)
                plan.schedule += review(until, stage)
            case .autoHeld(_, _, let until):
                cancel(.waiting)
                plan.schedule += review(until, stage)
            case .resumed:
                cancel(.waiting)
                plan.schedule += ladder(of: stage, from: event.at)
            case .completed, .killed:
                cancel(.all)
            case .migrated(_, _, _, let to, _, _):
                // The new version's ladder for the stage, counted from when the wait began; steps
                // the idea already reached or whose time passed under the old rules are skipped.
                stage = to
                cancel(.ladder)
                guard idea.status == .active else { continue }
                let reached: Set<IdeaTimer.Kind> =
                    switch idea.slaMark {
                    case .reminded?: [.slaRemind]
                    case .escalated?: [.slaRemind, .slaEscalate]
                    case nil: []
                    }
                plan.schedule += ladder(of: to, from: idea.waitingSince).filter {
                    $0.dueAt > event.at && !reached.contains($0.kind)
                }
            case .updated, .approved, .reviewed, .commented, .conditionOverdue, .slaReminder, .slaEscalated,
                .holdReviewDue, .ownerAssigned, .coSubmittersSet, .gatekeepersAssigned:
                continue
            }
        }
        return plan
    }
}
