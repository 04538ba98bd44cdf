/// A person of the people register as an idea names them: its owner, or a gatekeeper assigned to
/// its gate. The id is the register's (`per_...`); the name is theirs when they were named, so
/// that the history and the pages read without the register.
///
/// ```swift
/// let fenna = IdeaPerson(id: "per_k3f9x2m7qa", name: "Fenna de Vries")
/// let events = try IdeaEngine.decide(.assignOwner(fenna), state: idea, workflow: workflow, actor: .system, now: now)
/// ```
public struct IdeaPerson: Sendable, Hashable, Codable {
    public let id: String
    public let name: String

    public init(id: String, name: String) {
        self.id = id
        self.name = name
    }
}
