import Foundation
import PipelineCore

/// Whether a person may do something to an idea, asked of the engine itself: the command is
/// decided (never committed) on the idea as it is. A page thus offers exactly the forms the API
/// would accept, and says why one is closed, in the engine's words.
enum ActionProbe: Equatable {
    /// The engine would accept it.
    case open
    /// The person's role or organisation never allows it here: no form at all.
    case forbidden
    /// Allowed for this person, but not now: the engine's explanation.
    case closed(String)

    static func probe(_ command: Command, idea: Idea, workflow: Workflow, actor: Actor, now: Date) -> ActionProbe {
        do {
            _ = try IdeaEngine.decide(command, state: idea, workflow: workflow, actor: actor, now: now)
            return .open
        } catch .forbidden {
            return .forbidden
        } catch .notFound {
            return .forbidden
        } catch {
            return .closed(error.description)
        }
    }

    var isShown: Bool { self != .forbidden }

    var reason: String {
        if case .closed(let reason) = self { return reason }
        return ""
    }
}
