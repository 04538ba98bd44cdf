import ArgumentParser
import Foundation
import PipelineCore
import PipelineStore

struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Fill a fresh database with a year of realistic ideas and their adoptions by other regions.",
        discussion: """
            A simulated year up to now, replayed in seconds: every idea is made through the engine, as people would \
            (submitted, filled, approved, reviewed and decided), and the timers fire at their simulated time (SLA \
            reminders, escalations and holds, hold reviews, overdue conditions). Other regions adopt the proven ideas; \
            their implementations go from intake to live and evaluated, and one idea goes national once enough regions \
            are live.
            """
    )

    @OptionGroup var store: StoreOptions
    @Option(help: "The file of known regions: every idea and adoption of the demo must be in one.")
    var regions = "config/regions.txt"

    func run() async throws {
        try await self.store.withStore { store, handler in
            var handler = handler
            handler.regions = RegionList(Regions.load(file: regions))
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
            let ideas = "\(report.ideas) ideas in \(report.ideaRegions) regions"
            let implementations = "\(report.implementations) implementations in \(report.implementationRegions) regions"
            let period = "from \(CalendarDay.text(report.from)) to \(CalendarDay.text(report.to))"
            print(
                "demo: \(ideas), \(implementations), \(report.events) events (\(report.timers) by timers) \(period) "
                    + "in \(self.store.databaseDescription)")
            print(
                Printer.counts(try await store.stageCounts(workflowID: nil, visibility: nil), library: handler.library))
            print()
            print(Printer.adoptions(report.adopted, library: handler.library))
        }
    }
}
