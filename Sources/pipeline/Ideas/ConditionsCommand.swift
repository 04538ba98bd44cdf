import ArgumentParser
import Foundation
import PipelineCore
import PipelineServer
import PipelineStore

struct ConditionsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "conditions",
        abstract: "The conditions of a conditional go: list them, record one as met.",
        subcommands: [ListConditions.self, MeetCondition.self]
    )
}

struct ListConditions: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list", abstract: "An idea's conditions: what, by when, for which gate, and whether met.")

    @OptionGroup var store: StoreOptions
    @OptionGroup var actor: ActorOptions
    @Argument(help: "The idea's id.") var idea: String
    @Flag(help: "Print the conditions as JSON, as the API shows them.") var json = false

    func run() async throws {
        try await store.withStore { _, handler in
            let loaded = try await perform(json: json) { () async throws(CommandFailure) in
                try await handler.load(idea, actor: actor.value)
            }
            if json {
                Output.json(loaded.idea.conditions.map(ConditionResource.init))
            } else {
                print(loaded.idea.conditions.isEmpty ? "no conditions" : Printer.conditions(loaded.idea.conditions))
            }
        }
    }
}

struct MeetCondition: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "meet", abstract: "Record that a condition of a conditional go is met (facilitators, admins).")

    @OptionGroup var options: IdeaCommandOptions
    @Argument(help: "The condition's number, as pipeline conditions list shows it.") var number: Int
    @Option(help: "How it was met (optional).") var note: String?

    func run() async throws { try await options.execute(.meetCondition(number: number, note: note)) }
}
