import ArgumentParser
import Foundation
import PipelineCore
import PipelineStore

/// `pipeline ideas owner`, `co-organisations` and `gatekeepers`: an idea's people, through the
/// same command handler as the API. People are named by their id in the register (`per_...`) or
/// their e-mail address.
struct IdeaOwnerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "owner",
        abstract: "Give an idea to a facilitator to hold, as its owner (facilitators and admins).",
        discussion: "The person must be an active facilitator of the register; the same owner again changes nothing.")

    @OptionGroup var options: IdeaCommandOptions
    @Option(help: "The facilitator: their id (per_...) or e-mail address.") var person: String

    func run() async throws {
        try await options.run { handler, now throws(CommandFailure) in
            try await handler.assignOwner(
                person: person, on: options.idea, actor: options.actor.value, now: now,
                expectedVersion: options.expectVersion)
        }
    }
}

struct IdeaCoOrganisationsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "co-organisations",
        abstract: "Name the organisations that submit an idea together with its own: the whole list.",
        discussion: """
            Facilitators, admins and submitters of the submitting organisation. Each a registered organisation \
            (once the register has any), not the submitting one, each once, at most \
            \(IdeaEngine.maximumCoSubmitters). Their people are recused at the idea's gates.
            """)

    @OptionGroup var options: IdeaCommandOptions
    @Option(name: .customLong("co-org"), help: "A co-submitting organisation; repeat for more.")
    var organisations: [String] = []
    @Flag(help: "Name none: clear the list.") var none = false

    func validate() throws {
        guard organisations.isEmpty == none else {
            throw ValidationError(
                none
                    ? "--none names no organisation; leave out --co-org"
                    : "give --co-org NAME (repeat for more), or --none to clear the list")
        }
    }

    func run() async throws {
        try await options.run { handler, now throws(CommandFailure) in
            try await handler.setCoSubmitters(
                organisations, on: options.idea, actor: options.actor.value, now: now,
                expectedVersion: options.expectVersion)
        }
    }
}

struct IdeaGatekeepersCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gatekeepers",
        abstract: "Assign people to the gate of an idea's stage: the whole list (facilitators and admins).",
        discussion: """
            Only where the gate asks for approvals or a scorecard. Each an active person of the register with a role \
            the gate asks for, not of the submitting or a co-submitting organisation (recusal), each once, at most \
            \(IdeaEngine.maximumGatekeepers). The assignment ends when the idea leaves the stage.
            """)

    @OptionGroup var options: IdeaCommandOptions
    @Option(name: .customLong("person"), help: "A gatekeeper: their id (per_...) or e-mail address; repeat for more.")
    var people: [String] = []
    @Flag(help: "Assign nobody: clear the list.") var none = false

    func validate() throws {
        guard people.isEmpty == none else {
            throw ValidationError(
                none
                    ? "--none assigns nobody; leave out --person"
                    : "give --person PERSON (repeat for more), or --none to clear the list")
        }
    }

    func run() async throws {
        try await options.run { handler, now throws(CommandFailure) in
            try await handler.assignGatekeepers(
                people, on: options.idea, actor: options.actor.value, now: now, expectedVersion: options.expectVersion)
        }
    }
}
