import Foundation
import Hummingbird
import PipelineCore
import PipelineStore

/// `PUT /v1/ideas/{id}/owner`, `/co-organisations` and `/gatekeepers`: an idea's people, each the
/// whole value (a PUT of what is there already changes nothing). People are named by their id in
/// the register (or e-mail address); the command handler checks them with `Access` and refuses
/// with 422 saying who and why.
extension IdeaRoutes {
    func registerPeople(on group: RouteTable.Group) {
        group.on("\(prefix)/{id}/owner", .put) { request, context in
            try await assignment(request, context, allowed: ["person"], name: "assign_owner") { body in
                let person = try body.string("person", required: true, limit: EmailAddress.maximumBytes) ?? ""
                return { id, actor, now, version, receipt async throws(CommandFailure) in
                    try await api.handler.assignOwner(
                        person: person, on: id, actor: actor, now: now, expectedVersion: version, receipt: receipt)
                }
            }
        }
        group.on("\(prefix)/{id}/co-organisations", .put) { request, context in
            try await assignment(request, context, allowed: ["organisations"], name: "set_co_submitters") { body in
                let organisations = try IdeaRoutes.coOrganisations(body, key: "organisations", required: true) ?? []
                return { id, actor, now, version, receipt async throws(CommandFailure) in
                    try await api.handler.setCoSubmitters(
                        organisations, on: id, actor: actor, now: now, expectedVersion: version, receipt: receipt)
                }
            }
        }
        group.on("\(prefix)/{id}/gatekeepers", .put) { request, context in
            try await assignment(request, context, allowed: ["people"], name: "assign_gatekeepers") { body in
                let people =
                    try body.strings(
                        "people", required: true, maximumCount: IdeaEngine.maximumGatekeepers,
                        limit: EmailAddress.maximumBytes) ?? []
                return { id, actor, now, version, receipt async throws(CommandFailure) in
                    try await api.handler.assignGatekeepers(
                        people, on: id, actor: actor, now: now, expectedVersion: version, receipt: receipt)
                }
            }
        }
    }

    /// The organisations of a submission (`co_organisations`) or of the PUT (`organisations`).
    static func coOrganisations(_ body: JSONBody, key: String = "co_organisations", required: Bool = false) throws
        -> [String]?
    {
        try body.strings(
            key, required: required, maximumCount: IdeaEngine.maximumCoSubmitters, limit: Registration.maximumNameLength
        )
    }

    /// What a PUT runs once its body is read: the handler call for the idea, actor, time, version
    /// and receipt.
    typealias Assignment =
        @Sendable (String, Actor, Date, Int?, CommandHandler.Receipt?) async throws(CommandFailure)
        -> CommandHandler.Outcome

    /// A PUT on one idea's people: the body read strictly, If-Match when given, once per
    /// Idempotency-Key; the idea after it, with its ETag.
    private func assignment(
        _ request: Request, _ context: PipelineRequestContext, allowed: Set<String>, name: String,
        _ makeAssignment: (JSONBody) throws -> Assignment
    ) async throws -> Response {
        let actor = try context.requireActor()
        let id = try context.parameters.require("id")
        let version = try APIContext.ifMatch(request)?.expectedVersion
        let (data, body) = try await api.readBody(request, allowed: allowed)
        let assign = try makeAssignment(body)
        // Each path serves its own kind of record: an implementation is not an idea.
        _ = try await load(context)
        let now = api.clock.now()
        return try await idempotently(request, context, data, status: .ok) {
            (receipt) async throws(CommandFailure) -> CommandHandler.Outcome in
            try await assign(id, actor, now, version, receipt)
        } name: {
            name
        }
    }
}
