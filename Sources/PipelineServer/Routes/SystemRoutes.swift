import Foundation
import Hummingbird
import PipelineStore

/// `/health`, `/metrics` and `/openapi.yaml`: public, without a token.
struct SystemRoutes {
    let api: APIContext

    /// The OpenAPI document, bundled with the server.
    static let openAPIDocument: String = {
        guard let url = Bundle.module.url(forResource: "openapi", withExtension: "yaml"),
            let text = try? String(contentsOf: url, encoding: .utf8)
        else { return "" }
        return text
    }()

    func register(on router: RouteTable) {
        router.on("health", .get) { _, _ in
            do {
                try await api.store.ping()
                return try APIContext.json(["status": "ok", "database": "ok"])
            } catch {
                return try APIContext.json(
                    ["status": "unavailable", "database": "unavailable"], status: .serviceUnavailable)
            }
        }
        router.on("metrics", .get) { _, _ in
            Response(
                status: .ok, headers: [.contentType: "text/plain; version=0.0.4"],
                body: .init(byteBuffer: ByteBuffer(string: api.metrics.render())))
        }
        router.on("openapi.yaml", .get) { _, _ in
            Response(
                status: .ok, headers: [.contentType: "application/yaml"],
                body: .init(byteBuffer: ByteBuffer(string: SystemRoutes.openAPIDocument)))
        }
    }
}
