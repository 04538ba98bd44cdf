import ArgumentParser
import Foundation
import PipelineCore
import PipelineStore
import PipelineStorePostgres
import PipelineStoreSQLite

/// Fills a database for the regions benchmark (`scripts/bench-regions.sh`, which times the
/// overview and a region page on a `pipeline serve` of it): ideas over the regions of
/// `config/regions.txt` and the regions' implementations of the adopted ones (``RegionSeed``).
struct RegionBenchmark: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "regions", abstract: "Seed ideas and implementations over the regions, for bench-regions.sh.")

    @Option var workflows = "workflows"
    @Option(help: "The file of labour-market regions.") var regions = "config/regions.txt"
    @Option(help: "A new SQLite file, or a postgres:// URL of an empty database.") var database: String
    @Option(help: "Ideas, over every region.") var ideas = 10_000
    @Option(help: "Implementations of adopted ideas, 25 regions adopting each.") var implementations = 50_000

    func run() async throws {
        let library = try loadLibrary(workflows)
        let names = try String(contentsOfFile: regions, encoding: .utf8).split(separator: "\n")
            .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty && !$0.hasPrefix("#") }
        let seed = try RegionSeed(
            library: library, regions: names, ideas: ideas, implementations: implementations, now: SystemClock().now())
        let start = ContinuousClock.now
        if database.hasPrefix("postgres") {
            try await PostgresStore.withStore(url: database) { try await seed.run(into: $0) }
        } else {
            let store = try SQLiteStore(path: database)
            try await seed.run(into: store)
            try await store.close()
        }
        let elapsed = ContinuousClock.now - start
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        print(
            "seeded \(ideas) ideas (\(seed.adoptedIdeas) adopted) and \(implementations) implementations over "
                + "\(names.count) regions in \(String(format: "%.1f", seconds)) s")
    }
}
