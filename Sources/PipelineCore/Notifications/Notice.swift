/// Something people should be told about an idea, decided from a command's events alone (like
/// the timers it plans): what happened, and to whom, by audience rather than by person. The
/// application layer turns audiences into people from the people register, keeps only those who
/// may see the idea (`Access.canView`) and want to be told, and writes one notification per
/// person in the command's transaction.
///
/// ```swift
/// let notices = IdeaEngine.notices(after: events, idea: next, workflow: workflow)
/// // [Notice(topic: .decision, audience: .organisation("HAP De Linde"), event: 0, ...)]
/// ```
public struct Notice: Sendable, Hashable {
    /// What the notice is about; each has its own message template.
    public enum Topic: String, Sendable, Hashable, CaseIterable {
        /// A decision at a gate: go (with its conditions), recycle, hold (with its review date),
        /// resume, stop, completion.
        case decision
        /// A comment on the idea.
        case comment
        /// The idea entered a stage whose gate waits for approvals or scorecard reviews.
        case gateWaiting = "gate_waiting"
        /// The SLA ladder's reminder: the idea waits for the audience.
        case slaReminder = "sla_reminder"
        /// The SLA ladder's escalation.
        case slaEscalated = "sla_escalated"
        /// A condition of a conditional go is overdue.
        case conditionOverdue = "condition_overdue"
        /// A hold's review date came.
        case holdReviewDue = "hold_review_due"
        /// The idea was given to the audience (a facilitator) to hold as its owner.
        case ownerAssigned = "owner_assigned"
        /// The audience was assigned as a gatekeeper of the idea's gate.
        case gatekeeperAssigned = "gatekeeper_assigned"
    }

    /// Who is meant, before the people register says who that is.
    public enum Audience: Sendable, Hashable {
        /// The people of an organisation (the submitting one).
        case organisation(String)
        /// The people with a role, such as the gatekeepers of a gate or the role of `escalate_to`.
        case role(String)
        /// The facilitators who serve a region (the idea's). The idea's owner is told beside them
        /// (`person`), also when they do not serve the region.
        case facilitators(region: String)
        /// One person of the register, by id (an owner, an assigned gatekeeper).
        case person(id: String)
    }

    public let topic: Topic
    public let audience: Audience
    /// The position of the event in the command's events that caused the notice.
    public let event: Int
    /// Who is never told: the person who did it (nobody needs a mail about their own comment).
    public let excluding: String?

    public init(topic: Topic, audience: Audience, event: Int, excluding: String?) {
        self.topic = topic
        self.audience = audience
        self.event = event
        self.excluding = excluding
    }
}
