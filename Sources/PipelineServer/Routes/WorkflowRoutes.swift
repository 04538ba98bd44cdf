import Hummingbird
import PipelineCore
import PipelineDefinition
import PipelineStore

/// `/v1/workflows` and `/v1/reports`: the definitions and the counts.
struct WorkflowRoutes {
    let api: APIContext

    func register(on group: RouteTable.Group) {
        group.on("workflows", .get) { _, context in
            _ = try context.requireActor()
            let summaries = api.handler.library.workflows.map {
                WorkflowSummary(id: $0.id, version: $0.version, name: $0.name, stages: $0.stages.map(\.id))
            }
            return try APIContext.json(["workflows": summaries])
        }
        group.on("workflows/reload", .post) { request, context in
            let actor = try context.requireActor()
            guard actor.role == Actor.admin else { throw Problem(.forbidden, "only admins reload the workflows") }
            guard let reloader = api.reloader else {
                throw Problem(.notAllowedNow, "this server runs a fixed set of workflows; it cannot reload them")
            }
            _ = try await api.readBody(request, allowed: [], emptyAllowed: true)
            do {
                let library = try await reloader.reload()
                let summaries = library.workflows.map {
                    WorkflowSummary(id: $0.id, version: $0.version, name: $0.name, stages: $0.stages.map(\.id))
                }
                return try APIContext.json(["workflows": summaries])
            } catch let refused as WorkflowReloader.Refused {
                var problem = Problem(
                    .invalidWorkflows,
                    "the workflow files do not load; the running workflows stay: "
                        + (refused.diagnostics.first ?? ""))
                problem.diagnostics = refused.diagnostics
                throw problem
            } catch let error as StoreError {
                throw Problem(.store(error))
            }
        }
        group.on("workflows/{id}", .get) { request, context in
            try APIContext.json(WorkflowResource(try workflow(request, context)))
        }
        group.on("workflows/{id}/graph", .get) { request, context in
            let text = WorkflowGraph.render(try workflow(request, context), as: .mermaid)
            return Response(
                status: .ok, headers: [.contentType: "text/vnd.mermaid; charset=utf-8"],
                body: .init(byteBuffer: ByteBuffer(string: text)))
        }
        group.on("reports/counts", .get) { request, context in
            let actor = try context.requireActor()
            let parameters = request.uri.queryParameters
            let known: Set<String> = ["by", "workflow"]
            for (name, _) in parameters where !known.contains(String(name)) {
                throw Problem(.invalidBody, "unknown query parameter '\(String(name).prefix(40))'")
            }
            let byText = parameters["by"].map(String.init) ?? "stage"
            guard let dimension = CountDimension(rawValue: byText) else {
                throw Problem(.invalidBody, "by is stage, region or theme")
            }
            let workflowID = parameters["workflow"].map(String.init)
            let counts = try await api.query { () async throws(StoreError) in
                try await api.store.counts(
                    groupedBy: dimension, workflowID: workflowID,
                    visibility: Access.visibility(for: actor, in: api.handler.library))
            }
            return try APIContext.json(CountsResource(by: dimension.rawValue, counts: counts))
        }
    }

    /// The workflow named in the path: the latest version, or `?version=N`.
    private func workflow(_ request: Request, _ context: PipelineRequestContext) throws -> Workflow {
        _ = try context.requireActor()
        let id = try context.parameters.require("id")
        // `/v1/workflows/reload` takes only POST (ids are never "reload"): a 405 with its Allow.
        if id == "reload" { throw HTTPError(.notFound) }
        if let text = request.uri.queryParameters["version"] {
            guard let version = Int(String(text)) else { throw Problem(.invalidBody, "version is a whole number") }
            guard let found = api.handler.library.workflow(id, version: version) else {
                throw Problem(.notFound, "workflow '\(id.prefix(60))' has no version \(version)")
            }
            return found
        }
        guard let found = api.handler.library.latest(id) else {
            throw Problem(.notFound, "unknown workflow '\(id.prefix(60))'")
        }
        return found
    }
}

struct CountsResource: Encodable {
    struct Count: Encodable {
        let workflow: String
        let value: String?
        let status: String
        let count: Int
    }

    let by: String
    let counts: [Count]

    init(by: String, counts: [IdeaCount]) {
        self.by = by
        self.counts = counts.map { Count(workflow: $0.workflowID, value: $0.value, status: $0.status, count: $0.count) }
    }
}
