import ArgumentParser
import Foundation
import PipelineCore
import PipelineStore

struct IdeasCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ideas",
        abstract: "Submit, list, show and update ideas; give them an owner, co-submitters and gatekeepers.",
        subcommands: [
            SubmitIdea.self, ListIdeas.self, ShowIdea.self, UpdateIdea.self, IdeaOwnerCommand.self,
            IdeaCoOrganisationsCommand.self, IdeaGatekeepersCommand.self,
        ]
    )
}

struct SubmitIdea: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "submit", abstract: "Submit a new idea in a workflow, for an organisation and region.")

    @OptionGroup var store: StoreOptions
    @OptionGroup var actor: ActorOptions
    @Option(help: "The workflow id.") var workflow = "primary-care-innovation"
    @Option(name: .customLong("for-org"), help: "The submitting organisation (default: your --org).")
    var organisation: String?
    @Option(help: "The labour-market region (see config/regions.txt).") var region: String
    @Option(name: .customLong("field"), help: "A field value: name=value; repeat for more fields.")
    var fields: [String] = []
    @Option(
        name: .customLong("co-org"),
        help: "An organisation that submits the idea together with the submitting one; repeat for more.")
    var coOrganisations: [String] = []
    @Option(help: "The file of known regions.") var regions = "config/regions.txt"
    @Flag(help: "Print the idea as JSON.") var json = false

    func run() async throws {
        try await store.withStore { _, handler in
            guard let workflow = handler.library.latest(self.workflow) else {
                throw ValidationError("unknown workflow '\(self.workflow)'; see pipeline validate")
            }
            try Regions.check(region, file: regions)
            let values = try FieldArguments.values(fields, in: workflow).compactMapValues { $0 }
            guard let organisation = organisation ?? actor.value.organisation else {
                throw ValidationError("for which organisation? add --for-org ORG")
            }
            let outcome = try await perform(json: json) { () async throws(CommandFailure) in
                try await handler.submit(
                    id: ShortID.generate(), workflowID: workflow.id, organisation: organisation, region: region,
                    fields: values, coSubmitters: coOrganisations, actor: actor.value, now: handler.clock.now())
            }
            if json {
                Output.json(outcome.idea)
            } else {
                print(Printer.idea(outcome.idea, workflow: workflow, now: handler.clock.now()))
            }
        }
    }
}

struct ListIdeas: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list", abstract: "List ideas, filtered, a page at a time.")

    @OptionGroup var store: StoreOptions
    @OptionGroup var actor: ActorOptions
    @Option var workflow: String?
    @Option var stage: String?
    @Option(help: "active, on_hold, completed or killed.") var status: String?
    @Option var region: String?
    @Option var theme: String?
    @Option(name: .customLong("of-org"), help: "Only ideas of this organisation.") var organisation: String?
    @Option(help: "Ideas per page, at most \(IdeaQuery.maximumLimit).") var limit = 50
    @Option(help: "The cursor printed after the previous page.") var cursor: String?
    @Flag(help: "Print the page as JSON.") var json = false

    func validate() throws {
        if let status, Idea.Status(rawValue: status) == nil {
            throw ValidationError("unknown status '\(status)'; use active, on_hold, completed or killed")
        }
        guard (1...IdeaQuery.maximumLimit).contains(limit) else {
            throw ValidationError("--limit is 1 to \(IdeaQuery.maximumLimit)")
        }
    }

    func run() async throws {
        try await self.store.withStore { store, handler in
            let visibility = Access.visibility(for: actor.value, in: handler.library)
            let query = IdeaQuery(
                workflowID: workflow, stage: stage, status: status.flatMap(Idea.Status.init(rawValue:)), region: region,
                theme: theme, organisation: organisation, visibility: visibility, limit: limit, cursor: cursor)
            let page = try await perform(json: json) { () async throws(CommandFailure) in
                do throws(StoreError) { return try await store.ideas(query) } catch { throw .store(error) }
            }
            if json {
                Output.json(IdeaPageReport(ideas: page.ideas, nextCursor: page.nextCursor))
                return
            }
            print(page.ideas.isEmpty ? "no ideas" : Printer.table(page.ideas))
            if let next = page.nextCursor { print("more: --cursor \(next)") }
        }
    }

    struct IdeaPageReport: Encodable {
        let ideas: [Idea]
        let nextCursor: String?
    }
}

struct ShowIdea: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "show", abstract: "Show one idea and its fields.")

    @OptionGroup var store: StoreOptions
    @OptionGroup var actor: ActorOptions
    @Argument(help: "The idea's id.") var idea: String
    @Flag(help: "Print the idea as JSON.") var json = false

    func run() async throws {
        try await store.withStore { _, handler in
            let loaded = try await perform(json: json) { () async throws(CommandFailure) in
                try await handler.load(idea, actor: actor.value)
            }
            if json {
                Output.json(loaded.idea)
            } else {
                print(Printer.idea(loaded.idea, workflow: loaded.workflow, now: handler.clock.now()))
            }
        }
    }
}

struct UpdateIdea: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "update", abstract: "Change the fields the idea's current stage allows.")

    @OptionGroup var store: StoreOptions
    @OptionGroup var actor: ActorOptions
    @Argument(help: "The idea's id.") var idea: String
    @Option(name: .customLong("field"), help: "A field value: name=value; repeat for more fields.")
    var fields: [String] = []
    @Option(help: "A field to clear; repeat for more.") var clear: [String] = []
    @Option(help: "Fail with a conflict unless the idea is at this version.") var expectVersion: Int?
    @Flag(help: "Print the idea as JSON.") var json = false

    func validate() throws {
        if fields.isEmpty && clear.isEmpty {
            throw ValidationError("give at least one --field name=value or --clear name")
        }
    }

    func run() async throws {
        try await store.withStore { _, handler in
            let loaded = try await perform(json: json) { () async throws(CommandFailure) in
                try await handler.load(idea, actor: actor.value)
            }
            let values = try FieldArguments.values(fields, clearing: clear, in: loaded.workflow)
            let outcome = try await perform(json: json) { () async throws(CommandFailure) in
                try await handler.execute(
                    .updateFields(values), on: idea, actor: actor.value, now: handler.clock.now(),
                    expectedVersion: expectVersion)
            }
            if json {
                Output.json(outcome.idea)
            } else {
                print(
                    outcome.events.isEmpty
                        ? "nothing changed"
                        : Printer.idea(outcome.idea, workflow: loaded.workflow, now: handler.clock.now()))
            }
        }
    }
}

/// The labour-market regions, from a data file.
enum Regions {
    /// The regions of the file, or none when there is no such file.
    static func load(file: String) -> [String] {
        guard let text = try? String(contentsOfFile: file, encoding: .utf8) else { return [] }
        return text.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty && !$0.hasPrefix("#") }
    }

    static func check(_ region: String, file: String) throws {
        if let problem = RegionList(load(file: file)).problem(region) { throw ValidationError(problem) }
    }
}
