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
    let links: [String: String]

    enum CodingKeys: String, CodingKey {
        case id, workflow, title, theme, organisation, region, stage, status, version, fields, approvals, reviews, links
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
        let base = "/v1/ideas/\(idea.id)"
        links = ["self": base, "gate": base + "/gate", "history": base + "/history"]
    }
}

struct IdeaListResource: Encodable {
    let ideas: [IdeaResource]
    let nextCursor: String?

    enum CodingKeys: String, CodingKey {
        case ideas
        case nextCursor = "next_cursor"
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
