/// Who holds a new idea: of the active facilitators who serve its region, the one who holds the
/// fewest open ideas (active or on hold) as owner; on a tie the first by name, then by id (as
/// bytes, as the stores order them). Nobody when no facilitator serves the region: the idea then
/// waits for a facilitator to assign an owner.
///
/// ```swift
/// let owner = IntakeOwner.choose([.init(person: fenna, openIdeas: 3), .init(person: gijs, openIdeas: 1)])  // gijs
/// ```
public enum IntakeOwner {
    /// A facilitator who serves the idea's region, and how many open ideas they hold now.
    public struct Candidate: Sendable, Hashable {
        public let person: IdeaPerson
        public let openIdeas: Int

        public init(person: IdeaPerson, openIdeas: Int) {
            self.person = person
            self.openIdeas = openIdeas
        }
    }

    public static func choose(_ candidates: [Candidate]) -> IdeaPerson? {
        candidates.min { left, right in
            if left.openIdeas != right.openIdeas { return left.openIdeas < right.openIdeas }
            if left.person.name != right.person.name {
                return left.person.name.utf8.lexicographicallyPrecedes(right.person.name.utf8)
            }
            return left.person.id.utf8.lexicographicallyPrecedes(right.person.id.utf8)
        }?.person
    }
}
