import Foundation
import HTTPTypes
import PipelineTestSupport
import Testing

/// `/metrics` counts every answer the server gives, the errors routes throw included.
@Suite("Metrics")
struct MetricsTests {
    /// The value of `pipeline_http_requests_total` for a route, method and status; 0 when absent.
    static func count(_ metrics: String, route: String, method: String, status: Int) -> Int {
        let wanted = [#"method="\#(method)""#, #"route="\#(route)""#, #"status="\#(status)""#]
        for line in metrics.split(separator: "\n") where line.hasPrefix("pipeline_http_requests_total{") {
            guard wanted.allSatisfy({ line.contains($0) }), let value = line.split(separator: " ").last else {
                continue
            }
            return Int(Double(value) ?? 0)
        }
        return 0
    }

    @Test("errors a route throws (401, 404, 409) and unmatched paths are counted with their status")
    func errorsAreCounted() async throws {
        let fixture = try await APIFixture()
        defer { fixture.cleanup() }
        try await fixture.withServer { api in
            let id = try await api.submitIdea()
            let before = try await api.send(.get, "/metrics", as: nil).text
            #expect(try await api.send(.get, "/v1/ideas/no-such-idea").status == 404)
            #expect(try await api.send(.get, "/v1/ideas/no-such-idea").status == 404)
            #expect(try await api.send(.get, "/v1/ideas", as: nil).status == 401)
            #expect(try await api.send(.get, "/v1/nothing/here").status == 404)
            let stale = try await api.send(
                .post, "/v1/ideas/\(id)/comments", json: #"{"text": "x"}"#, headers: ["If-Match": "\"99\""])
            #expect(stale.status == 412 || stale.status == 409, "\(stale.text)")
            let after = try await api.send(.get, "/metrics", as: nil).text

            let route = "/v1/ideas/{id}"
            #expect(
                Self.count(after, route: route, method: "GET", status: 404) == Self.count(
                    before, route: route, method: "GET", status: 404) + 2)
            #expect(Self.count(after, route: "/v1/ideas", method: "GET", status: 401) == 1)
            #expect(Self.count(after, route: "unmatched", method: "GET", status: 404) == 1)
            let comments = "/v1/ideas/{id}/comments"
            #expect(Self.count(after, route: comments, method: "POST", status: stale.status) == 1)
        }
    }
}
