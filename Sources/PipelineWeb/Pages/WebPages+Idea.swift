import Foundation
import Hummingbird
import PipelineCore
import PipelineStore

/// The forms of the idea page, each posted to `/ideas/{id}/<action>`; `condition` marks one
/// condition of a conditional go as met.
enum IdeaAction: String, CaseIterable, Sendable {
    case fields, approve, review, decide, comment, condition, owner, gatekeepers, adopt
}

extension WebPages {
    func ideaPage(_ request: Request, _ visitor: Visitor, id: String) async throws -> Response {
        let (idea, workflow) = try await load(id, visitor)
        let view = try await ideaView(idea, workflow, visitor)
        var values = view.values()
        values["done"] = doneMessage(request)
        return html("idea", values, visitor: visitor, title: idea.title ?? idea.id)
    }

    /// Runs one form's command through the API's command handler; a refusal shows the idea again
    /// with the API's explanation and status, and with what was typed.
    func perform(_ action: IdeaAction, _ request: Request, _ visitor: Visitor, id: String) async throws -> Response {
        let (idea, workflow) = try await load(id, visitor)
        let form = visitor.form
        var view = try await ideaView(idea, workflow, visitor)
        let command: Command
        var expectedVersion: Int?
        if let people = try await assignment(action, idea, visitor, view) { return people }
        switch action {
        case .owner, .gatekeepers:
            preconditionFailure("handled by assignment")
        case .adopt:
            return await adopt(idea, visitor, view)
        case .fields:
            let fields = workflow.stage(idea.stage)?.editable.compactMap(workflow.field) ?? []
            let parsed = FieldForm.parse(fields, form: form, labels: labels)
            view.editRaw = parsed.raw
            if !parsed.problems.isEmpty {
                view.editProblems = parsed.problems
                return refusal(view, visitor, PageError(.unprocessableContent, labels["error_fields"]))
            }
            command = .updateFields(parsed.values)
            expectedVersion = Int(form["version"] ?? "")
            if expectedVersion == nil {
                return refusal(view, visitor, PageError(.preconditionRequired, labels["error_version"]))
            }
        case .approve:
            command = .approve(comment: form["comment"])
        case .review:
            var scores: [String: Int] = [:]
            for criterion in workflow.gate(leaving: idea.stage)?.scorecard?.criteria ?? [] {
                if let score = form["score_\(criterion.id)"].flatMap({ Int($0) }) { scores[criterion.id] = score }
            }
            command = .review(scores: scores, comment: form["comment"] ?? "")
        case .decide:
            view.decideRaw = form
            let reason = form["reason"] ?? ""
            let decision = form["decision"] ?? ""
            let terms: [IdeaCondition.Terms]
            switch conditionTerms(form) {
            case .success(let found): terms = found
            case .failure(let problem): return refusal(view, visitor, problem)
            }
            if !terms.isEmpty, decision != "go" {
                return refusal(view, visitor, PageError(.unprocessableContent, labels["error_conditions_need_go"]))
            }
            switch decision {
            case "go": command = .decide(terms.isEmpty ? .go : .conditionalGo(terms))
            case "recycle":
                guard let target = form["to"], !target.isEmpty else {
                    return refusal(view, visitor, PageError(.badRequest, labels["error_recycle_to"]))
                }
                command = .decide(.recycle(to: target, reason: reason))
            case "hold":
                // An empty date goes to the engine, which refuses a hold without one in its words.
                let text = (form["until"] ?? "").trimmingCharacters(in: .whitespaces)
                var until: Date?
                if !text.isEmpty {
                    guard let day = CalendarDay.start(of: text) else {
                        return refusal(
                            view, visitor,
                            PageError(
                                .unprocessableContent, labels.format("error_until", ["text": String(text.prefix(40))])))
                    }
                    until = day
                }
                command = .decide(.hold(reason: reason, until: until))
            case "resume": command = .decide(.resume)
            case "kill": command = .decide(.kill(reason: reason))
            case let other:
                return refusal(
                    view, visitor,
                    PageError(
                        .badRequest, labels.format("error_unknown_decision", ["decision": String(other.prefix(40))])))
            }
        case .comment:
            command = .comment(form["text"] ?? "")
        case .condition:
            guard let number = form["number"].flatMap({ Int($0) }) else {
                return refusal(view, visitor, PageError(.badRequest, labels["error_condition_number"]))
            }
            command = .meetCondition(number: number, note: form["note"])
        }
        do {
            try await handler.execute(
                command, on: idea.id, actor: visitor.actor, now: clock.now(), expectedVersion: expectedVersion)
        } catch {
            if case .refused(.invalidFields(let problems)) = error {
                let words = RefusalWords(workflow: workflow, labels: labels)
                view.editProblems = Dictionary(problems.map { ($0.field, words.message($0)) }, uniquingKeysWith: { $1 })
            }
            return refusal(view, visitor, refused(error, workflow: workflow))
        }
        let done = action == .decide ? "decide_\(form["decision"] ?? "")" : action.rawValue
        if form["return"] == "board" { return PageResponse.redirect("/board/\(workflow.id)?done=\(done)") }
        return PageResponse.redirect("/ideas/\(idea.id)?done=\(done)")
    }

