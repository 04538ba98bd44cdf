import Foundation
import Hummingbird
import PipelineCore
import PipelineStore
import PipelineWeb

/// `/v1/ideas` and `/v1/implementations`: every route maps onto one engine command or one store
/// query. An implementation (a region's adoption of an idea) is a record like an idea, with its
/// own workflow: the same routes serve it under its own path, and each path only its own kind.
struct IdeaRoutes {
    let api: APIContext
    /// The records these routes serve.
    var records: RecordKind = .idea

    /// `ideas` or `implementations`.
    var prefix: String { records == .idea ? "ideas" : "implementations" }

    func register(on group: RouteTable.Group) {
        if records == .idea {
            group.on("ideas", .post, submit)
            registerAdoptions(on: group)
        }
        group.on(prefix, .get, list)
        group.on("\(prefix)/{id}", .get, show)
        group.on("\(prefix)/{id}", .patch, update)
        group.on("\(prefix)/{id}/gate", .get, gate)
        group.on("\(prefix)/{id}/history", .get, history)
        group.on("\(prefix)/{id}/timers", .get, timers)
        group.on("\(prefix)/{id}/approvals", .post) { request, context in
            try await command(request, context, allowed: ["comment"]) { body in
                .approve(comment: try body.string("comment", limit: IdeaEngine.maximumTextLength))
            }
        }
        group.on("\(prefix)/{id}/reviews", .post) { request, context in
            try await command(request, context, allowed: ["scores", "comment"]) { body in
                var scores: [String: Int] = [:]
                for (criterion, value) in try body.object("scores", required: true) ?? [:] {
                    guard case .number(let number) = value, number == number.rounded(), abs(number) < 1_000 else {
                        throw Problem(.invalidBody, "scores.\(criterion) must be a whole number")
                    }
                    scores[criterion] = Int(number)
                }
                return .review(
                    scores: scores,
                    comment: try body.string("comment", required: true, limit: IdeaEngine.maximumTextLength) ?? "")
            }
        }
        group.on("\(prefix)/{id}/decisions", .post) { request, context in
            try await command(request, context, allowed: IdeaRoutes.decisionMembers, IdeaRoutes.decision)
        }
        group.on("\(prefix)/{id}/conditions/{number}/met", .post) { request, context in
            let number = try IdeaRoutes.conditionNumber(context)
            return try await command(request, context, allowed: ["note"], emptyAllowed: true) { body in
                .meetCondition(number: number, note: try body.string("note", limit: IdeaEngine.maximumTextLength))
            }
        }
        group.on("\(prefix)/{id}/comments", .post) { request, context in
            try await command(request, context, allowed: ["text"]) { body in
                .comment(try body.string("text", required: true, limit: IdeaEngine.maximumTextLength) ?? "")
            }
        }
        registerPeople(on: group)
    }

    // MARK: - Commands

    @Sendable func submit(_ request: Request, context: PipelineRequestContext) async throws -> Response {
        let actor = try context.requireActor()
        let (data, body) = try await api.readBody(
            request, allowed: ["workflow", "organisation", "region", "fields", "co_organisations"])
        let workflow = try body.string("workflow", required: true, limit: 200) ?? ""
        guard let organisation = try body.string("organisation", limit: 200) ?? actor.organisation else {
            throw Problem(.invalidBody, "'organisation' is required: for which organisation is the idea?")
        }
        let region = try body.string("region", required: true, limit: 200) ?? ""
        let fields = try JSONBody.fieldValues(try body.object("fields") ?? [:], allowNull: false).compactMapValues {
            $0
        }
        let partners = try IdeaRoutes.coOrganisations(body) ?? []
        let id = ShortID.generate()
        return try await idempotently(request, context, data, status: .created) {
            (receipt) async throws(CommandFailure) -> CommandHandler.Outcome in
            try await api.handler.submit(
                id: id, workflowID: workflow, organisation: organisation, region: region, fields: fields,
                coSubmitters: partners, actor: actor, now: api.clock.now(), receipt: receipt)
        } name: {
            "submit"
        }
    }

