/// A stage an idea can be in, such as `proposal` or `pilot`.
public struct Stage: Sendable, Hashable {
    public let id: String
    public let name: String
    public let description: String?
    /// The fields a submitter may fill or change while the idea is in this stage.
    public let editable: [String]
    /// How long an idea should stay here at most: the mark on the board. With a ladder, its
    /// first step.
    public let sla: StageDuration?
    /// What happens, and when, to an idea that waits here (`sla: {remind: 45d, escalate: 60d,
    /// hold: 90d}`); `nil` for a bare `sla: 30d`, which is only the mark.
    public let ladder: SLALadder?
    /// What the engine does when an idea held in this stage reaches its review date.
    public let onReview: ReviewAction
    /// `nil` for a working stage; the outcome for an end state.
    public let terminal: Outcome?
    /// Ideas here are shown to every participant as good examples.
    public let shared: Bool
    /// Regions may adopt an idea in this stage (`adoptable: true`; idea workflows only): each
    /// adoption is a linked implementation in the adopting region.
    public let adoptable: Bool
    /// How far an implementation in this stage has come, for its idea's roll-up (`milestone: live`
    /// or `evaluated`; implementation workflows only). `nil`: not live yet.
    public let milestone: Milestone?

    /// The steps of an implementation that its idea's roll-up counts.
    public enum Milestone: String, Sendable, Hashable, CaseIterable {
        /// The implementation runs in its region.
        case live
        /// It runs and its outcome was measured.
        case evaluated
    }

    public enum Outcome: String, Sendable, Hashable, CaseIterable {
        /// The idea reached its goal (`idea.completed`).
        case completed
        /// The idea was stopped; a `kill` decision moves an idea to the first such stage.
        case stopped
    }

    /// `on_review:` in a stage: `notify` (the default) brings the held idea back to the
    /// facilitators' attention; `resume` resumes it.
    public enum ReviewAction: String, Sendable, Hashable, CaseIterable {
        case notify
        case resume
    }

    public init(
        id: String, name: String, description: String? = nil, editable: [String] = [], sla: StageDuration? = nil,
        ladder: SLALadder? = nil, onReview: ReviewAction = .notify, terminal: Outcome? = nil, shared: Bool = false,
        adoptable: Bool = false, milestone: Milestone? = nil
    ) {
        self.id = id
        self.name = name
        self.description = description
        self.editable = editable
        self.sla = sla ?? ladder?.firstStep
        self.ladder = ladder
        self.onReview = onReview
        self.terminal = terminal
        self.shared = shared
        self.adoptable = adoptable
        self.milestone = milestone
    }

    public var isTerminal: Bool { terminal != nil }
}

/// A duration written as a whole number and a unit: `12h`, `30d`, `6w`.
public struct StageDuration: Sendable, Hashable, CustomStringConvertible {
    public let amount: Int
    public let unit: Unit

    public enum Unit: String, Sendable, Hashable, CaseIterable {
        case hours = "h"
        case days = "d"
        case weeks = "w"

        var seconds: Int {
            switch self {
            case .hours: return 3_600
            case .days: return 86_400
            case .weeks: return 604_800
            }
        }
    }

    public init(amount: Int, unit: Unit) {
        self.amount = amount
        self.unit = unit
    }

    /// Parses `30d`; `nil` for anything else (zero, a sign, a fraction, an unknown unit).
    public init?(_ text: String) {
        guard let last = text.last, let unit = Unit(rawValue: String(last)) else { return nil }
        let digits = text.dropLast()
        guard !digits.isEmpty, digits.count <= 6, digits.allSatisfy({ $0.isASCII && $0.isNumber }),
            let amount = Int(digits), amount > 0
        else { return nil }
        self.init(amount: amount, unit: unit)
    }

    public var seconds: Int { amount * unit.seconds }
    public var description: String { "\(amount)\(unit.rawValue)" }
}
