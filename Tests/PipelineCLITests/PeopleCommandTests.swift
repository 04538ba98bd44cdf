import Foundation
import PipelineCore
import PipelineStore
import PipelineStoreSQLite
import PipelineTestSupport
import Testing

@Suite("pipeline organisations and pipeline people")
struct PeopleCommandTests {
    /// Runs the command on a fresh database in `folder`, from the package root (config/regions.txt).
    struct Register {
        let folder: URL
        var database: String { folder.appendingPathComponent("pipeline.sqlite").path }

        init() throws { folder = try CommandRunner.temporaryFolder() }

        func run(_ arguments: [String]) async throws -> CommandResult {
            try await CommandRunner.run(arguments + ["--database", database])
        }

        func json(_ arguments: [String]) async throws -> Any? {
            let result = try await run(arguments + ["--json"])
            #expect(result.status == 0, "\(arguments): \(result.errors)")
            return try JSONSerialization.jsonObject(with: Data(result.output.utf8))
        }
    }

    @Test("organisations: registered with a unique name, a type and one of the 28 regions; refusals store nothing")
    func organisations() async throws {
        let register = try Register()
        defer { try? FileManager.default.removeItem(at: register.folder) }
        #expect(try await register.run(["organisations", "list"]).output.contains("no organisations"))
        let created = try await register.json([
            "organisations", "create", "--name", "HAP De Linde", "--type", "huisartsenpost", "--region", "Twente",
        ])
        let id = try #require((created as? [String: Any])?["id"] as? String)
        #expect(id.hasPrefix("org_"))
        #expect((created as? [String: Any])?["type_label"] as? String == "Huisartsenpost")

        let duplicate = try await register.run([
            "organisations", "create", "--name", "hap de LINDE", "--type", "ros", "--region", "Twente",
        ])
        #expect(duplicate.status == 4)
        #expect(duplicate.errors.contains("an organisation named 'HAP De Linde' is registered already (\(id))"))
        let type = try await register.run([
            "organisations", "create", "--name", "X", "--type", "apotheek", "--region", "Twente",
        ])
        #expect(type.status == 2)
        #expect(type.errors.contains("unknown organisation type 'apotheek'; the types are huisartsenpraktijk, hagro"))
        let region = try await register.run([
            "organisations", "create", "--name", "X", "--type", "ros", "--region", "twente",
        ])
        #expect(region.status == 2)
        #expect(region.errors.contains("unknown region 'twente'; did you mean 'Twente'?"))
        let json = try await register.run([
            "organisations", "create", "--name", "X", "--type", "x", "--region", "Twente", "--json",
        ])
        #expect(json.output.contains("\"error\" : \"invalid_input\""))

        let listed = try await register.json(["organisations", "list"]) as? [[String: Any]]
        #expect(listed?.map { $0["id"] as? String } == [id], "nothing stored on a refusal")
        #expect(
            try await register.run(["organisations", "list"]).output.contains("HAP De Linde  huisartsenpost  Twente"))
    }

    @Test("people: registered with roles, organisation and regions; a first token that acts as them; deactivated")
    func people() async throws {
        let register = try Register()
        defer { try? FileManager.default.removeItem(at: register.folder) }
        _ = try await register.run([
            "organisations", "create", "--name", "HAP De Linde", "--type", "huisartsenpost", "--region", "Twente",
        ])
        let refusals: [([String], Int32, String)] = [
            (["--email", "anna@delinde", "--role", "submitter", "--org", "HAP De Linde"], 2, "has no dot"),
            (["--email", "anna@delinde.nl", "--role", "submitter"], 2, "a submitter needs an organisation"),
            (
                ["--email", "anna@delinde.nl", "--role", "submitter", "--org", "HAP De Eik"], 2,
                "unknown organisation 'HAP De Eik'"
            ),
            (["--email", "anna@delinde.nl", "--role", "boss"], 2, "unknown role 'boss'"),
            (
                ["--email", "anna@delinde.nl", "--role", "facilitator", "--region", "Atlantis"], 2,
                "unknown region 'Atlantis'"
            ),
            (
                ["--email", "anna@delinde.nl", "--role", "facilitator", "--notify", "weekly"], 2,
                "unknown notification preference 'weekly'"
            ),
            (
                ["--email", "anna@delinde.nl", "--role", "facilitator", "--token", "--token-role", "admin"], 2,
                "--token-role must be one of the person's roles"
            ),
        ]
        for (arguments, status, words) in refusals {
            let refused = try await register.run(["people", "create", "--name", "Anna"] + arguments)
            #expect(refused.status == status, "\(arguments): \(refused.errors)")
            #expect(refused.errors.contains(words), "\(arguments): \(refused.errors)")
        }
        #expect(try await register.run(["people", "list"]).output.contains("no people"), "nothing stored on a refusal")

        let created = try await register.json([
            "people", "create", "--name", "Anna Jansen", "--email", "Anna@DeLinde.nl", "--role", "gatekeeper",
            "--role", "submitter", "--org", "hap de linde", "--token",
        ])
        let anna = try #require(created as? [String: Any])
        let annaID = try #require(anna["id"] as? String)
        let token = try #require(anna["token"] as? String)
        #expect(token.hasPrefix("pl_"))
        #expect(anna["email"] as? String == "anna@delinde.nl")
        #expect(anna["roles"] as? [String] == ["submitter", "gatekeeper"])
        #expect(anna["organisation_name"] as? String == "HAP De Linde")
        let duplicate = try await register.run([
            "people", "create", "--name", "Anna", "--email", "ANNA@delinde.nl", "--role", "gatekeeper",
        ])
        #expect(duplicate.status == 4)

        // The token is the first role given, and acts as Anna.
        let store = try SQLiteStore(path: register.database)
        let record = try #require(try await store.token(hash: TestPerson.hash(ofToken: token)))
        #expect(record.personID == annaID)
        #expect(record.actor == Actor(name: "Anna Jansen", role: "gatekeeper", organisation: "HAP De Linde"))
        #expect(record.isUsable)
        try await store.close()

        let second = try await register.run(["tokens", "create", "--person", "anna@delinde.nl", "--role", "admin"])
        #expect(second.status == 2)
        #expect(second.errors.contains("the token's role 'admin' is not one of the person's roles"))
        #expect(try await register.run(["tokens", "create", "--person", annaID, "--role", "submitter"]).status == 0)
        let shown = try await register.run(["people", "show", "anna@delinde.nl"])
        #expect(shown.output.contains("Anna Jansen <anna@delinde.nl>"))
        #expect(shown.output.components(separatedBy: "  token tok_").count == 3)
        #expect(try await register.run(["people", "show", "nobody@delinde.nl"]).status == 3)

        let set = try await register.run(["people", "set", annaID, "--name", "Anna de Vries", "--notify", "daily"])
        #expect(set.status == 0, "\(set.errors)")
        #expect(set.output.contains("Anna de Vries <anna@delinde.nl>"))
        let clear = try await register.run(["people", "set", annaID, "--clear-org"])
        #expect(clear.status == 2)
        #expect(clear.errors.contains("a submitter needs an organisation"))

        let deactivated = try await register.run(["people", "deactivate", "anna@delinde.nl"])
        #expect(deactivated.status == 0)
        #expect(deactivated.output.contains("is deactivated"))
        let after = try SQLiteStore(path: register.database)
        #expect(try await after.token(hash: TestPerson.hash(ofToken: token))?.isUsable == false)
        try await after.close()
        let listed = try await register.json(["people", "list"]) as? [[String: Any]]
        #expect(listed?.first?["active"] as? Bool == false)
        #expect(listed?.first?["name"] as? String == "Anna de Vries")
        #expect(listed?.first?["notify"] as? String == "daily")
    }
}
