import Foundation
import PipelineCore
import PipelineStore

/// An idea as the API shows it.
struct IdeaResource: Encodable {
    struct WorkflowReference: Encodable {
        let id: String
        let version: Int
    }

    struct ApprovalResource: Encodable {
        let person: String
        let role: String
        let gate: String
        let at: Date
        let comment: String?
    }

    struct ReviewResource: Encodable {
        let person: String
        let gate: String
        let scores: [String: Int]
        let comment: String
        let at: Date
    }

    let id: String
    let workflow: WorkflowReference
    let title: String?
    let theme: String?
    let organisation: String
    let region: String
    let stage: String
    let status: String
    let version: Int
    let fields: FieldValues
    let approvals: [ApprovalResource]
    let reviews: [ReviewResource]
    let submittedBy: String
    let submittedAt: Date
    let stageEnteredAt: Date
    let updatedAt: Date
    /// The conditions of conditional goes that still matter (those of the gate ahead, met or not).
    let conditions: [ConditionResource]
    /// Why and until when the idea is on hold; absent unless it is.
    let hold: HoldResource?
    /// How far the stage's SLA ladder has gone: `reminded`, then `escalated`; absent before.
    let slaMark: String?
    /// The facilitator who holds the idea; `null` (not left out) until one is assigned.
    let owner: NullablePerson
    let coOrganisations: [String]
    /// The people assigned to the gate of the current stage.
    let gatekeepers: [PersonReference]
    /// For an implementation: the id of the idea it implements.
    let parent: String?
    /// For an idea whose workflow has adoptions, when the reader loaded them (one idea, not a list).
    let adoptions: RollupResource?
    let links: [String: String]

    /// A person of the register as an idea names them: `{"id", "name"}`.
    struct PersonReference: Encodable {
        let id: String
        let name: String

        init(_ person: IdeaPerson) {
            id = person.id
            name = person.name
        }
    }

    /// A person, or JSON `null`.
    struct NullablePerson: Encodable {
        let person: PersonReference?

        func encode(to encoder: any Encoder) throws {
            var value = encoder.singleValueContainer()
            if let person { try value.encode(person) } else { try value.encodeNil() }
        }
    }

    enum CodingKeys: String, CodingKey {
        case id, workflow, title, theme, organisation, region, stage, status, version, fields, approvals, reviews, links
        case conditions, hold, owner, gatekeepers, parent, adoptions
        case coOrganisations = "co_organisations"
        case slaMark = "sla_mark"
        case submittedBy = "submitted_by"
        case submittedAt = "submitted_at"
        case stageEnteredAt = "stage_entered_at"
        case updatedAt = "updated_at"
    }

    init(_ idea: Idea) {
        id = idea.id
        workflow = WorkflowReference(id: idea.workflowID, version: idea.workflowVersion)
        title = idea.title
        theme = idea.theme
        organisation = idea.organisation
        region = idea.region
        stage = idea.stage
        status = idea.status.rawValue
        version = idea.version
        fields = idea.fields
        approvals = idea.approvals.map {
            ApprovalResource(person: $0.person, role: $0.role, gate: $0.gate, at: $0.at, comment: $0.comment)
        }
        reviews = idea.reviews.map {
            ReviewResource(person: $0.person, gate: $0.gate, scores: $0.scores, comment: $0.comment, at: $0.at)
        }
        submittedBy = idea.submittedBy
        submittedAt = idea.submittedAt
        stageEnteredAt = idea.stageEnteredAt
        updatedAt = idea.updatedAt
        conditions = idea.conditions.map(ConditionResource.init)
        hold = idea.hold.map(HoldResource.init)
        slaMark = idea.slaMark?.rawValue
        owner = NullablePerson(person: idea.owner.map(PersonReference.init))
        coOrganisations = idea.coSubmitters
        gatekeepers = idea.gatekeepers.map(PersonReference.init)
        parent = idea.parent
        adoptions = idea.adoptions.map(RollupResource.init)
        let base = EventLinks.record(idea)
        var links = ["self": base, "gate": base + "/gate", "history": base + "/history"]
        if let parent = idea.parent { links["idea"] = EventLinks.idea(parent) }
        if idea.adoptions != nil { links["adoptions"] = base + "/adoptions" }
        self.links = links
    }
}

/// A condition of a conditional go, as the API and `pipeline conditions list --json` show it.
public struct ConditionResource: Encodable, Sendable {
    let number: Int
    let text: String
    /// The day it must be met by, `2027-03-01`.
    let due: String
    /// The gate that cannot pass while it is open, and the gate whose go set it.
    let gate: String
    let fromGate: String
    let metBy: String?
    let metAt: Date?
    let note: String?
    let overdue: Bool

