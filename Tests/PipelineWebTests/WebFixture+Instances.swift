import Foundation
import PipelineStore
import PipelineStoreSQLite

extension WebFixture {
    /// Runs `body` against two live servers, each with a store of its own on the same SQLite file:
    /// two instances behind a load balancer, as far as the pages can tell.
    static func withTwoServers(
        clock: any WallClock = SystemClock(), _ body: @Sendable (WebClient, WebClient) async throws -> Void
    ) async throws {
        let fixture = try await WebFixture()
        defer { fixture.cleanup() }
        let other = try SQLiteStore(path: fixture.path)
        try await fixture.serve(fixture.store, clock: clock) { first in
            try await fixture.serve(other, clock: clock) { second in try await body(first, second) }
        }
    }
}
