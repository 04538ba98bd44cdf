import ArgumentParser
import Foundation
import PipelineCore
import PipelineStore

/// `pipeline adopt ID --region R`: a region adopts a proven idea.
struct AdoptCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "adopt",
        abstract: "Register a region's adoption of an idea: a linked implementation in that region.",
        discussion: """
            The idea must be in a stage its workflow marks adoptable. The implementation follows the \
            implementation workflow that the idea's workflow names under adoption:, from its first stage. \
            A submitter registers it for their own organisation's region (a facilitator approves it at \
            the first gate); a facilitator for any region, or --for-org names the implementing organisation.
            """)

    @OptionGroup var store: StoreOptions
    @OptionGroup var actor: ActorOptions
    @Argument(help: "The idea's id.") var idea: String
    @Option(help: "The adopting labour-market region (see config/regions.txt).") var region: String
    @Option(name: .customLong("for-org"), help: "The implementing organisation of that region.") var organisation:
        String?
    @Option(name: .customLong("field"), help: "A field of the implementation: name=value; repeat for more.")
    var fields: [String] = []
    @Option(help: "The file of known regions.") var regions = "config/regions.txt"
    @Flag(help: "Print the implementation as JSON.") var json = false

    func run() async throws {
        try await store.withStore { store, handler in
            try Regions.check(region, file: regions)
            let actor = try await Adopters.actor(actor.value, in: store)
            let parent = try await perform(json: json) { () async throws(CommandFailure) in
                try await handler.load(idea, actor: actor, kind: .idea)
            }
            let workflow = parent.workflow.adoption.flatMap { handler.library.latest($0.workflowID) }
            let values = try workflow.map { try FieldArguments.values(fields, in: $0).compactMapValues { $0 } } ?? [:]
            let outcome = try await perform(json: json) { () async throws(CommandFailure) in
                try await handler.adopt(
                    idea, region: region, organisation: organisation, fields: values, actor: actor,
                    now: handler.clock.now())
            }
            if json {
                Output.json(outcome.idea)
            } else {
                print(Printer.idea(outcome.idea, workflow: workflow, now: handler.clock.now()))
            }
        }
    }
}

/// `pipeline implementations list|show`.
struct ImplementationsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "implementations",
        abstract: "List and show the regions' implementations of adopted ideas.",
        discussion: """
            An implementation is a record like an idea: move it with pipeline approve, decide, \
            comment and ideas update, with its id.
            """,
        subcommands: [ListImplementations.self, ShowImplementation.self])
}

struct ListImplementations: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list", abstract: "List implementations, filtered, a page at a time.")

    @OptionGroup var store: StoreOptions
    @OptionGroup var actor: ActorOptions
    @Option(help: "Only the implementations of this idea.") var idea: String?
    @Option var region: String?
    @Option var stage: String?
    @Option(help: "active, on_hold, completed or killed.") var status: String?
    @Option(help: "Implementations per page, at most \(IdeaQuery.maximumLimit).") var limit = 50
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
            let actor = try await Adopters.actor(actor.value, in: store)
            let query = IdeaQuery(
                stage: stage, status: status.flatMap(Idea.Status.init(rawValue:)), region: region,
                visibility: Access.visibility(for: actor, in: handler.library),
                records: .implementations(parent: idea), limit: limit, cursor: cursor)
            let page = try await perform(json: json) { () async throws(CommandFailure) in
                do throws(StoreError) { return try await store.ideas(query) } catch { throw .store(error) }
            }
            if json {
                Output.json(ListIdeas.IdeaPageReport(ideas: page.ideas, nextCursor: page.nextCursor))
                return
            }
            print(page.ideas.isEmpty ? "no implementations" : Printer.table(page.ideas))
            if let next = page.nextCursor { print("more: --cursor \(next)") }
        }
    }
}

struct ShowImplementation: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show", abstract: "Show one implementation and its fields.")

    @OptionGroup var store: StoreOptions
    @OptionGroup var actor: ActorOptions
    @Argument(help: "The implementation's id.") var implementation: String
    @Flag(help: "Print the implementation as JSON.") var json = false

    func run() async throws {
        try await store.withStore { store, handler in
            let actor = try await Adopters.actor(actor.value, in: store)
            let loaded = try await perform(json: json) { () async throws(CommandFailure) in
                try await handler.load(implementation, actor: actor, kind: .implementation)
            }
            if json {
                Output.json(loaded.idea)
            } else {
                print(Printer.idea(loaded.idea, workflow: loaded.workflow, now: handler.clock.now()))
            }
        }
    }
}

/// Who acts on the command line, with where they belong: a submitter's organisation's region
/// from the register (the CLI knows people by name and role only; its facilitators are national).
enum Adopters {
    static func actor(_ actor: Actor, in store: any Store) async throws -> Actor {
        guard actor.role == Actor.submitter, let name = actor.organisation else { return actor }
        var resolved = actor
        if let organisation = try await perform(
            json: false,
            { () async throws(CommandFailure) in
                do throws(StoreError) { return try await store.organisation(named: name) } catch { throw .store(error) }
            })
        {
            resolved.regions = [organisation.region]
        }
        return resolved
    }
}
