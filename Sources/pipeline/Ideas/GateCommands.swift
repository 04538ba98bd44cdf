import ArgumentParser
import Foundation
import PipelineCore
import PipelineServer
import PipelineStore

struct GateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gate", abstract: "Show the gate of an idea's stage: every check, and why it does not hold.")

    @OptionGroup var store: StoreOptions
    @OptionGroup var actor: ActorOptions
    @Argument(help: "The idea's id.") var idea: String
    @Flag(help: "Print the evaluation as JSON.") var json = false

    func run() async throws {
        try await store.withStore { _, handler in
            let loaded = try await perform(json: json) { () async throws(CommandFailure) in
                try await handler.load(idea, actor: actor.value)
            }
            guard let gate = loaded.workflow.gate(leaving: loaded.idea.stage) else {
                let message = "idea \(idea) is in stage '\(loaded.idea.stage)', which has no gate"
                if json {
                    Output.json(Failure.ErrorReport(error: "no_gate", message: message, gate: nil))
                } else {
                    print(message)
                }
                return
            }
            let evaluation = GateEvaluation.evaluate(gate, idea: loaded.idea)
            if json { Output.json(evaluation) } else { print(Printer.evaluation(evaluation, gate: gate)) }
        }
    }
}

/// Options every command on one idea shares.
struct IdeaCommandOptions: ParsableArguments {
    @OptionGroup var store: StoreOptions
    @OptionGroup var actor: ActorOptions
    @Argument(help: "The idea's id.") var idea: String
    @Option(help: "Fail with a conflict unless the idea is at this version.") var expectVersion: Int?
    @Flag(help: "Print the idea as JSON.") var json = false

    /// Runs the command and prints the idea after it.
    func execute(_ command: Command) async throws {
        try await run { handler, now throws(CommandFailure) in
            try await handler.execute(
                command, on: idea, actor: actor.value, now: now, expectedVersion: expectVersion)
        }
    }

    /// Runs a handler call on the idea and prints the idea after it (and what happened, or that
    /// nothing did).
    func run(
        _ body: (CommandHandler, Date) async throws(CommandFailure) -> CommandHandler.Outcome
    ) async throws {
        try await store.withStore { _, handler in
            let outcome = try await perform(json: json) { () async throws(CommandFailure) in
                try await body(handler, handler.clock.now())
            }
            if json {
                Output.json(outcome.idea)
                return
            }
            let workflow = handler.library.workflow(outcome.idea.workflowID, version: outcome.idea.workflowVersion)
            let happened =
                outcome.events.isEmpty ? "nothing changed" : outcome.events.map(\.type).joined(separator: ", ")
            print(happened + ": " + outcome.idea.id)
            print(Printer.idea(outcome.idea, workflow: workflow, now: handler.clock.now()))
        }
    }
}

struct ApproveCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "approve", abstract: "Approve the gate of an idea's current stage.")

    @OptionGroup var options: IdeaCommandOptions
    @Option(help: "Why you approve (optional).") var comment: String?

    func run() async throws { try await options.execute(.approve(comment: comment)) }
}

struct ReviewCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "review", abstract: "Score the gate's scorecard: a score per criterion and a comment.")

    @OptionGroup var options: IdeaCommandOptions
    @Option(name: .customLong("score"), help: "criterion=score; repeat for every criterion.") var scores: [String] = []
    @Option(help: "Your reasons.") var comment: String

    func run() async throws {
        var parsed: [String: Int] = [:]
        for score in scores {
            let parts = score.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2, let value = Int(parts[1]) else {
                throw ValidationError("write scores as --score criterion=4, not '\(score)'")
            }
            parsed[parts[0]] = value
        }
        try await options.execute(.review(scores: parsed, comment: comment))
    }
}