    @Sendable func update(_ request: Request, context: PipelineRequestContext) async throws -> Response {
        let actor = try context.requireActor()
        let id = try context.parameters.require("id")
        guard let ifMatch = try APIContext.ifMatch(request) else {
            throw Problem(.preconditionRequired, "send If-Match with the ETag from GET /v1/\(prefix)/\(id)")
        }
        let version = ifMatch.expectedVersion
        let (_, body) = try await api.readBody(request, allowed: ["fields"])
        let changes = try JSONBody.fieldValues(try body.object("fields", required: true) ?? [:], allowNull: true)
        let outcome = try await perform("update") { () async throws(CommandFailure) in
            try await api.handler.execute(
                .updateFields(changes), on: id, actor: actor, now: api.clock.now(), expectedVersion: version,
                kind: records)
        }
        return APIContext.json(encoded: try api.answers.json(outcome.idea), etag: outcome.idea.version)
    }

    /// A POST on one idea: parses the body into a command and runs it, idempotently.
    private func command(
        _ request: Request, _ context: PipelineRequestContext, allowed: Set<String>, emptyAllowed: Bool = false,
        _ makeCommand: (JSONBody) throws -> Command
    ) async throws -> Response {
        let actor = try context.requireActor()
        let id = try context.parameters.require("id")
        let version = try APIContext.ifMatch(request)?.expectedVersion
        let (data, body) = try await api.readBody(request, allowed: allowed, emptyAllowed: emptyAllowed)
        let command = try makeCommand(body)
        return try await idempotently(request, context, data, status: .ok) {
            (receipt) async throws(CommandFailure) -> CommandHandler.Outcome in
            try await api.handler.execute(
                command, on: id, actor: actor, now: api.clock.now(), expectedVersion: version, receipt: receipt,
                kind: records)
        } name: {
            command.name
        }
    }

    /// Runs a command once per `Idempotency-Key`: a retry gets the first answer.
    func idempotently(
        _ request: Request, _ context: PipelineRequestContext, _ data: Data, status: HTTPResponse.Status,
        _ run: (CommandHandler.Receipt?) async throws(CommandFailure) -> CommandHandler.Outcome,
        name: () -> String
    ) async throws -> Response {
        let key = try Idempotency(
            request: request, body: data, principal: context.principal, store: api.store, clock: api.clock)
        if let key, let replay = try await key.replay() { return replay }
        var receipt: CommandHandler.Receipt?
        if let key {
            let code = Int(status.code)
            receipt = { @Sendable (outcome: CommandHandler.Outcome) -> IdempotencyRecord? in
                // The answer's bytes, encoded once: the response below reuses them.
                let json = (try? api.answers.json(outcome.idea)) ?? ByteBuffer(string: "{}")
                return key.record(status: code, body: String(buffer: json))
            }
        }
        do {
            let outcome = try await perform(name()) { () async throws(CommandFailure) in try await run(receipt) }
            return APIContext.json(
                encoded: try api.answers.json(outcome.idea), status: status, etag: outcome.idea.version)
        } catch let problem as Problem {
            // Another request with this key committed first: answer as it was answered.
            if let key, problem.kind == .unavailable, let replay = try? await key.replay() { return replay }
            if let key { await key.save(problem, path: request.uri.path) }
            throw problem
        }
    }

    private func perform(_ name: String, _ body: () async throws(CommandFailure) -> CommandHandler.Outcome)
        async throws -> CommandHandler.Outcome
    {
        do {
            let outcome = try await body()
            api.metrics.command(name, outcome: "accepted")
            return outcome
        } catch {
            api.metrics.command(name, outcome: "refused")
            if case .refused(.gateNotMet(let evaluation)) = error { api.metrics.gateRefusal(gate: evaluation.gate) }
            throw Problem(error)
        }
    }

