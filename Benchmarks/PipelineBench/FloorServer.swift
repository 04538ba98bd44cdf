import ArgumentParser
import Hummingbird

/// The HTTP framework alone: Hummingbird with one route that answers a constant `200 ok`, its
/// tasks on NIO's event loops as `pipeline serve` runs them. What no route of ours can beat on
/// this machine, measured beside nginx by scripts/bench-all.sh.
struct FloorServer: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "floor", abstract: "Serve a constant 200 with Hummingbird alone, until stopped.")

    @Option var port = 18185
    @Option(help: "Where the tasks run: event-loops (as pipeline serve runs them) or swift.")
    var executor = TaskExecutor.eventLoops

    func run() async throws {
        executor.install()
        let router = Router()
        router.get("/") { _, _ in "ok" }
        let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: port)))
        try await app.runService()
    }
}
