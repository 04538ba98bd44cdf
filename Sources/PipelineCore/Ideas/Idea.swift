import Foundation

/// The state of one idea, as `evolve` builds it from its events: the read model the store keeps.
public struct Idea: Sendable, Hashable, Codable {
    public let id: String
    public let workflowID: String
    /// The version of its workflow the idea follows: the one it was submitted on, until an admin
    /// migrates it to a newer one (`idea.migrated`).
    public var workflowVersion: Int
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
    /// The conditions of conditional goes that still matter: those of the gate ahead (met or not).
    public var conditions: [IdeaCondition] = []
    /// Why and until when the idea is on hold; `nil` unless it is.
    public var hold: Hold?
    /// How far the current stage's SLA ladder has gone: reminded, then escalated.
    public var slaMark: SLAMark?
    /// The last resume after a hold: the SLA ladder counts from here.
    public var resumedAt: Date?
    /// The facilitator who holds the idea: chosen at intake by region, changed by a facilitator;
    /// `nil` until one is assigned.
    public var owner: IdeaPerson?
    /// The organisations that submit the idea together with `organisation` (registered names). Their
    /// people are recused like the submitting organisation's.
    public var coSubmitters: [String] = []
    /// The people assigned to the gate of the current stage; cleared when the idea enters another
    /// stage.
    public var gatekeepers: [IdeaPerson] = []
    /// For an implementation (a region's adoption of an idea), the adopted idea's id; `nil` for an idea.
    public var parent: String?
    /// What the regions did with this idea, when its workflow has adoptions and the reader loaded
    /// them: gate rules read it as `adoptions.live`, ... Not part of the stored state (the
    /// implementations are records of their own); see ``gateValues``.
    public var adoptions: AdoptionRollup?

    /// The stored members: everything but the roll-up, which is read from the implementations.
    enum CodingKeys: String, CodingKey {
        case id, workflowID, workflowVersion, organisation, region, submittedBy, submittedAt, stage, status, fields
        case approvals, reviews, stageEnteredAt, updatedAt, version, conditions, hold, slaMark, resumedAt, owner
        case coSubmitters, gatekeepers, parent
    }

    /// Whether this record is a region's implementation of an adopted idea.
    public var isImplementation: Bool { parent != nil }

    /// The values gate rules and routes read: the fields and, once loaded, the roll-up.
    public var gateValues: FieldValues {
        guard let adoptions else { return fields }
        return fields.merging(adoptions.values) { field, _ in field }
    }

    /// A hold: by a person (with a review date) or by the SLA ladder.
    public struct Hold: Sendable, Hashable, Codable {
        public let reason: String
        public let until: Date?
        public let bySLA: Bool
        /// The review date came (`idea.hold_review_due`) and nobody acted yet.
        public var reviewDue: Bool

        public init(reason: String, until: Date?, bySLA: Bool, reviewDue: Bool = false) {
            self.reason = reason
            self.until = until
            self.bySLA = bySLA
            self.reviewDue = reviewDue
        }
    }

    public enum SLAMark: String, Sendable, Hashable, Codable {
        case reminded
        case escalated
    }

    /// The conditions that hold back `gate`: not met yet.
    public func openConditions(of gate: String) -> [IdeaCondition] {
        conditions.filter { $0.gate == gate && !$0.isMet }
    }

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

extension Idea {
    /// Reads stored states of every release: those written before timers have no conditions,
    /// hold or SLA mark; those written before owners have no owner, co-submitters or gatekeepers.
    public init(from decoder: any Decoder) throws {
        let object = try decoder.container(keyedBy: CodingKeys.self)
        id = try object.decode(String.self, forKey: .id)
        workflowID = try object.decode(String.self, forKey: .workflowID)
        workflowVersion = try object.decode(Int.self, forKey: .workflowVersion)
        organisation = try object.decode(String.self, forKey: .organisation)
        region = try object.decode(String.self, forKey: .region)
        submittedBy = try object.decode(String.self, forKey: .submittedBy)
        submittedAt = try object.decode(Date.self, forKey: .submittedAt)
        stage = try object.decode(String.self, forKey: .stage)
        status = try object.decode(Status.self, forKey: .status)
        fields = try object.decode(FieldValues.self, forKey: .fields)
        approvals = try object.decode([Approval].self, forKey: .approvals)
        reviews = try object.decode([Review].self, forKey: .reviews)
        stageEnteredAt = try object.decode(Date.self, forKey: .stageEnteredAt)
        updatedAt = try object.decode(Date.self, forKey: .updatedAt)
        version = try object.decode(Int.self, forKey: .version)
        conditions = try object.decodeIfPresent([IdeaCondition].self, forKey: .conditions) ?? []
        hold = try object.decodeIfPresent(Hold.self, forKey: .hold)
        slaMark = try object.decodeIfPresent(SLAMark.self, forKey: .slaMark)
        resumedAt = try object.decodeIfPresent(Date.self, forKey: .resumedAt)
        owner = try object.decodeIfPresent(IdeaPerson.self, forKey: .owner)
        coSubmitters = try object.decodeIfPresent([String].self, forKey: .coSubmitters) ?? []
        gatekeepers = try object.decodeIfPresent([IdeaPerson].self, forKey: .gatekeepers) ?? []
        parent = try object.decodeIfPresent(String.self, forKey: .parent)
    }
}

/// One person's approval of the gate of an idea's current stage.
public struct Approval: Sendable, Hashable, Codable {
    public let person: String
    public let role: String
    public let gate: String
    public let at: Date
    public let comment: String?
    /// The approver's organisation when they approved (`nil` for approvals stored before it was
    /// kept): an organisation that co-submits the idea later no longer counts for its quorum.
    public let organisation: String?

    public init(person: String, role: String, gate: String, at: Date, comment: String?, organisation: String? = nil) {
        self.person = person
        self.role = role
        self.gate = gate
        self.at = at
        self.comment = comment
        self.organisation = organisation
    }
}

/// One person's scorecard review: a score per criterion and a comment.
public struct Review: Sendable, Hashable, Codable {
    public let person: String
    public let gate: String
    public let scores: [String: Int]
    public let comment: String
    public let at: Date
    /// The reviewer's organisation when they reviewed (`nil` for reviews stored before it was kept).
    public let organisation: String?

    public init(
        person: String, gate: String, scores: [String: Int], comment: String, at: Date, organisation: String? = nil
    ) {
        self.person = person
        self.gate = gate
        self.scores = scores
        self.comment = comment
        self.at = at
        self.organisation = organisation
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