    /// The condition rows of the go form, in order: an empty row is ignored, a row with only its
    /// text or only its day is refused (the page shows what was typed again).
    private func conditionTerms(_ form: FormBody) -> Result<[IdeaCondition.Terms], PageError> {
        var terms: [IdeaCondition.Terms] = []
        for row in 1...IdeaView.conditionRows {
            let text = (form["condition_text_\(row)"] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
            let due = (form["condition_due_\(row)"] ?? "").trimmingCharacters(in: .whitespaces)
            switch (text.isEmpty, due.isEmpty) {
            case (true, true): continue
            case (false, true):
                return .failure(
                    PageError(.unprocessableContent, labels.format("error_condition_no_date", ["row": String(row)])))
            case (true, false):
                return .failure(
                    PageError(.unprocessableContent, labels.format("error_condition_no_text", ["row": String(row)])))
            case (false, false):
                guard let day = CalendarDay.start(of: due) else {
                    return .failure(
                        PageError(
                            .unprocessableContent,
                            labels.format("error_condition_date", ["row": String(row), "text": String(due.prefix(40))]))
                    )
                }
                terms.append(IdeaCondition.Terms(text: text, due: day))
            }
        }
        return .success(terms)
    }

    /// The owner and gatekeepers forms, through the command handler's checks of people of the
    /// register: the page after them, or `nil` for another action.
    private func assignment(_ action: IdeaAction, _ idea: Idea, _ visitor: Visitor, _ view: IdeaView) async throws
        -> Response?
    {
        let form = visitor.form
        do {
            switch action {
            case .owner:
                try await handler.assignOwner(
                    person: form["person"] ?? "", on: idea.id, actor: visitor.actor, now: clock.now())
            case .gatekeepers:
                try await handler.assignGatekeepers(
                    form.all("person").filter { !$0.isEmpty }, on: idea.id, actor: visitor.actor, now: clock.now())
            default:
                return nil
            }
        } catch {
            return refusal(view, visitor, refused(error, workflow: view.workflow))
        }
        return PageResponse.redirect("/ideas/\(idea.id)?done=\(action.rawValue)")
    }

    /// A region adopts the idea: the new implementation's page, or the idea's again with why not.
    private func adopt(_ idea: Idea, _ visitor: Visitor, _ view: IdeaView) async -> Response {
        let form = visitor.form
        let organisation = (form["organisation"] ?? "").trimmingCharacters(in: .whitespaces)
        do {
            let outcome = try await handler.adopt(
                idea.id, region: form["region"] ?? "", organisation: organisation.isEmpty ? nil : organisation,
                actor: visitor.actor, now: clock.now())
            return PageResponse.redirect("/ideas/\(outcome.idea.id)?done=adopt")
        } catch {
            return refusal(view, visitor, refused(error, workflow: view.workflow))
        }
    }

    private func refusal(_ view: IdeaView, _ visitor: Visitor, _ error: PageError) -> Response {
        var values = view.values()
        values["refusal"] = error.message
        return html("idea", values, visitor: visitor, title: view.idea.title ?? view.idea.id, status: error.status)
    }

    /// The idea and its workflow if the person may see it: the API's `load`, so not-found is the same.
    func load(_ id: String, _ visitor: Visitor) async throws -> (Idea, Workflow) {
        do { return try await handler.load(id, actor: visitor.actor) } catch { throw refused(error, workflow: nil) }
    }

    private func ideaView(_ idea: Idea, _ workflow: Workflow, _ visitor: Visitor) async throws -> IdeaView {
        let history: [StoredEvent]
        let timers: [TimerRecord]
        do {
            history = try await store.history(of: idea.id)
            timers = try await store.timers(ideaID: idea.id)
        } catch {
            throw PageError(.serviceUnavailable, labels["error_unavailable"])
        }
        var view = IdeaView(
            idea: idea, workflow: workflow, history: history, timers: timers, actor: visitor.actor, now: clock.now(),
            labels: labels)
        view.adoption = AdoptionView(
            idea: idea, workflow: workflow,
            implementationWorkflow: workflow.adoption.flatMap { library.latest($0.workflowID) }, actor: visitor.actor,
            regions: regions, labels: labels)
        // The register is read only for those who may change an idea's people.
        if visitor.actor.runsPipeline { view.register = try await register() }
        return view
    }

    /// The people of the register with their organisations' names, as the rules of owners and
    /// gatekeepers see them.
    private func register() async throws -> [Assignee] {
        do {
            let names = Dictionary(
                try await store.organisations().map { ($0.id, $0.name) }, uniquingKeysWith: { first, _ in first })
            return try await store.people().map { person in
                Assignee(
                    person: IdeaPerson(id: person.id, name: person.name), roles: person.roles,
                    organisation: person.organisationID.flatMap { names[$0] }, active: person.active)
            }
        } catch {
            throw PageError(.serviceUnavailable, labels["error_unavailable"])
        }
    }
}
