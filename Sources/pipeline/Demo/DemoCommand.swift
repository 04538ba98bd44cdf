import ArgumentParser
import Foundation
import PipelineCore
import PipelineStore

struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Fill a fresh database with a year of realistic ideas, spread over regions, themes and stages.",
        discussion:
            "A simulated year up to now, replayed in seconds: every idea is made through the engine, as people would (submitted, filled, approved, reviewed and decided), and the timers fire at their simulated time (SLA reminders, escalations and holds, hold reviews, overdue conditions)."
    )

    @OptionGroup var store: StoreOptions

    func run() async throws {
        try await self.store.withStore { store, handler in
            let existing = try await store.ideas(IdeaQuery(limit: 1)).ideas
            guard existing.isEmpty else {
                Output.error("\(self.store.databasePath) already holds ideas; give a new --database for the demo")
                throw ExitCode.usage
            }
            let report: DemoScenario.Report
            do {
                report = try await DemoScenario(handler: handler).run()
            } catch let failure as DemoScenario.Failure {
                Output.error(failure.description)
                throw ExitCode.failure
            }
            print(
                "demo: \(report.ideas) ideas, \(report.events) events (\(report.timers) by timers) from "
                    + "\(CalendarDay.text(report.from)) to \(CalendarDay.text(report.to)) in \(self.store.databaseDescription)"
            )
            print(
                Printer.counts(try await store.stageCounts(workflowID: nil, visibility: nil), library: handler.library))
        }
    }
}
