import Foundation
import Hummingbird
import PipelineCore
import PipelineStore

/// `/v1/ideas/{id}/adoptions`: the regions that adopt an idea (the roll-up and the
/// implementations the caller may see), and a region's adoption, which makes a linked
/// implementation record (then served under `/v1/implementations/{id}`).
extension IdeaRoutes {
    func registerAdoptions(on group: RouteTable.Group) {
        group.on("ideas/{id}/adoptions", .get, adoptions)
        group.on("ideas/{id}/adoptions", .post, adopt)
    }

    @Sendable func adoptions(_ request: Request, context: PipelineRequestContext) async throws -> Response {
        let actor = try context.requireActor()
        let loaded = try await load(context)
        guard let rollup = loaded.idea.adoptions else {
            throw Problem(.notFound, "workflow \(loaded.workflow.id) has no adoption by regions")
        }
        let implementations = try await api.query { () async throws(StoreError) in
            try await api.store.implementations(of: loaded.idea.id)
        }
        // The roll-up counts every adoption; the records are listed for those who may see them.
        let visible = implementations.filter { implementation in
            api.handler.library.workflow(implementation.workflowID, version: implementation.workflowVersion).map {
                Access.canView(implementation, actor: actor, workflow: $0)
            } ?? false
        }
        return try APIContext.json(
            AdoptionsResource(
                idea: loaded.idea.id, rollup: RollupResource(rollup),
                notYet: rollup.notYet(of: api.handler.regions.names, home: loaded.idea.region),
                implementations: visible.map { IdeaResource($0) }))
    }

    @Sendable func adopt(_ request: Request, context: PipelineRequestContext) async throws -> Response {
        let actor = try context.requireActor()
        let id = try context.parameters.require("id")
        let (data, body) = try await api.readBody(request, allowed: ["region", "organisation", "fields"])
        let region = try body.string("region", required: true, limit: 200) ?? ""
        let organisation = try body.string("organisation", limit: Registration.maximumNameLength)
        let fields = try JSONBody.fieldValues(try body.object("fields") ?? [:], allowNull: false).compactMapValues {
            $0
        }
        let implementationID = "imp_" + ShortID.generate()
        return try await idempotently(request, context, data, status: .created) {
            (receipt) async throws(CommandFailure) -> CommandHandler.Outcome in
            try await api.handler.adopt(
                id, region: region, organisation: organisation, fields: fields, implementationID: implementationID,
                actor: actor, now: api.clock.now(), receipt: receipt)
        } name: {
            "adopt"
        }
    }
}

/// `GET /v1/ideas/{id}/adoptions`.
struct AdoptionsResource: Encodable {
    let idea: String
    let rollup: RollupResource
    /// The server's regions that have not adopted the idea (not its own region).
    let notYet: [String]
    let implementations: [IdeaResource]

    enum CodingKeys: String, CodingKey {
        case idea, rollup, implementations
        case notYet = "not_yet"
    }
}