    // MARK: - Queries

    @Sendable func show(_ request: Request, context: PipelineRequestContext) async throws -> Response {
        let loaded = try await load(context)
        return APIContext.json(encoded: try api.answers.json(loaded.idea), etag: loaded.idea.version)
    }

    @Sendable func gate(_ request: Request, context: PipelineRequestContext) async throws -> Response {
        let loaded = try await load(context)
        guard let gate = loaded.workflow.gate(leaving: loaded.idea.stage) else {
            throw Problem(.notFound, "stage '\(loaded.idea.stage)' has no gate")
        }
        let language = try api.language(of: request)
        guard let words = api.wording.words(for: loaded.workflow, language: language) else {
            throw Problem(.invalidBody, "no words for language '\(language)'")
        }
        let evaluation = GateEvaluation.evaluate(gate, idea: loaded.idea)
        let resource = GateResource(idea: loaded.idea, gate: gate, evaluation: evaluation, words: words)
        var response = try APIContext.json(
            resource, etag: loaded.idea.version, encoder: APIJSON.encoder(wording: words))
        // The words depend on the language asked for; caches must keep one answer per language.
        response.headers[.vary] = "Accept-Language"
        return response
    }

    @Sendable func history(_ request: Request, context: PipelineRequestContext) async throws -> Response {
        let loaded = try await load(context)
        let events = try await api.query { () async throws(StoreError) in
            try await api.store.history(of: loaded.idea.id)
        }
        return try APIContext.json(HistoryResource(idea: loaded.idea.id, events: events.map(EventResource.init)))
    }

    @Sendable func list(_ request: Request, context: PipelineRequestContext) async throws -> Response {
        let actor = try context.requireActor()
        let parameters = request.uri.queryParameters
        var known: Set<String> = ["workflow", "stage", "status", "region", "theme", "organisation", "limit", "cursor"]
        if records == .implementation { known.insert("idea") }
        for (name, _) in parameters where !known.contains(String(name)) {
            throw Problem(.invalidBody, "unknown query parameter '\(String(name).prefix(40))'")
        }
        func value(_ name: Substring) -> String? { parameters[name].map(String.init) }
        var status: Idea.Status?
        if let text = value("status") {
            guard let parsed = Idea.Status(rawValue: text) else {
                throw Problem(.invalidBody, "status is active, on_hold, completed or killed")
            }
            status = parsed
        }
        var limit = 50
        if let text = value("limit") {
            guard let parsed = Int(text), (1...IdeaQuery.maximumLimit).contains(parsed) else {
                throw Problem(.invalidBody, "limit is a whole number from 1 to \(IdeaQuery.maximumLimit)")
            }
            limit = parsed
        }
        let visibility = Access.visibility(for: actor, in: api.handler.library)
        var query = IdeaQuery(
            workflowID: value("workflow"), stage: value("stage"), status: status, region: value("region"),
            theme: value("theme"), organisation: value("organisation"), visibility: visibility, limit: limit,
            cursor: value("cursor"))
        if records == .implementation { query.records = .implementations(parent: value("idea")) }
        let page = try await api.query { () async throws(StoreError) in try await api.store.ideas(query) }
        return APIContext.json(
            encoded: try api.answers.list(records: prefix, ideas: page.ideas, nextCursor: page.nextCursor))
    }

    @Sendable func timers(_ request: Request, context: PipelineRequestContext) async throws -> Response {
        let loaded = try await load(context)
        let timers = try await api.query { () async throws(StoreError) in
            try await api.store.timers(ideaID: loaded.idea.id)
        }
        return try APIContext.json(TimerListResource(timers: timers.map { TimerResource($0) }))
    }

    func load(_ context: PipelineRequestContext) async throws -> (idea: Idea, workflow: Workflow) {
        let actor = try context.requireActor()
        let id = try context.parameters.require("id")
        do { return try await api.handler.load(id, actor: actor, kind: records) } catch { throw Problem(error) }
    }
}
