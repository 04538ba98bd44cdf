import Foundation

/// The body of a webhook message: `{"type", "timestamp", "data"}`, with what a consumer needs to
/// act on the event without calling back: the idea, its workflow, the stage before and after,
/// the status, the organisation, the region, who did it and a link to the idea in the API.
public struct EventMessage: Encodable, Sendable {
    public struct Payload: Encodable, Sendable {
        public struct WorkflowReference: Encodable, Sendable {
            let id: String
            let version: Int
        }

        let idea: String
        let sequence: Int
        let workflow: WorkflowReference
        let stageBefore: String
        let stageAfter: String
        let status: String
        let organisation: String
        let region: String
        let actor: Actor
        let link: String
        let change: Event.Change

        enum CodingKeys: String, CodingKey {
            case idea, sequence, workflow, status, organisation, region, actor, link, change
            case stageBefore = "stage_before"
            case stageAfter = "stage_after"
        }
    }

    public let type: String
    public let timestamp: String
    public let data: Payload

    /// The message for `event`, the `sequence`-th event of an idea that is `idea` after its command.
    public init(event: Event, sequence: Int, idea: Idea) {
        type = event.type
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        timestamp = formatter.string(from: event.at)
        let before: String
        switch event.change {
        case .advanced(_, let from, _), .recycled(let from, _, _), .killed(_, let from, _): before = from
        default: before = idea.stage
        }
        data = Payload(
            idea: idea.id, sequence: sequence,
            workflow: .init(id: idea.workflowID, version: idea.workflowVersion), stageBefore: before,
            stageAfter: idea.stage, status: idea.status.rawValue, organisation: idea.organisation, region: idea.region,
            actor: event.actor, link: "/v1/ideas/\(idea.id)", change: event.change)
    }

    /// The exact bytes that are signed and sent.
    public func encoded() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        return try encoder.encode(self)
    }
}
