import Foundation
import Hummingbird
import PipelineCore
import PipelineStore

extension WebPages {
    func board(_ request: Request, _ visitor: Visitor, workflowID: String) async throws -> Response {
        guard let workflow = library.latest(workflowID) else {
            throw PageError(.notFound, labels.format("error_unknown_workflow", ["id": String(workflowID.prefix(60))]))
        }
        let parameters = request.uri.queryParameters
        func filter(_ name: String) -> String? {
            parameters.get(name).flatMap { $0.isEmpty ? nil : String($0.prefix(200)) }
        }
        let filters = BoardView.Filters(
            region: filter("region"), theme: filter("theme"), organisation: filter("organisation"))
        // An implementation workflow's board shows the regions' implementations that follow it.
        let records: IdeaQuery.Records = workflow.kind == .implementation ? .implementations(parent: nil) : .ideas
        let ideas = try await withRollups(
            try await visibleIdeas(visitor.actor, workflowID: workflow.id, records: records))
        let view = BoardView(
            workflow: workflow, versions: library.versions(of: workflow.id), ideas: ideas, filters: filters,
            actor: visitor.actor, now: clock.now(), labels: labels)
        var values = view.values()
        values["done"] = doneMessage(request)
        return html("board", values, visitor: visitor, title: workflow.name)
    }

    /// The ideas with their roll-ups where regions adopt them (an adoptable stage), so that the
    /// board's gate marks read `adoptions.live` as the idea page does. One read per such idea.
    private func withRollups(_ ideas: [Idea]) async throws -> [Idea] {
        var result: [Idea] = []
        result.reserveCapacity(ideas.count)
        for var idea in ideas {
            if let workflow = library.workflow(idea.workflowID, version: idea.workflowVersion),
                workflow.isAdoptable(idea.stage)
            {
                do { idea.adoptions = try await handler.rollup(of: idea, workflow: workflow) } catch {
                    throw PageError(.serviceUnavailable, labels["error_unavailable"])
                }
            }
            result.append(idea)
        }
        return result
    }

    /// The board as HTML, without a server: what the benchmark measures.
    public func renderBoard(workflowID: String, ideas: [Idea], actor: Actor, now: Date) -> String {
        guard let workflow = library.latest(workflowID) else { return "" }
        let view = BoardView(
            workflow: workflow, ideas: ideas, filters: .init(), actor: actor, now: now, labels: labels)
        var values = view.values()
        values["csrf"] = "benchmark"
        values["signed_in"] = true
        values["page_title"] = workflow.name
        return renderer.render("board", values, labels: labels)
    }

    /// Every idea of a workflow the person may see, with the same visibility rule as `GET /v1/ideas`.
    func visibleIdeas(
        _ actor: Actor, workflowID: String?, region: String? = nil, records: IdeaQuery.Records = .ideas
    ) async throws -> [Idea] {
        let visibility = Access.visibility(for: actor, in: library)
        var ideas: [Idea] = []
        var cursor: String?
        repeat {
            let query = IdeaQuery(
                workflowID: workflowID, region: region, visibility: visibility, records: records,
                limit: IdeaQuery.maximumLimit, cursor: cursor)
            let page: IdeaPage
            do { page = try await store.ideas(query) } catch {
                throw PageError(.serviceUnavailable, labels["error_unavailable"])
            }
            ideas += page.ideas
            cursor = page.nextCursor
        } while cursor != nil
        return viewable(ideas, by: actor)
    }

    /// Those of `ideas` that `actor` may view (``Access/canView(_:actor:workflow:)``); none of a
    /// workflow the library does not have.
    func viewable(_ ideas: [Idea], by actor: Actor) -> [Idea] {
        ideas.filter { idea in
            library.workflow(idea.workflowID, version: idea.workflowVersion).map {
                Access.canView(idea, actor: actor, workflow: $0)
            } ?? false
        }
    }

    /// The confirmation after a form: a fixed label chosen by `?done=`, never text from the URL.
    func doneMessage(_ request: Request) -> String {
        guard let done = request.uri.queryParameters["done"], done.allSatisfy({ $0.isLetter || $0 == "_" }),
            let message = labels.words["done_\(done)"]
        else { return "" }
        return message
    }
}
