/// A stage's service levels as a ladder: after `remind` whoever must act next is reminded, after
/// `escalate` the facilitators (or `escalateTo`) are told, after `hold` the engine puts the idea
/// on hold with the reason "SLA". Each step is optional; the steps that are there come in this
/// order (the validator checks `remind < escalate < hold`).
///
/// ```yaml
/// sla:
///   remind: 45d
///   escalate: 60d
///   escalate_to: programme_lead
///   hold: 90d
/// ```
public struct SLALadder: Sendable, Hashable {
    public let remind: StageDuration?
    public let escalate: StageDuration?
    /// The role told at `escalate`; `nil` for the facilitators.
    public let escalateTo: String?
    public let hold: StageDuration?

    public init(
        remind: StageDuration? = nil, escalate: StageDuration? = nil, escalateTo: String? = nil,
        hold: StageDuration? = nil
    ) {
        self.remind = remind
        self.escalate = escalate
        self.escalateTo = escalateTo
        self.hold = hold
    }

    /// The steps that are there, earliest first, as timers of an idea that entered the stage.
    public var steps: [(kind: IdeaTimer.Kind, after: StageDuration)] {
        [(IdeaTimer.Kind.slaRemind, remind), (.slaEscalate, escalate), (.slaHold, hold)].compactMap { kind, duration in
            duration.map { (kind, $0) }
        }
    }

    /// The first step: the mark on the board.
    public var firstStep: StageDuration? { steps.first?.after }
}
