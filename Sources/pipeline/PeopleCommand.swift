import ArgumentParser
import Foundation
import PipelineCore
import PipelineServer
import PipelineStore

struct PeopleCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "people", abstract: "Register people, their roles and organisation; issue their first token.",
        discussion: """
            A person's tokens act as them: their name, their organisation, in the token's role (one of \
            theirs). A deactivated person's tokens stop working within 10 seconds.
            """,
        subcommands: [
            CreatePerson.self, ListPeople.self, ShowPerson.self, SetPerson.self, DeactivatePerson.self,
            ActivatePerson.self,
        ])
}

struct CreatePerson: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "create", abstract: "Register a person; with --token, issue their first token too.")

    @OptionGroup var store: StoreOptions
    @Option(help: "Their name, as the history shows it.") var name: String
    @Option(help: "Their e-mail address; unique, stored lower-cased.") var email: String
    @Option(help: "A role: submitter, facilitator, gatekeeper or admin; repeat for more.") var role: [String] = []
    @Option(help: "Their organisation: its id or exact name (required for submitters).") var org: String?
    @Option(help: "A labour-market region they serve (facilitators); repeat for more.") var region: [String] = []
    @Option(help: "Notifications: immediate (default), daily or off.") var notify: String?
    @Flag(help: "Also issue their first token, shown once.") var token = false
    @Option(help: "The first token's role (default: the first --role).") var tokenRole: String?
    @Option(help: "The file of known regions.") var regions = "config/regions.txt"
    @Flag(help: "Print the person (and the token) as JSON.") var json = false

    func validate() throws {
        if let tokenRole {
            guard token else { throw ValidationError("--token-role is for --token") }
            guard role.contains(tokenRole) else {
                throw ValidationError("--token-role must be one of the person's roles (--role)")
            }
        }
    }

    func run() async throws {
        try await self.store.withStore { store, handler in
            let register = PeopleRegister(
                store: store, regions: RegionList(Regions.load(file: regions)), clock: handler.clock)
            let entry = PeopleRegister.PersonEntry(
                name: name, email: email, roles: role, organisation: org, regions: region, notify: notify)
            let person = try await RegisterOutput.perform(json: json) { () async throws(RegisterFailure) in
                try await register.createPerson(entry)
            }
            let organisations = try await People.organisationNames(register, json: json)
            var issued: (token: String, record: TokenRecord)?
            if token, let tokenRole = tokenRole ?? role.first {
                issued = try await People.issueToken(
                    for: person, role: tokenRole, organisations: organisations, store: store, now: handler.clock.now())
            }
            if json {
                Output.json(
                    CreatedPerson(
                        person: PersonResource(person, organisations: organisations), token: issued?.token,
                        tokenID: issued?.record.id))
                return
            }
            print(People.describe(person, organisations: organisations))
            if let issued {
                print("token \(issued.record.id) (\(issued.record.role)):")
                print(issued.token)
                print("Keep it safe: it is shown only now.")
            }
        }
    }

    /// The person, with the token when one was issued: `{"id", ..., "token", "token_id"}`.
    struct CreatedPerson: Encodable {
        let person: PersonResource
        let token: String?
        let tokenID: String?

        enum CodingKeys: String, CodingKey {
            case token
            case tokenID = "token_id"
        }

        func encode(to encoder: any Encoder) throws {
            try person.encode(to: encoder)
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encodeIfPresent(token, forKey: .token)
            try container.encodeIfPresent(tokenID, forKey: .tokenID)
        }
    }
}

struct ListPeople: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List the people.")

    @OptionGroup var store: StoreOptions
    @Flag(help: "Print the people as JSON.") var json = false

    func run() async throws {
        try await self.store.withStore { store, handler in
            let register = PeopleRegister(store: store, regions: RegionList([]), clock: handler.clock)
            let people = try await RegisterOutput.perform(json: json) { () async throws(RegisterFailure) in
                try await register.people()
            }
            let organisations = try await People.organisationNames(register, json: json)
            if json {
                Output.json(people.map { PersonResource($0, organisations: organisations) })
                return
            }
            guard !people.isEmpty else {
                print("no people")
                return
            }
            var rows = [["ID", "NAME", "E-MAIL", "ROLES", "ORGANISATION", "REGIONS", "NOTIFY", "ACTIVE"]]
            for person in people {
                rows.append([
                    person.id, person.name, person.email, person.roles.joined(separator: ","),
                    person.organisationID.flatMap { organisations[$0] } ?? "", person.regions.joined(separator: ", "),
                    person.notify.rawValue, person.active ? "yes" : "no",
                ])
            }
            print(Printer.columns(rows))
        }
    }
}

struct ShowPerson: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show", abstract: "Show a person and their tokens (never the secrets).")

    @OptionGroup var store: StoreOptions
    @Argument(help: "The person's id (per_...) or e-mail address.") var person: String
    @Flag(help: "Print the person as JSON.") var json = false

    func run() async throws {
        try await self.store.withStore { store, handler in
            let register = PeopleRegister(store: store, regions: RegionList([]), clock: handler.clock)
            let found = try await People.find(person, in: register, json: json)
            let organisations = try await People.organisationNames(register, json: json)
            let tokens = try await store.tokens().filter { $0.personID == found.id }
            if json {
                Output.json(PersonResource(found, organisations: organisations))
                return
            }
            print(People.describe(found, organisations: organisations))
            let formatter = ISO8601DateFormatter()
            for token in tokens {
                let state = token.revokedAt.map { "revoked \(formatter.string(from: $0))" } ?? "active"
                print(
                    "  token \(token.id)  \(token.role)  created \(formatter.string(from: token.createdAt))  \(state)")
            }
        }
    }
}

