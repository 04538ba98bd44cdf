import Foundation
import HTTPTypes
import Hummingbird
import PipelineCore
import PipelineStore

/// The pages for people, next to the API: sign in, board, idea, submit, workflow, funnel, compare,
/// regions, inbox, notification settings, language, unsubscribe, people, mail and webhooks.
///
/// They speak Dutch unless the server says otherwise (`language`), and each person may choose
/// their own language (`PageLanguages`): every request is answered by a copy of the pages that
/// speaks the request's language.
///
/// Every command goes through the same `CommandHandler` and engine as the API, so a page refuses
/// what the API refuses, with the same explanation. PipelineServer mounts the pages:
///
/// ```swift
/// let pages = try WebPages(store: store, handler: handler, authentication: authentication)
/// pages.register(on: router)
/// ```
public struct WebPages: Sendable {
    let store: any Store
    let handler: CommandHandler
    /// The people register, for the admins' people pages and a person's notification preference
    /// (the same rules as the API's).
    let register: PeopleRegister
    let authentication: WebAuthentication
    let renderer: PageRenderer
    let languages: PageLanguages
    /// The words of this request's language: the server's default until `speaking(_:)` makes a
    /// copy for a request.
    private(set) var labels: Labels
    let sessions: BrowserSessions
    /// The time of day for sessions and commands: `SystemClock()`, or a `ManualClock` in tests.
    let clock: any WallClock
    /// The labour-market regions offered on the submit form (`config/regions.txt`); free text when empty.
    let regions: [String]
    let maximumBodySize: Int

    public init(
        store: any Store, handler: CommandHandler, authentication: WebAuthentication, regions: [String] = [],
        language: String = WebPages.defaultLanguage, maximumBodySize: Int = 1 << 20,
        clock: any WallClock = SystemClock()
    ) throws {
        self.store = store
        self.handler = handler
        self.register = PeopleRegister(store: store, regions: handler.regions, clock: clock)
        self.authentication = authentication
        self.renderer = try PageRenderer()
        self.languages = try PageLanguages(default: language)
        self.labels = languages.preferred
        self.sessions = BrowserSessions(records: store)
        self.clock = clock
        self.regions = regions
        self.maximumBodySize = maximumBodySize
    }

    /// The language of the pages for people who have not chosen one.
    public static let defaultLanguage = "nl"

    /// The languages the pages speak (`Labels/<language>.json`), by code: `["en", "nl"]`.
    public static var languages: [String] { Labels.available }

    var library: WorkflowLibrary { handler.library }

    /// These pages in the request's language: the person's choice, or the server's default.
    func speaking(_ request: Request) -> WebPages {
        var pages = self
        pages.labels = languages.labels(for: request)
        return pages
    }

