import Foundation
import PipelineCore

/// Whether a person may do something to an idea, asked of the engine itself: the command is
/// decided (never committed) on the idea as it is. A page thus offers exactly the forms the API
/// would accept, and says why one is closed, as the engine refused it, in the page's language.
enum ActionProbe: Equatable {
    /// The engine would accept it.
    case open
    /// The person's role or organisation never allows it here: no form at all.
    case forbidden
    /// Allowed for this person, but not now: the engine's refusal.
    case closed(CommandError)

    static func probe(_ command: Command, idea: Idea, workflow: Workflow, actor: Actor, now: Date) -> ActionProbe {
        do {
            _ = try IdeaEngine.decide(command, state: idea, workflow: workflow, actor: actor, now: now)
            return .open
        } catch .forbidden {
            return .forbidden
        } catch .notFound {
            return .forbidden
        } catch {
            return .closed(error)
        }
    }

    var isShown: Bool { self != .forbidden }

    /// Why the form is closed, in the words of `words`; empty when it is open.
    func reason(_ words: RefusalWords) -> String {
        if case .closed(let error) = self { return words.message(error) }
        return ""
    }
}