struct SetPerson: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "set", abstract: "Change a person's entry; what you leave out stays.")

    @OptionGroup var store: StoreOptions
    @Argument(help: "The person's id (per_...) or e-mail address.") var person: String
    @Option var name: String?
    @Option var email: String?
    @Option(help: "Their roles from now on (replacing the old ones); repeat for more.") var role: [String] = []
    @Option(help: "Their organisation: its id or exact name.") var org: String?
    @Flag(help: "Remove their organisation (not for submitters).") var clearOrg = false
    @Option(help: "The regions they serve from now on (replacing the old ones); repeat for more.")
    var region: [String] = []
    @Flag(help: "Remove every region they serve.") var clearRegions = false
    @Option(help: "Notifications: immediate, daily or off.") var notify: String?
    @Option(help: "The file of known regions.") var regions = "config/regions.txt"
    @Flag(help: "Print the person as JSON.") var json = false

    func validate() throws {
        if org != nil, clearOrg { throw ValidationError("give --org or --clear-org, not both") }
        if !region.isEmpty, clearRegions { throw ValidationError("give --region or --clear-regions, not both") }
    }

    func run() async throws {
        try await self.store.withStore { store, handler in
            let register = PeopleRegister(
                store: store, regions: RegionList(Regions.load(file: regions)), clock: handler.clock)
            let found = try await People.find(person, in: register, json: json)
            var changes = PeopleRegister.PersonChanges(
                name: name, email: email, roles: role.isEmpty ? nil : role,
                regions: clearRegions ? [] : (region.isEmpty ? nil : region), notify: notify)
            if clearOrg { changes.organisation = .some(nil) } else if let org { changes.organisation = org }
            let update = changes
            let changed = try await RegisterOutput.perform(json: json) { () async throws(RegisterFailure) in
                try await register.updatePerson(id: found.id, update)
            }
            let organisations = try await People.organisationNames(register, json: json)
            if json {
                Output.json(PersonResource(changed, organisations: organisations))
            } else {
                print(People.describe(changed, organisations: organisations))
            }
        }
    }
}

struct DeactivatePerson: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "deactivate", abstract: "Deactivate a person: their tokens stop working (within 10 seconds).")

    @OptionGroup var store: StoreOptions
    @Argument(help: "The person's id (per_...) or e-mail address.") var person: String

    func run() async throws {
        try await People.setActive(person, false, store: self.store)
    }
}

struct ActivatePerson: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "activate", abstract: "Make a deactivated person active again: their tokens work again.")

    @OptionGroup var store: StoreOptions
    @Argument(help: "The person's id (per_...) or e-mail address.") var person: String

    func run() async throws {
        try await People.setActive(person, true, store: self.store)
    }
}

/// What the people commands share.
enum People {
    /// The person with this id or e-mail address, or exit status 3.
    static func find(_ reference: String, in register: PeopleRegister, json: Bool) async throws -> PersonRecord {
        let found = try await RegisterOutput.perform(json: json) { () async throws(RegisterFailure) in
            try await register.findPerson(reference)
        }
        guard let found else {
            throw RegisterOutput.report(
                "not_found", "no person with the id or e-mail address '\(reference.prefix(100))'", json: json,
                exit: .notFound)
        }
        return found
    }

    static func organisationNames(_ register: PeopleRegister, json: Bool) async throws -> [String: String] {
        let organisations = try await RegisterOutput.perform(json: json) { () async throws(RegisterFailure) in
            try await register.organisations()
        }
        return Dictionary(organisations.map { ($0.id, $0.name) }, uniquingKeysWith: { first, _ in first })
    }

    /// A new token for the person, in one of their roles; it acts as them.
    static func issueToken(
        for person: PersonRecord, role: String, organisations: [String: String], store: any Store, now: Date
    ) async throws -> (token: String, record: TokenRecord) {
        do {
            try Registration.tokenRole(role, of: person.roles)
        } catch {
            Output.error("error: \(error.message)")
            throw ExitCode.usage
        }
        guard person.active else {
            Output.error("error: \(person.id) is deactivated: 'pipeline people activate \(person.id)' first")
            throw ExitCode.usage
        }
        let issued = TokenAuthority.issue(
            name: person.name, role: role, organisation: person.organisationID.flatMap { organisations[$0] },
            personID: person.id, now: now)
        do throws(StoreError) { try await store.addToken(issued.record) } catch {
            Output.error(error.description)
            throw ExitCode.unavailable
        }
        return issued
    }

    static func setActive(_ reference: String, _ active: Bool, store options: StoreOptions) async throws {
        try await options.withStore { store, handler in
            let register = PeopleRegister(store: store, regions: RegionList([]), clock: handler.clock)
            let found = try await find(reference, in: register, json: false)
            _ = try await RegisterOutput.perform(json: false) { () async throws(RegisterFailure) in
                try await register.setActive(id: found.id, active)
            }
            print(
                active
                    ? "\(found.id) (\(found.name)) is active: their tokens work again"
                    : "\(found.id) (\(found.name)) is deactivated: their tokens stop working within 10 seconds")
        }
    }

    /// Two lines on a person: who, and what they may do.
    static func describe(_ person: PersonRecord, organisations: [String: String]) -> String {
        var lines = ["\(person.id)  \(person.name) <\(person.email)>\(person.active ? "" : "  (deactivated)")"]
        var details = ["roles \(person.roles.joined(separator: ", "))"]
        if let id = person.organisationID { details.append("organisation \(organisations[id] ?? id) (\(id))") }
        if !person.regions.isEmpty { details.append("regions \(person.regions.joined(separator: ", "))") }
        details.append("notify \(person.notify.rawValue)")
        lines.append("  " + details.joined(separator: "; "))
        return lines.joined(separator: "\n")
    }
}
