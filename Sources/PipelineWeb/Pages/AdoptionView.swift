import Foundation
import PipelineCore

/// The idea page's section on adoption by regions: the roll-up (how many regions adopt, run,
/// measured or stopped, the outcomes' sums and medians), each region's implementation, and the
/// form by which a region adopts an idea in an adoptable stage. For an implementation: the idea it
/// implements.
struct AdoptionView {
    let idea: Idea
    let workflow: Workflow
    /// The implementation workflow, for its stage names and field labels.
    let implementationWorkflow: Workflow?
    let actor: Actor
    /// Every region a page may offer (`config/regions.txt`); free text when empty.
    let regions: [String]
    let labels: Labels

    func values() -> [String: Any] {
        var values: [String: Any] = [:]
        if let parent = idea.parent { values["implements"] = ["idea": parent] }
        guard let rollup = idea.adoptions else { return values }
        var section: [String: Any] = [
            "summary": labels.format(
                "adoption_summary",
                [
                    "total": DutchFormat.number(rollup.total), "adopting": DutchFormat.number(rollup.adopting),
                    "live": DutchFormat.number(rollup.live), "evaluated": DutchFormat.number(rollup.evaluated),
                    "stopped": DutchFormat.number(rollup.stopped),
                ]),
            "regions": rollup.regions.map { region -> [String: Any] in
                [
                    "region": region.region, "step": labels["adoption_step_\(region.step.rawValue)"],
                    "id": region.implementation,
                ]
            },
            "not_yet": regions.isEmpty
                ? ""
                : labels.format(
                    "adoption_not_yet",
                    ["count": DutchFormat.number(rollup.notYet(of: regions, home: idea.region).count)]),
            "has_regions": !rollup.regions.isEmpty, "has_outcomes": rollup.outcomes.contains { $0.count > 0 },
            "outcomes": rollup.outcomes.filter { $0.count > 0 }.map { outcome -> [String: Any] in
                [
                    "label": implementationWorkflow?.field(outcome.field)?.label ?? outcome.field,
                    "sum": WebPages.outcome(outcome.sum), "median": outcome.median.map(WebPages.outcome) ?? "",
                    "count": DutchFormat.number(outcome.count),
                ]
            },
        ]
        if let form = adoptForm(rollup) { section["form"] = form }
        values["adoptions"] = section
        return values
    }

    /// The adopt form for those who may register an adoption, while the idea is adoptable: the
    /// regions that may still adopt it (not its own, not one that runs it).
    private func adoptForm(_ rollup: AdoptionRollup) -> [String: Any]? {
        guard workflow.isAdoptable(idea.stage), idea.status == .active || idea.status == .completed,
            actor.runsPipeline || actor.role == Actor.submitter
        else { return nil }
        let running = Set(rollup.regions.filter { $0.step != .stopped }.map(\.region))
        var offered = regions.filter { $0 != idea.region && !running.contains($0) }
        if actor.role == Actor.submitter { offered = offered.filter { actor.regions.contains($0) } }
        if actor.role == Actor.facilitator, !actor.regions.isEmpty {
            offered = offered.filter { actor.regions.contains($0) }
        }
        guard !offered.isEmpty || regions.isEmpty else { return nil }
        return [
            "regions": offered.map { ["name": $0] }, "free_text": regions.isEmpty,
            "organisation": actor.runsPipeline,
        ]
    }
}