struct DecideCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "decide", abstract: "Decide at the gate: go, recycle, hold, resume or kill.",
        discussion: """
            go advances along the first route whose condition holds, if the gate holds; where the gate allows \
            it (conditional_go), a go may carry conditions for the next gate: --condition TEXT --due YYYY-MM-DD, \
            repeated, paired in order. recycle needs --to and --reason; hold needs --reason and a review date, \
            --until YYYY-MM-DD, when the idea resurfaces; kill needs --reason.
            """
    )

    enum Kind: String, ExpressibleByArgument, CaseIterable {
        case go, recycle, hold, resume, kill
    }

    @OptionGroup var options: IdeaCommandOptions
    @Argument(help: "go, recycle, hold, resume or kill.") var decision: Kind
    @Option(help: "The earlier stage to recycle to.") var to: String?
    @Option(help: "Why: required for recycle, hold and kill.") var reason: String?
    @Option(help: "For hold (required): the review date (YYYY-MM-DD), when the idea resurfaces.") var until: String?
    @Option(
        name: .customLong("condition"),
        help: "For go: a condition the next gate waits for; repeat for more, each with its --due.")
    var conditions: [String] = []
    @Option(
        name: .customLong("due"), help: "The day (YYYY-MM-DD) each --condition must be met by, in the same order.")
    var dues: [String] = []

    func validate() throws {
        if decision == .recycle, to == nil { throw ValidationError("recycle needs --to STAGE and --reason TEXT") }
        if [.recycle, .hold, .kill].contains(decision), reason == nil {
            throw ValidationError("\(decision.rawValue) needs --reason TEXT")
        }
        if until != nil, decision != .hold { throw ValidationError("--until is for hold only") }
        if decision == .hold, until == nil {
            throw ValidationError("hold needs a review date: --until YYYY-MM-DD, the day the idea resurfaces")
        }
        if let until, CalendarDay.start(of: until) == nil {
            throw ValidationError("--until takes a date such as 2027-03-01, not '\(until)'")
        }
        if !(conditions.isEmpty && dues.isEmpty), decision != .go {
            throw ValidationError("--condition and --due are for go only: a go with conditions")
        }
        guard conditions.count == dues.count else {
            throw ValidationError(
                "give one --due YYYY-MM-DD for each --condition, in the same order: there are \(conditions.count) condition\(conditions.count == 1 ? "" : "s") and \(dues.count) due date\(dues.count == 1 ? "" : "s")"
            )
        }
        for due in dues where CalendarDay.start(of: due) == nil {
            throw ValidationError("--due takes a date such as 2027-03-01, not '\(due)'")
        }
    }

    func run() async throws {
        let chosen: Decision
        switch decision {
        case .go where !conditions.isEmpty:
            chosen = .conditionalGo(
                zip(conditions, dues).map { text, due in
                    IdeaCondition.Terms(text: text, due: CalendarDay.start(of: due) ?? .distantPast)
                })
        case .go: chosen = .go
        case .recycle: chosen = .recycle(to: to ?? "", reason: reason ?? "")
        case .hold: chosen = .hold(reason: reason ?? "", until: until.flatMap(CalendarDay.start(of:)))
        case .resume: chosen = .resume
        case .kill: chosen = .kill(reason: reason ?? "")
        }
        try await options.execute(.decide(chosen))
    }
}

struct CommentCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "comment", abstract: "Add a comment to an idea.")

    @OptionGroup var options: IdeaCommandOptions
    @Option(help: "The comment.") var text: String

    func run() async throws { try await options.execute(.comment(text)) }
}

struct HistoryCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "history", abstract: "Everything that happened to an idea.")

    @OptionGroup var store: StoreOptions
    @OptionGroup var actor: ActorOptions
    @Argument(help: "The idea's id.") var idea: String
    @Flag(help: "Print the events as JSON.") var json = false

    func run() async throws {
        try await self.store.withStore { store, handler in
            _ = try await perform(json: json) { () async throws(CommandFailure) in
                try await handler.load(idea, actor: actor.value)
            }
            let events = try await perform(json: json) { () async throws(CommandFailure) in
                do throws(StoreError) { return try await store.history(of: idea) } catch { throw .store(error) }
            }
            if json {
                Output.json(events.map(EventResource.init))
            } else {
                print(Printer.history(events))
            }
        }
    }
}

struct CountsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "counts", abstract: "How many ideas are in each stage and status.")

    @OptionGroup var store: StoreOptions
    @Option(help: "Only this workflow.") var workflow: String?
    @Flag(help: "Print the counts as JSON.") var json = false

    func run() async throws {
        try await self.store.withStore { store, handler in
            let counts = try await perform(json: json) { () async throws(CommandFailure) in
                do throws(StoreError) {
                    return try await store.stageCounts(workflowID: workflow, visibility: nil)
                } catch {
                    throw .store(error)
                }
            }
            if json {
                Output.json(counts)
            } else {
                print(counts.isEmpty ? "no ideas" : Printer.counts(counts, library: handler.library))
            }
        }
    }
}
