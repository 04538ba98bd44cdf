import ArgumentParser
import Foundation
import PipelineCore
import PipelineStore

struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Fill a fresh database with realistic ideas, spread over regions, themes and stages.",
        discussion:
            "Every idea is made through the engine, as people would: submitted, filled, approved, reviewed and decided."
    )

    @OptionGroup var store: StoreOptions

    func run() async throws {
        try await self.store.withStore { store, handler in
            let existing = try await store.ideas(IdeaQuery(limit: 1)).ideas
            guard existing.isEmpty else {
                Output.error("\(self.store.databasePath) already holds ideas; give a new --database for the demo")
                throw ExitCode.usage
            }
            let report = try await DemoScenario(handler: handler).run()
            print("demo: \(report.ideas) ideas, \(report.events) events in \(self.store.databasePath)")
            print(
                Printer.counts(try await store.stageCounts(workflowID: nil, visibility: nil), library: handler.library))
        }
    }
}
