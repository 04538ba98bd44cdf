import ArgumentParser
import Foundation
import PipelineCore
import PipelineServer
import PipelineStore

struct TimersCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "timers",
        abstract: "The ideas' timers: SLA ladder steps, review dates of holds, due dates of conditions.",
        subcommands: [ListTimers.self]
    )
}

struct ListTimers: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list", abstract: "List timers by due time, earliest first: pending ones unless told otherwise.")

    static let maximumLimit = 10_000

    @OptionGroup var store: StoreOptions
    @Option(help: "Only timers due before this moment: a day (YYYY-MM-DD, its start in UTC) or an RFC 3339 date-time.")
    var dueBefore: String?
    @Option(help: "pending, fired, cancelled, or any.") var status = "pending"
    @Option(help: "Only this idea's timers.") var idea: String?
    @Option(help: "At most this many timers, 1 to \(ListTimers.maximumLimit).") var limit = 100
    @Flag(help: "Print the timers as JSON, with the API's members and the idea's id.") var json = false

    private var dueBeforeDate: Date? {
        dueBefore.flatMap { CalendarDay.start(of: $0) ?? RFC3339.date(from: $0) }
    }

    private var statusFilter: TimerRecord.Status? { TimerRecord.Status(rawValue: status) }

    func validate() throws {
        if let dueBefore, dueBeforeDate == nil {
            throw ValidationError(
                "--due-before takes a day such as 2027-03-01 or a date-time such as 2027-03-01T09:00:00Z, not '\(dueBefore)'"
            )
        }
        if status != "any", statusFilter == nil {
            throw ValidationError("unknown status '\(status)'; use pending, fired, cancelled or any")
        }
        guard (1...ListTimers.maximumLimit).contains(limit) else {
            throw ValidationError("--limit is 1 to \(ListTimers.maximumLimit)")
        }
    }

    func run() async throws {
        try await self.store.withStore { store, _ in
            let dueBefore = dueBeforeDate
            let status = statusFilter
            let timers = try await perform(json: json) { () async throws(CommandFailure) in
                do throws(StoreError) {
                    guard let idea else {
                        return try await store.timers(dueBefore: dueBefore, status: status, limit: limit)
                    }
                    let all = try await store.timers(ideaID: idea).filter { timer in
                        (status == nil || timer.status == status) && (dueBefore.map { timer.dueAt < $0 } ?? true)
                    }
                    return Array(all.prefix(limit))
                } catch {
                    throw .store(error)
                }
            }
            if json {
                Output.json(timers.map { TimerResource($0, withIdea: true) })
            } else {
                print(timers.isEmpty ? "no timers" : Printer.timers(timers))
            }
        }
    }
}
