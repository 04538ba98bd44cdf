import Foundation
import Hummingbird
import PipelineCore

/// The bodies of decisions and met conditions, read as strictly as the OpenAPI document
/// describes them: each decision takes its own members, and nothing else.
extension IdeaRoutes {
    static let decisionMembers: Set<String> = ["decision", "to", "reason", "until", "conditions"]
    /// How many conditions one go may carry at most; a gate may allow fewer (`max_conditions`).
    static let maximumConditions = 20

    static func decision(_ body: JSONBody) throws -> Command {
        let decision = try body.string("decision", required: true) ?? ""
        guard ["go", "recycle", "hold", "resume", "kill"].contains(decision) else {
            throw Problem(
                .invalidBody, "unknown decision '\(decision.prefix(40))'; use go, recycle, hold, resume or kill")
        }
        if body.members["until"] != nil, decision != "hold" {
            throw Problem(.invalidBody, "'until' is for hold only: the review date")
        }
        if body.members["conditions"] != nil, decision != "go" {
            throw Problem(.invalidBody, "'conditions' are for go only: a go with conditions")
        }
        // Checked whatever the decision, so that a wrong type is never let through unseen.
        let to = try body.string("to", limit: 200)
        let reason = try body.string("reason", limit: IdeaEngine.maximumTextLength) ?? ""
        switch decision {
        case "go":
            guard let terms = try conditionTerms(body) else { return .decide(.go) }
            return .decide(.conditionalGo(terms))
        case "recycle":
            guard let to else { throw Problem(.invalidBody, "recycle needs 'to': the stage") }
            return .decide(.recycle(to: to, reason: reason))
        case "hold":
            // Without a review date the engine refuses the hold (422), saying why.
            var until: Date?
            if let text = try body.string("until", limit: 40) {
                guard let date = CalendarDay.start(of: text) ?? RFC3339.date(from: text) else {
                    throw Problem(.invalidBody, "until is a date such as 2027-03-01 (or an RFC 3339 date-time)")
                }
                until = date
            }
            return .decide(.hold(reason: reason, until: until))
        case "resume": return .decide(.resume)
        default: return .decide(.kill(reason: reason))
        }
    }

    /// `conditions`: 1 to 20 objects `{"text", "due": "YYYY-MM-DD"}`; `nil` when left out.
    private static func conditionTerms(_ body: JSONBody) throws -> [IdeaCondition.Terms]? {
        guard let items = try body.array("conditions") else { return nil }
        guard (1...maximumConditions).contains(items.count) else {
            throw Problem(
                .invalidBody,
                "'conditions' holds 1 to \(maximumConditions) conditions, not \(items.count); leave it out for a go without conditions"
            )
        }
        var terms: [IdeaCondition.Terms] = []
        for (index, item) in items.enumerated() {
            let path = "conditions[\(index)]"
            guard case .object(let members) = item else {
                throw Problem(.invalidBody, "'\(path)' must be an object with text and due, not \(item.typeName)")
            }
            let condition = try JSONBody(members, allowed: ["text", "due"], path: path + ".")
            let text = try condition.string("text", required: true, limit: IdeaEngine.maximumTextLength) ?? ""
            let day = try condition.string("due", required: true, limit: 40) ?? ""
            guard let due = CalendarDay.start(of: day) else {
                throw Problem(.invalidBody, "'\(path).due' is a day such as 2027-03-01")
            }
            terms.append(IdeaCondition.Terms(text: text, due: due))
        }
        return terms
    }

    /// The `{number}` of `/conditions/{number}/met`: a whole number from 1.
    static func conditionNumber(_ context: PipelineRequestContext) throws -> Int {
        let text = try context.parameters.require("number")
        guard (1...9).contains(text.count), text.allSatisfy({ $0.isASCII && $0.isNumber }), let number = Int(text),
            number >= 1
        else {
            throw Problem(.invalidBody, "the condition's number is a whole number from 1, such as 2")
        }
        return number
    }
}
