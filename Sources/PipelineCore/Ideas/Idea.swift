import Foundation

/// The state of one idea, as `evolve` builds it from its events: the read model the store keeps.
public struct Idea: Sendable, Hashable, Codable {
    public let id: String
    public let workflowID: String
    public let workflowVersion: Int
    public let organisation: String
    public let region: String
    public let submittedBy: String
    public let submittedAt: Date
    public var stage: String
    public var status: Status
    public var fields: FieldValues
    /// Approvals given since the idea last entered its stage.
    public var approvals: [Approval]
    /// Scorecard reviews given since the idea last entered its stage; one per person, the latest.
    public var reviews: [Review]
    public var stageEnteredAt: Date
    public var updatedAt: Date
    /// The number of events so far; the version a command must be based on.
    public var version: Int

    public enum Status: String, Sendable, Hashable, Codable, CaseIterable {
        case active
        case onHold = "on_hold"
        case completed
        case killed
    }

    public var title: String? {
        if case .text(let title)? = fields["title"] { return title }
        return nil
    }

    public var theme: String? {
        if case .text(let theme)? = fields["theme"] { return theme }
        return nil
    }

    /// Ended ideas take no more decisions.
    public var isClosed: Bool { status == .completed || status == .killed }
}

/// One person's approval of the gate of an idea's current stage.
public struct Approval: Sendable, Hashable, Codable {
    public let person: String
    public let role: String
    public let gate: String
    public let at: Date
    public let comment: String?

    public init(person: String, role: String, gate: String, at: Date, comment: String?) {
        self.person = person
        self.role = role
        self.gate = gate
        self.at = at
        self.comment = comment
    }
}

/// One person's scorecard review: a score per criterion and a comment.
public struct Review: Sendable, Hashable, Codable {
    public let person: String
    public let gate: String
    public let scores: [String: Int]
    public let comment: String
    public let at: Date

    public init(person: String, gate: String, scores: [String: Int], comment: String, at: Date) {
        self.person = person
        self.gate = gate
        self.scores = scores
        self.comment = comment
        self.at = at
    }

    /// The weighted average of this review's scores on a scorecard's criteria.
    public func weightedScore(on scorecard: Scorecard) -> Double {
        var total = 0.0
        var weights = 0.0
        for criterion in scorecard.criteria {
            guard let score = scores[criterion.id] else { continue }
            total += Double(score) * criterion.weight
            weights += criterion.weight
        }
        return weights > 0 ? total / weights : 0
    }
}
