import PipelineCore
import PipelineStore

extension Printer {
    /// Ideas that regions adopted, a line each: where the idea stands, how far its regions'
    /// implementations have come, and the sums of what they report. LIVE counts every
    /// implementation that runs, evaluated ones too, as gate rules read `adoptions.live`.
    static func adoptions(_ ideas: [Idea], library: WorkflowLibrary) -> String {
        var rows = [["IDEA", "REGION", "STAGE", "ADOPTING", "LIVE", "EVALUATED", "STOPPED", "OUTCOMES (SUM)"]]
        for idea in ideas {
            guard let rollup = idea.adoptions else { continue }
            let workflow = library.workflow(idea.workflowID, version: idea.workflowVersion)
            let outcomes = rollup.outcomes.filter { $0.count > 0 }.map { "\($0.field) \(CSV.number($0.sum))" }
            rows.append(
                [
                    idea.title ?? idea.id, idea.region, workflow?.stage(idea.stage)?.name ?? idea.stage,
                    String(rollup.adopting), String(rollup.live), String(rollup.evaluated), String(rollup.stopped),
                    outcomes.joined(separator: ", "),
                ])
        }
        return columns(rows)
    }
}
