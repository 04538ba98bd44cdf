import Foundation
import Hummingbird
import Prometheus

/// The server's Prometheus metrics, in a registry of its own (no global bootstrap, so that
/// tests can run several servers in one process).
public final class ServerMetrics: Sendable {
    public let registry = PrometheusCollectorRegistry()
    private static let buckets: [Duration] = [
        .microseconds(500), .milliseconds(1), .milliseconds(2), .milliseconds(5), .milliseconds(10),
        .milliseconds(25), .milliseconds(50), .milliseconds(100), .milliseconds(250), .milliseconds(1000),
    ]

    public init() {}

    func request(route: String, method: String, status: Int, duration: Duration) {
        registry.makeCounter(
            descriptor: .init(
                namespace: "pipeline", metricName: "http_requests", unitName: "total",
                helpText: "HTTP requests by route and status"),
            labels: [("route", route), ("method", method), ("status", String(status))]
        ).increment()
        registry.makeDurationHistogram(
            descriptor: .init(
                namespace: "pipeline", metricName: "http_request_duration", unitName: "seconds",
                helpText: "HTTP request latency"),
            labels: [("route", route), ("method", method)], buckets: ServerMetrics.buckets
        ).record(duration)
    }

    func command(_ name: String, outcome: String) {
        registry.makeCounter(
            descriptor: .init(
                namespace: "pipeline", metricName: "commands", unitName: "total",
                helpText: "Commands by name and outcome"),
            labels: [("command", name), ("outcome", outcome)]
        ).increment()
    }

    func gateRefusal(gate: String) {
        registry.makeCounter(
            descriptor: .init(
                namespace: "pipeline", metricName: "gate_refusals", unitName: "total",
                helpText: "go decisions refused by a gate"),
            labels: [("gate", gate)]
        ).increment()
    }

    /// The Prometheus text format.
    func render() -> String { registry.emitToString() }
}

/// Counts every request by route template (or `unmatched`), method and status, and times it:
/// the outermost middleware, so errors are counted with the status they are answered with.
struct MetricsMiddleware: RouterMiddleware {
    typealias Context = PipelineRequestContext
    let metrics: ServerMetrics

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        let clock = ContinuousClock()
        let start = clock.now
        func count(_ status: Int) {
            metrics.request(
                route: Self.route(context.endpointPath), method: request.method.rawValue, status: status,
                duration: clock.now - start)
        }
        do {
            let response = try await next(request, context)
            count(Int(response.status.code))
            return response
        } catch {
            // Only what ProblemMiddleware does not answer gets here; Hummingbird answers it.
            count(Int((error as? any HTTPResponseError)?.status.code ?? 500))
            throw error
        }
    }

    /// The route template; `unmatched` for a path no route has (Hummingbird says `NotFound`).
    static func route(_ endpointPath: String?) -> String {
        guard let endpointPath, endpointPath != "NotFound" else { return "unmatched" }
        return endpointPath
    }
}