    /// Adds the pages' routes to a router (not to the API's route table: they are not API).
    public func register<Context: RequestContext>(on router: Router<Context>) {
        router.get("pipeline.css") { _, _ in
            var headers = PageResponse.securityHeaders
            headers[.contentType] = "text/css; charset=utf-8"
            headers[.cacheControl] = "public, max-age=3600"
            return Response(
                status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: renderer.stylesheet)))
        }
        router.get("signin") { request, _ in
            await respondSignedOut(request) { pages in try await pages.signInForm(request) }
        }
        router.post("signin") { request, _ in
            await respondSignedOut(request) { pages in try await pages.signIn(request) }
        }
        router.post("signout") { request, _ in
            await respond(request, form: true) { pages, visitor in try await pages.signOut(request, visitor) }
        }
        router.get("/") { request, _ in
            await respond(request) { _, _ in
                PageResponse.redirect(library.workflows.first.map { "/board/\($0.id)" } ?? "/funnel")
            }
        }
        router.get("board/{workflow}") { request, context in
            let id = context.parameters.get("workflow") ?? ""
            return await respond(request) { pages, visitor in try await pages.board(request, visitor, workflowID: id) }
        }
        router.get("ideas/{id}") { request, context in
            let id = context.parameters.get("id") ?? ""
            return await respond(request) { pages, visitor in try await pages.ideaPage(request, visitor, id: id) }
        }
        for action in IdeaAction.allCases {
            router.post(RouterPath("ideas/{id}/\(action.rawValue)")) { request, context in
                let id = context.parameters.get("id") ?? ""
                return await respond(request, form: true) { pages, visitor in
                    try await pages.perform(action, request, visitor, id: id)
                }
            }
        }
        router.get("submit/{workflow}") { request, context in
            let id = context.parameters.get("workflow") ?? ""
            return await respond(request) { pages, visitor in try pages.submitForm(visitor, workflowID: id) }
        }
        router.post("submit/{workflow}") { request, context in
            let id = context.parameters.get("workflow") ?? ""
            return await respond(request, form: true) { pages, visitor in
                try await pages.submit(visitor, workflowID: id)
            }
        }
        router.get("workflows/{id}") { request, context in
            let id = context.parameters.get("id") ?? ""
            return await respond(request) { pages, visitor in try pages.workflowPage(visitor, id: id) }
        }
        router.get("funnel") { request, _ in
            await respond(request) { pages, visitor in try await pages.funnel(request, visitor) }
        }
        router.get("funnel.csv") { request, _ in
            await respond(request) { pages, visitor in try await pages.funnelCSV(request, visitor) }
        }
        router.get("compare") { request, _ in
            await respond(request) { pages, visitor in try await pages.compare(request, visitor) }
        }
        router.get("compare.csv") { request, _ in
            await respond(request) { pages, visitor in try await pages.compareCSV(request, visitor) }
        }
        router.get("regions") { request, _ in
            await respond(request) { pages, visitor in try await pages.regionsPage(visitor) }
        }
        router.get("regions.csv") { request, _ in
            await respond(request) { pages, visitor in try await pages.regionsCSV(request, visitor) }
        }
        router.get("regions/{name}") { request, context in
            let name = context.parameters.get("name") ?? ""
            return await respond(request) { pages, visitor in try await pages.regionPage(request, visitor, name: name) }
        }
        router.get("regions/{name}/ideas.csv") { request, context in
            let name = context.parameters.get("name") ?? ""
            return await respond(request) { pages, visitor in
                try await pages.regionIdeasCSV(request, visitor, name: name)
            }
        }
        router.get("regions/{name}/implementations.csv") { request, context in
            let name = context.parameters.get("name") ?? ""
            return await respond(request) { pages, visitor in
                try await pages.regionImplementationsCSV(request, visitor, name: name)
            }
        }
        router.get("people") { request, _ in
            await respond(request) { pages, visitor in try await pages.people(request, visitor) }
        }
        router.post("people") { request, _ in
            await respond(request, form: true) { pages, visitor in try await pages.addPerson(visitor) }
        }
        router.post("organisations") { request, _ in
            await respond(request, form: true) { pages, visitor in try await pages.addOrganisation(visitor) }
        }
        router.get("people/{id}") { request, context in
            let id = context.parameters.get("id") ?? ""
            return await respond(request) { pages, visitor in try await pages.personPage(request, visitor, id: id) }
        }
        router.post("people/{id}") { request, context in
            let id = context.parameters.get("id") ?? ""
            return await respond(request, form: true) { pages, visitor in
                try await pages.changePerson(visitor, id: id)
            }
        }
        for (action, active) in [("deactivate", false), ("activate", true)] {
            router.post(RouterPath("people/{id}/\(action)")) { request, context in
                let id = context.parameters.get("id") ?? ""
                return await respond(request, form: true) { pages, visitor in
                    try await pages.setPersonActive(visitor, id: id, active: active)
                }
            }
        }
        router.get("inbox") { request, _ in
            await respond(request) { pages, visitor in try await pages.inbox(request, visitor) }
        }
        router.post("inbox/read") { request, _ in
            await respond(request, form: true) { pages, visitor in try await pages.markAllRead(visitor) }
        }
        router.post("inbox/{id}/read") { request, context in
            let id = context.parameters.get("id") ?? ""
            return await respond(request, form: true) { pages, visitor in try await pages.markRead(visitor, id: id) }
        }
        router.get("settings/notifications") { request, _ in
            await respond(request) { pages, visitor in try await pages.notificationSettings(request, visitor) }
        }
        router.post("settings/language") { request, _ in
            await respond(request, form: true) { pages, visitor in try pages.chooseLanguage(request, visitor) }
        }
        router.post("settings/notifications") { request, _ in
            await respond(request, form: true) { pages, visitor in try await pages.saveNotificationSettings(visitor) }
        }
        // The link every mail carries: no session, the notification's id is the proof. Its POST
        // is not checked for a CSRF token (see `unsubscribe(_:id:)`).
        router.get("unsubscribe/{id}") { request, context in
            let id = context.parameters.get("id") ?? ""
            return await respondSignedOut(request) { pages in try await pages.unsubscribePage(id: id) }
        }
        router.post("unsubscribe/{id}") { request, context in
            let id = context.parameters.get("id") ?? ""
            return await respondSignedOut(request) { pages in try await pages.unsubscribe(request, id: id) }
        }
        router.get("mail") { request, _ in
            await respond(request) { pages, visitor in try await pages.mailFailures(visitor) }
        }
        router.get("webhooks") { request, _ in
            await respond(request) { pages, visitor in try await pages.webhooks(request, visitor) }
        }
        router.post("webhooks/{id}/redeliver") { request, context in
            let id = context.parameters.get("id") ?? ""
            return await respond(request, form: true) { pages, visitor in
                try await pages.redeliver(visitor, subscriptionID: id)
            }
        }
    }

    // MARK: - Request handling

    /// A page without a signed-in person (the sign-in form): errors become error pages.
    private func respondSignedOut(_ request: Request, _ body: (WebPages) async throws -> Response) async -> Response {
        let pages = speaking(request)
        do { return try await body(pages) } catch { return pages.errorPage(error, visitor: nil) }
    }

    /// A page for a signed-in person: without a live session, the sign-in form; for a POST, the
    /// form body is read and its CSRF token checked before anything else happens.
    private func respond(
        _ request: Request, form: Bool = false, _ body: (WebPages, Visitor) async throws -> Response
    ) async -> Response {
        let pages = speaking(request)
        var visitor: Visitor?
        do {
            guard let signedIn = try await pages.visitor(request) else {
                if form { throw PageError(.forbidden, pages.labels["error_session_expired"]) }
                return PageResponse.redirect("/signin?next=" + PageResponse.queryEscaped(request.uri.path))
            }
            visitor = signedIn
            if form {
                let body = try await pages.readForm(request)
                guard BrowserSessions.constantTimeEquals(body["_csrf"] ?? "", signedIn.session.csrf) else {
                    throw PageError(.forbidden, pages.labels["error_csrf"])
                }
                visitor?.form = body
            }
            return try await body(pages, visitor!)
        } catch {
            return pages.errorPage(error, visitor: visitor)
        }
    }

    /// The person behind the session cookie, if the session lives and its token is still valid.
    private func visitor(_ request: Request) async throws -> Visitor? {
        guard let id = PageResponse.cookie(PageResponse.sessionCookie, in: request) else { return nil }
        let found: SessionRecord?
        do { found = try await sessions.session(id, now: clock.now()) } catch {
            throw PageError(.serviceUnavailable, labels["error_unavailable"])
        }
        guard let session = found else { return nil }
        let caller: WebAuthentication.Caller?
        do { caller = try await authentication.callerForHash(session.tokenHash) } catch {
            throw PageError(.serviceUnavailable, labels["error_unavailable"])
        }
        guard let caller else {
            // The token was revoked: the session ends too. Should deleting fail, the next request
            // finds the token revoked again.
            try? await sessions.remove(id)
            return nil
        }
        // The header's "Inbox (3)" on every page: one count, on an index of the unread ones.
        var unread: Int?
        if let person = caller.personID {
            do { unread = try await store.unreadNotificationCount(personID: person) } catch {
                throw PageError(.serviceUnavailable, labels["error_unavailable"])
            }
        }
        // Where a form of the page chrome (the language switch) comes back to: this page, if a GET.
        let here = request.method == .get ? request.uri.path + (request.uri.query.map { "?" + $0 } ?? "") : nil
        return Visitor(
            actor: caller.actor, personID: caller.personID, unread: unread, sessionID: id, session: session,
            form: FormBody(), here: here)
    }

    func readForm(_ request: Request) async throws -> FormBody {
        if let type = request.headers[.contentType],
            !type.lowercased().hasPrefix("application/x-www-form-urlencoded")
        {
            throw PageError(.unsupportedMediaType, labels["error_form_type"])
        }
        let buffer: ByteBuffer
        do { buffer = try await request.body.collect(upTo: maximumBodySize) } catch {
            throw PageError(.contentTooLarge, labels["error_too_large"])
        }
        guard let form = FormBody(encoded: String(decoding: buffer.readableBytesView, as: UTF8.self)) else {
            throw PageError(.badRequest, labels["error_form_encoding"])
        }
        return form
    }

    /// Renders a template inside the page chrome, with the security headers.
    func html(
        _ template: String, _ values: [String: Any], visitor: Visitor?, title: String, status: HTTPResponse.Status = .ok
    ) -> Response {
        var context = values
        context["page_title"] = title
        if let visitor {
            context["signed_in"] = true
            context["csrf"] = visitor.session.csrf
            context["user_name"] = visitor.actor.name
            context["user_role"] = roleName(visitor.actor.role)
            context["user_organisation"] = visitor.actor.organisation ?? ""
            context["is_admin"] = Access.isAdmin(visitor.actor)
            if let unread = visitor.unread, unread > 0 { context["inbox_unread"] = String(unread) }
            let path = String((visitor.here ?? "").prefix { $0 != "?" })
            context["nav_workflows"] = library.latestWorkflows.map { workflow -> [String: Any] in
                let current = Self.navCurrent(
                    path, "/board/\(workflow.id)", section: ["/submit/\(workflow.id)", "/workflows/\(workflow.id)"])
                return ["id": workflow.id, "name": workflow.name, "current": current]
            }
            context["nav_current"] = [
                "funnel": Self.navCurrent(path, "/funnel", section: ["/compare"]),
                "regions": Self.navCurrent(path, "/regions"),
                "inbox": Self.navCurrent(path, "/inbox", section: ["/settings/notifications"]),
                "people": Self.navCurrent(path, "/people"), "mail": Self.navCurrent(path, "/mail"),
                "webhooks": Self.navCurrent(path, "/webhooks"),
            ]
            context["here"] = visitor.here ?? ""
            context["languages"] = languages.codes.map { code -> [String: Any] in
                ["code": code, "name": languages[code]?["language_name"] ?? code, "current": code == labels.language]
            }
        }
        return PageResponse.html(renderer.render(template, context, labels: labels), status: status)
    }

    /// How the header's link to `link` is marked on the page at `path` (`aria-current`): "page" on
    /// its own page, "true" on a page within its section (below it, or one of `section`), empty
    /// elsewhere.
    static func navCurrent(_ path: String, _ link: String, section: [String] = []) -> String {
        if path == link { return "page" }
        let within = ([link] + section).contains { path == $0 || path.hasPrefix($0 + "/") }
        return within ? "true" : ""
    }

    private func errorPage(_ error: any Error, visitor: Visitor?) -> Response {
        let page = error as? PageError ?? PageError(.internalServerError, labels["error_internal"])
        return html(
            "error", ["status": Int(page.status.code), "message": page.message], visitor: visitor,
            title: labels["error_title"], status: page.status)
    }
}

