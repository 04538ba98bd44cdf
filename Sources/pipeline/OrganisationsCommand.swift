import ArgumentParser
import Foundation
import PipelineCore
import PipelineServer
import PipelineStore

struct OrganisationsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "organisations", abstract: "Register and list the organisations ideas are submitted for.",
        discussion:
            "Types: \(OrganisationType.allCases.map { "\($0.rawValue) (\($0.label))" }.joined(separator: ", ")).",
        subcommands: [CreateOrganisation.self, ListOrganisations.self])
}

struct CreateOrganisation: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "create", abstract: "Register an organisation: a unique name, a type and a region.")

    @OptionGroup var store: StoreOptions
    @Option(help: "Its name; unique in the register, whatever its case.") var name: String
    @Option(help: "Its type: \(OrganisationType.list).") var type: String
    @Option(help: "Its labour-market region (see config/regions.txt).") var region: String
    @Option(help: "The file of known regions.") var regions = "config/regions.txt"
    @Flag(help: "Print the organisation as JSON.") var json = false

    func run() async throws {
        try await self.store.withStore { store, handler in
            let register = PeopleRegister(
                store: store, regions: RegionList(Regions.load(file: regions)), clock: handler.clock)
            let organisation = try await RegisterOutput.perform(json: json) { () async throws(RegisterFailure) in
                try await register.createOrganisation(name: name, type: type, region: region)
            }
            if json {
                Output.json(OrganisationResource(organisation))
            } else {
                print(
                    "organisation \(organisation.id): \(organisation.name) (\(organisation.type.label), \(organisation.region))"
                )
            }
        }
    }
}

struct ListOrganisations: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List the organisations.")

    @OptionGroup var store: StoreOptions
    @Flag(help: "Print the organisations as JSON.") var json = false

    func run() async throws {
        try await self.store.withStore { store, handler in
            let register = PeopleRegister(store: store, regions: RegionList([]), clock: handler.clock)
            let organisations = try await RegisterOutput.perform(json: json) { () async throws(RegisterFailure) in
                try await register.organisations()
            }
            if json {
                Output.json(organisations.map(OrganisationResource.init))
                return
            }
            guard !organisations.isEmpty else {
                print("no organisations: ideas may name any organisation until the first is registered")
                return
            }
            var rows = [["ID", "NAME", "TYPE", "REGION"]]
            for organisation in organisations {
                rows.append([organisation.id, organisation.name, organisation.type.rawValue, organisation.region])
            }
            print(Printer.columns(rows))
        }
    }
}

/// How the register commands report a refusal: the message (or, with `--json`, `{"error",
/// "message"}`), and the exit status: 2 for an entry that does not fit, 3 not found, 4 registered
/// already, 5 the database.
enum RegisterOutput {
    static func perform<T>(json: Bool, _ body: () async throws(RegisterFailure) -> T) async throws -> T {
        do {
            return try await body()
        } catch {
            throw report(error, json: json)
        }
    }

    /// Prints why, and returns the exit status to end with.
    static func report(_ failure: RegisterFailure, json: Bool) -> ExitCode {
        switch failure {
        case .invalid: return report("invalid_input", failure.description, json: json, exit: .usage)
        case .notFound: return report("not_found", failure.description, json: json, exit: .notFound)
        case .duplicate: return report("already_exists", failure.description, json: json, exit: .conflict)
        case .store: return report("store_unavailable", failure.description, json: json, exit: .unavailable)
        }
    }

    /// Prints `message` (with `--json`, `{"error": kind, "message": message}`) and returns `exit`.
    static func report(_ kind: String, _ message: String, json: Bool, exit: ExitCode) -> ExitCode {
        if json {
            Output.json(["error": kind, "message": message])
        } else {
            Output.error("error: \(message)")
        }
        return exit
    }
}
