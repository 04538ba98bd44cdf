import Foundation

extension IdeaEngine {
    /// The timers a command's events leave an idea with, decided from the events alone, so that
    /// the store writes them in the command's transaction:
    ///
    /// - entering a working stage (submitted, advanced, recycled) cancels what was pending and
    ///   schedules the stage's SLA ladder from the moment of entry;
    /// - a hold cancels what was pending and schedules its review date (`until`), if any;
    /// - a resume cancels the review and restarts the ladder of the stage from the resume;
    /// - completing or stopping an idea cancels everything pending.
    ///
    /// Every other event leaves the timers as they are.
    ///
    /// ```swift
    /// let events = try IdeaEngine.decide(.decide(.go), state: idea, workflow: workflow, actor: fenna, now: now)
    /// let plan = IdeaEngine.timerPlan(after: events, idea: next, workflow: workflow)
    /// ```
    public static func timerPlan(after events: [Event], idea: Idea, workflow: Workflow) -> TimerPlan {
        var plan = TimerPlan.none
        func restart(_ timers: [IdeaTimer]) {
            plan.cancelPending = true
            plan.schedule = timers
        }
        func ladder(of stageID: String, from start: Date) -> [IdeaTimer] {
            guard let stage = workflow.stage(stageID), !stage.isTerminal, let ladder = stage.ladder else { return [] }
            return ladder.steps.map { step in
                IdeaTimer(
                    ideaID: idea.id, kind: step.kind, dueAt: start.addingTimeInterval(Double(step.after.seconds)),
                    subject: stageID)
            }
        }
        var stage = idea.stage
        for event in events {
            switch event.change {
            case .submitted(_, _, _, _, let entered, _):
                stage = entered
                restart(ladder(of: entered, from: event.at))
            case .advanced(_, _, let to), .recycled(_, let to, _):
                stage = to
                restart(ladder(of: to, from: event.at))
            case .held(_, let until):
                restart(
                    until.map { [IdeaTimer(ideaID: idea.id, kind: .holdReview, dueAt: $0, subject: stage)] } ?? [])
            case .resumed:
                restart(ladder(of: stage, from: event.at))
            case .completed, .killed:
                restart([])
            case .updated, .approved, .reviewed, .commented:
                continue
            }
        }
        return plan
    }
}
