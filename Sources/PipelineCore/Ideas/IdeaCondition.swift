import Foundation

/// A condition of a conditional go ("go, provided that ..."): what must be done and the day it
/// must be done by. Conditions become checklist rows of the next gate, which holds only when each
/// one is met; a person meets one by name; an unmet one past its day is overdue (by a timer).
public struct IdeaCondition: Sendable, Hashable, Codable {
    /// 1, 2, ... in the order the go gave them; unique within an idea.
    public let number: Int
    public let text: String
    /// The day it must be met by (its start, UTC); overdue when that day is over.
    public let due: Date
    /// The gate that gave the conditional go, and the gate that cannot pass while it is open.
    public let fromGate: String
    public let gate: String
    public var metBy: String?
    public var metAt: Date?
    public var note: String?
    /// Set by `idea.condition_overdue`; stays set once met late.
    public var overdue: Bool

    public init(
        number: Int, text: String, due: Date, fromGate: String, gate: String, metBy: String? = nil,
        metAt: Date? = nil, note: String? = nil, overdue: Bool = false
    ) {
        self.number = number
        self.text = text
        self.due = due
        self.fromGate = fromGate
        self.gate = gate
        self.metBy = metBy
        self.metAt = metAt
        self.note = note
        self.overdue = overdue
    }

    public var isMet: Bool { metBy != nil }

    /// What a go with conditions asks for: a text and a day.
    public struct Terms: Sendable, Hashable {
        public let text: String
        public let due: Date

        public init(text: String, due: Date) {
            self.text = text
            self.due = due
        }
    }
}