/// The signed-in person of one request, with the form they sent (empty for a GET).
struct Visitor: Sendable {
    let actor: Actor
    /// The person of the register the session's token belongs to, if any.
    let personID: String?
    /// How many of the person's notifications are unread; `nil` without a person.
    var unread: Int?
    let sessionID: String
    let session: SessionRecord
    var form: FormBody
    /// The path and query of the page, for a GET: where the language switch comes back to.
    var here: String?
}

/// A page that cannot be shown, with the status and what to tell the person.
struct PageError: Error {
    let status: HTTPResponse.Status
    let message: String

    init(_ status: HTTPResponse.Status, _ message: String) {
        self.status = status
        self.message = message
    }

    static func status(of failure: CommandFailure) -> HTTPResponse.Status {
        switch failure {
        case .refused(.forbidden): return .forbidden
        case .refused(.notFound), .unknownWorkflow: return .notFound
        case .refused(.alreadyExists), .refused(.notAllowedNow), .refused(.gateNotMet): return .conflict
        case .refused(.invalidFields), .refused(.invalidInput): return .unprocessableContent
        case .store(.conflict): return .preconditionFailed
        case .store: return .serviceUnavailable
        }
    }
}

extension WebPages {
    /// A refused command as a page: the API's status, and why in the page's language, with the
    /// names of the idea's workflow ("Alleen facilitators besluiten bij een poort.", "Kosten
    /// (euro) ontbreekt"). Without a workflow at hand, ids are shown as they are.
    func refused(_ failure: CommandFailure, workflow: Workflow?) -> PageError {
        PageError(PageError.status(of: failure), RefusalWords(workflow: workflow, labels: labels).message(failure))
    }

    /// A role as people read it where no workflow is at hand (the header, the people pages): its
    /// name in the first workflow that has it, else the label `role_<id>`, else its id.
    func roleName(_ id: String) -> String {
        library.latestWorkflows.lazy.compactMap { $0.roles.first { $0.id == id }?.name }.first
            ?? labels.words["role_\(id)"] ?? id
    }
}

extension WorkflowLibrary {
    /// The latest version of every workflow, in the order they were loaded.
    var latestWorkflows: [Workflow] {
        var seen: Set<String> = []
        return workflows.compactMap { workflow in
            guard seen.insert(workflow.id).inserted else { return nil }
            return latest(workflow.id)
        }
    }
}
