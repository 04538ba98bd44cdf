import HTTPTypes
import Hummingbird

/// Registers routes and remembers them: the OpenAPI contract test compares the document with
/// the routes the router really has, and ``MethodNotAllowedMiddleware`` answers 405 with `Allow`
/// from the same list. Every GET route also answers HEAD (RFC 9110): the same status and headers,
/// no body.
final class RouteTable: @unchecked Sendable {
    /// `GET /v1/ideas/{id}`, in registration order (HEAD is not listed: it follows GET).
    private(set) var entries: [String] = []
    /// The methods each path template answers, HEAD included.
    private(set) var methods: [String: Set<HTTPRequest.Method>] = [:]
    private let router: Router<PipelineRequestContext>

    init(router: Router<PipelineRequestContext>) {
        self.router = router
    }

    /// A group under `prefix` with its own middleware, whose routes are recorded with the prefix.
    func group(_ prefix: String, middleware: some RouterMiddleware<PipelineRequestContext>) -> Group {
        Group(table: self, group: router.group(RouterPath(prefix)).add(middleware: middleware), prefix: "/" + prefix)
    }

    func on(
        _ path: String, _ method: HTTPRequest.Method,
        _ handler: @escaping @Sendable (Request, PipelineRequestContext) async throws -> Response
    ) {
        record("/" + path, method)
        router.on(RouterPath(path), method: method, use: handler)
        if method == .get { router.on(RouterPath(path), method: .head, use: RouteTable.head(handler)) }
    }

    fileprivate func record(_ path: String, _ method: HTTPRequest.Method) {
        entries.append("\(method.rawValue) \(path)")
        methods[path, default: []].insert(method)
        if method == .get { methods[path, default: []].insert(.head) }
    }

    /// The methods a concrete path is served with, when some route template matches it.
    func allowedMethods(for path: String) -> Set<HTTPRequest.Method>? {
        let segments = path.split(separator: "/", omittingEmptySubsequences: false).dropFirst()
        // The templates that match with the most literal segments: `/v1/workflows/reload` is
        // that path, not the workflow `{id}` "reload".
        var allowed: Set<HTTPRequest.Method>?
        var best = -1
        for (template, methods) in self.methods {
            let parts = template.split(separator: "/", omittingEmptySubsequences: false).dropFirst()
            guard parts.count == segments.count else { continue }
            let matches = zip(parts, segments).allSatisfy { part, segment in
                part.hasPrefix("{") ? !segment.isEmpty : part == segment
            }
            guard matches else { continue }
            let literal = parts.filter { !$0.hasPrefix("{") }.count
            if literal > best {
                best = literal
                allowed = methods
            } else if literal == best {
                allowed = (allowed ?? []).union(methods)
            }
        }
        return allowed
    }

    /// HEAD from a GET handler: the same answer with the body left out (its length kept).
    static func head(
        _ handler: @escaping @Sendable (Request, PipelineRequestContext) async throws -> Response
    ) -> @Sendable (Request, PipelineRequestContext) async throws -> Response {
        { request, context in
            var response = try await handler(request, context)
            let length = response.body.contentLength
            response.body = ResponseBody(contentLength: length) { _ in }
            return response
        }
    }

    struct Group {
        let table: RouteTable
        let group: RouterGroup<PipelineRequestContext>
        let prefix: String

        func on(
            _ path: String, _ method: HTTPRequest.Method,
            _ handler: @escaping @Sendable (Request, PipelineRequestContext) async throws -> Response
        ) {
            table.record("\(prefix)/\(path)", method)
            group.on(RouterPath(path), method: method, use: handler)
            if method == .get { group.on(RouterPath(path), method: .head, use: RouteTable.head(handler)) }
        }
    }
}

/// A path the API has, asked with a method it does not take: 405 with `Allow` (RFC 9110), not
/// 404. Added after every route, so it sees only what no route matched.
struct MethodNotAllowedMiddleware: RouterMiddleware {
    typealias Context = PipelineRequestContext
    let table: RouteTable

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        do {
            return try await next(request, context)
        } catch let error as HTTPError where error.status == .notFound {
            guard let allowed = table.allowedMethods(for: request.uri.path), !allowed.contains(request.method) else {
                throw error
            }
            let list = allowed.map(\.rawValue).sorted().joined(separator: ", ")
            var problem = Problem(
                .methodNotAllowed, "\(request.uri.path) takes \(list), not \(request.method.rawValue)")
            problem.headers[.allow] = list
            throw problem
        }
    }
}
