import HTTPTypes
import Hummingbird

/// Registers routes and remembers them, so that the OpenAPI contract test compares the
/// document with the routes the router really has.
final class RouteTable: @unchecked Sendable {
    /// `GET /v1/ideas/{id}`, in registration order.
    private(set) var entries: [String] = []
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
        entries.append("\(method.rawValue) /\(path)")
        router.on(RouterPath(path), method: method, use: handler)
    }

    struct Group {
        let table: RouteTable
        let group: RouterGroup<PipelineRequestContext>
        let prefix: String

        func on(
            _ path: String, _ method: HTTPRequest.Method,
            _ handler: @escaping @Sendable (Request, PipelineRequestContext) async throws -> Response
        ) {
            table.entries.append("\(method.rawValue) \(prefix)/\(path)")
            group.on(RouterPath(path), method: method, use: handler)
        }
    }
}
