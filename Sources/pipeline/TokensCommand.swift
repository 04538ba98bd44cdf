import ArgumentParser
import Foundation
import PipelineCore
import PipelineServer
import PipelineStore

struct TokensCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tokens", abstract: "Create, list and revoke API tokens.",
        subcommands: [CreateToken.self, ListTokens.self, RevokeToken.self])
}

struct CreateToken: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "create", abstract: "Create a token; it is shown once, only its hash is stored.")

    @OptionGroup var store: StoreOptions
    @Option(help: "Who or what uses the token; shown in the history (not with --person).") var name: String?
    @Option(help: "submitter, facilitator, gatekeeper or admin; with --person, one of theirs.") var role: String
    @Option(help: "The organisation a submitter acts for (not with --person).") var org: String?
    @Option(help: "The person (id or e-mail address) the token belongs to: it acts as them.") var person: String?
    @Flag(help: "Print the token as JSON.") var json = false

    func validate() throws {
        guard TokenAuthority.roles.contains(role) else {
            throw ValidationError("the role is one of \(TokenAuthority.roles.joined(separator: ", "))")
        }
        if person != nil {
            guard name == nil, org == nil else {
                throw ValidationError("a person's token has their name and organisation: leave out --name and --org")
            }
            return
        }
        guard let name else { throw ValidationError("give --name NAME, or --person for a person's token") }
        if role == "submitter", org == nil { throw ValidationError("a submitter token needs --org ORG") }
        guard !name.trimmingCharacters(in: .whitespaces).isEmpty, name.count <= 200 else {
            throw ValidationError("--name is 1 to 200 characters")
        }
    }

    func run() async throws {
        try await self.store.withStore { store, handler in
            let token: String
            let record: TokenRecord
            if let person {
                let register = PeopleRegister(store: store, regions: RegionList([]), clock: handler.clock)
                let found = try await People.find(person, in: register, json: json)
                let organisations = try await People.organisationNames(register, json: json)
                (token, record) = try await People.issueToken(
                    for: found, role: role, organisations: organisations, store: store, now: handler.clock.now())
            } else {
                (token, record) = TokenAuthority.issue(
                    name: name ?? "", role: role, organisation: org, now: handler.clock.now())
                do throws(StoreError) { try await store.addToken(record) } catch {
                    Output.error(error.description)
                    throw ExitCode.unavailable
                }
            }
            if json {
                var report = ["id": record.id, "token": token, "name": record.name, "role": role]
                if let personID = record.personID { report["person"] = personID }
                Output.json(report)
            } else {
                let organisation = record.organisation.map { ", \($0)" } ?? ""
                let owner = record.personID.map { " (person \($0))" } ?? ""
                print("token \(record.id) for \(record.name)\(owner) (\(role)\(organisation)):")
                print(token)
                print("Keep it safe: it is shown only now.")
            }
        }
    }
}

struct ListTokens: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List tokens (never the secrets).")

    @OptionGroup var store: StoreOptions
    @Flag(help: "Print the tokens as JSON.") var json = false

    func run() async throws {
        try await self.store.withStore { store, handler in
            let tokens = try await store.tokens()
            let formatter = ISO8601DateFormatter()
            if json {
                Output.json(
                    tokens.map { token in
                        [
                            "id": token.id, "name": token.actor.name, "role": token.role,
                            "organisation": token.actor.organisation ?? "",
                            "created_at": formatter.string(from: token.createdAt),
                            "revoked_at": token.revokedAt.map(formatter.string) ?? "",
                            "person": token.personID ?? "",
                        ]
                    })
                return
            }
            var rows = [["ID", "NAME", "ROLE", "ORGANISATION", "PERSON", "CREATED", "REVOKED"]]
            for token in tokens {
                let actor = token.actor
                rows.append([
                    token.id, actor.name, token.role, actor.organisation ?? "", token.personID ?? "",
                    formatter.string(from: token.createdAt), token.revokedAt.map(formatter.string) ?? "",
                ])
            }
            print(Printer.columns(rows))
        }
    }
}

struct RevokeToken: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "revoke", abstract: "Revoke a token at once.")

    @OptionGroup var store: StoreOptions
    @Argument(help: "The token's id (tok_...), from 'pipeline tokens list'.") var id: String

    func run() async throws {
        try await self.store.withStore { store, handler in
            guard try await store.revokeToken(id: id, at: handler.clock.now()) else {
                Output.error("no active token \(id)")
                throw ExitCode.notFound
            }
            print("revoked \(id)")
        }
    }
}
