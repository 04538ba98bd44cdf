import Foundation
import PipelineCore
import PipelineStore

/// The way one idea went through its workflow: the stages it entered going forward, each once, in
/// the order it first entered them, such as `proposal → business_case → pilot →
/// national_implementation`.
///
/// Going forward is being submitted, a go through a gate, or a stop (`kill`), which moves the idea
/// to the workflow's stopped stage: that stage ends a stopped idea's path, and ``stoppedIn`` says
/// which stage it was stopped in. A recycle moves back and adds nothing, and a go into a stage the
/// path already has adds nothing either, so recycling back and going forward again keeps the
/// path. Every idea has exactly one path, so the ideas per path add up to the ideas.
struct IdeaPath: Hashable {
    /// Stage ids, in the order first entered; for a stopped idea the stopped stage last.
    let stages: [String]
    /// The stage the idea was in when it was stopped (`from` of its `idea.killed`); `nil` when it
    /// was not stopped.
    let stoppedIn: String?

    init(stages: [String], stoppedIn: String? = nil) {
        self.stages = stages
        self.stoppedIn = stoppedIn
    }

    /// The path of an idea with these events, oldest first.
    init(events: [StoredEvent]) {
        var stages: [String] = []
        var stoppedIn: String?
        func enter(_ stage: String) { if !stages.contains(stage) { stages.append(stage) } }
        for stored in events {
            switch stored.event.change {
            case .submitted(_, _, _, _, let first, _): enter(first)
            case .advanced(_, _, let to): enter(to)
            case .killed(_, let from, let to):
                stoppedIn = from
                if let to { enter(to) }
            default: break
            }
        }
        self.init(stages: stages, stoppedIn: stoppedIn)
    }

    /// Whether the idea was stopped somewhere other than the last working stage of its path: after
    /// a recycle back (`proposal → business_case → pilot → stopped`, stopped in `business_case`).
    /// A gate leading straight to a stopped stage stops it in that stage, which says nothing more.
    func stoppedElsewhere(in workflow: Workflow) -> Bool {
        guard let stoppedIn, workflow.stage(stoppedIn)?.isTerminal != true else { return false }
        return stages.last(where: { workflow.stage($0)?.isTerminal != true }) != stoppedIn
    }

    /// Whether the stop moved the idea to no stage (a workflow without a stopped stage): the path
    /// then ends in a working stage and the page says "stopped" after it.
    func stoppedWithoutStage(in workflow: Workflow) -> Bool {
        guard stoppedIn != nil, let last = stages.last else { return stoppedIn != nil }
        return workflow.stage(last)?.terminal != .stopped
    }

    /// Stage ids as a CSV keeps them: `proposal>business_case>pilot`.
    var key: String { stages.joined(separator: ">") }

    /// Orders paths by the workflow's stage order, stage by stage (a shorter path first on a tie),
    /// so that paths that share a beginning stand together.
    static func precedes(_ left: IdeaPath, _ right: IdeaPath, in workflow: Workflow) -> Bool {
        let order = Dictionary(
            workflow.stages.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { first, _ in first })
        func index(_ stage: String) -> Int { order[stage] ?? Int.max }
        for (a, b) in zip(left.stages, right.stages) where a != b {
            return index(a) != index(b) ? index(a) < index(b) : a < b
        }
        if left.stages.count != right.stages.count { return left.stages.count < right.stages.count }
        return (left.stoppedIn.map(index) ?? -1) < (right.stoppedIn.map(index) ?? -1)
    }
}