    enum CodingKeys: String, CodingKey {
        case number, text, due, gate, note, overdue
        case fromGate = "from_gate"
        case metBy = "met_by"
        case metAt = "met_at"
    }

    public init(_ condition: IdeaCondition) {
        number = condition.number
        text = condition.text
        due = CalendarDay.text(condition.due)
        gate = condition.gate
        fromGate = condition.fromGate
        metBy = condition.metBy
        metAt = condition.metAt
        note = condition.note
        overdue = condition.overdue
    }
}

/// An idea's hold: by a person, with a review date, or by the SLA ladder.
struct HoldResource: Encodable {
    let reason: String
    let until: Date?
    let bySLA: Bool
    let reviewDue: Bool

    enum CodingKeys: String, CodingKey {
        case reason, until
        case bySLA = "by_sla"
        case reviewDue = "review_due"
    }

    init(_ hold: Idea.Hold) {
        reason = hold.reason
        until = hold.until
        bySLA = hold.bySLA
        reviewDue = hold.reviewDue
    }
}

/// One of an idea's timers, as `GET /v1/ideas/{id}/timers` and `pipeline timers list --json` show
/// it; `idea` only where timers of many ideas are listed.
public struct TimerResource: Encodable, Sendable {
    let id: Int64
    let idea: String?
    let kind: String
    let subject: String
    let dueAt: Date
    let status: String
    let createdAt: Date
    let firedAt: Date?
    let cancelledAt: Date?

    enum CodingKeys: String, CodingKey {
        case id, idea, kind, subject, status
        case dueAt = "due_at"
        case createdAt = "created_at"
        case firedAt = "fired_at"
        case cancelledAt = "cancelled_at"
    }

    public init(_ record: TimerRecord, withIdea: Bool = false) {
        id = record.id
        idea = withIdea ? record.ideaID : nil
        kind = record.kind.rawValue
        subject = record.subject
        dueAt = record.dueAt
        status = record.status.rawValue
        createdAt = record.createdAt
        firedAt = record.firedAt
        cancelledAt = record.cancelledAt
    }
}

struct TimerListResource: Encodable {
    let timers: [TimerResource]
}

/// A page of ideas (`{"ideas": [...]}`) or of implementations (`{"implementations": [...]}`).
struct IdeaListResource: Encodable {
    var records = "ideas"
    let ideas: [IdeaResource]
    let nextCursor: String?

    func encode(to encoder: any Encoder) throws {
        var object = encoder.container(keyedBy: DynamicKey.self)
        try object.encode(ideas, forKey: DynamicKey(records))
        try object.encodeIfPresent(nextCursor, forKey: DynamicKey("next_cursor"))
    }
}

/// A JSON key chosen at run time.
struct DynamicKey: CodingKey {
    let stringValue: String
    var intValue: Int? { nil }
    init(_ string: String) { stringValue = string }
    init?(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { nil }
}

/// What the regions did with an idea: `GET /v1/ideas/{id}` and `/adoptions` show it.
struct RollupResource: Encodable {
    let total: Int
    let adopting: Int
    let live: Int
    let evaluated: Int
    let stopped: Int
    let outcomes: [Outcome]
    let regions: [Region]

    struct Outcome: Encodable {
        let field: String
        let count: Int
        let sum: Double
        let median: Double?
    }

    struct Region: Encodable {
        let region: String
        let implementation: String
        let step: String
    }

    init(_ rollup: AdoptionRollup) {
        total = rollup.total
        adopting = rollup.adopting
        live = rollup.live
        evaluated = rollup.evaluated
        stopped = rollup.stopped
        outcomes = rollup.outcomes.map { Outcome(field: $0.field, count: $0.count, sum: $0.sum, median: $0.median) }
        regions = rollup.regions.map {
            Region(region: $0.region, implementation: $0.implementation, step: $0.step.rawValue)
        }
    }
}

/// One event of an idea's history, as the API and `pipeline history --json` show it: `data` is
/// the flat change of its type.
public struct EventResource: Encodable, Sendable {
    let sequence: Int
    let type: String
    let at: Date
    let actor: Actor
    let data: Event.Change

    public init(_ stored: StoredEvent) {
        sequence = stored.sequence
        type = stored.event.type
        at = stored.event.at
        actor = stored.event.actor
        data = stored.event.change
    }
}

struct HistoryResource: Encodable {
    let idea: String
    let events: [EventResource]
}
