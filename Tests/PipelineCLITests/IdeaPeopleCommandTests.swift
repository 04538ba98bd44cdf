import Foundation
import PipelineTestSupport
import Testing

/// `pipeline ideas owner`, `co-organisations`, `gatekeepers` and `submit --co-org`, through the
/// real executable on a real SQLite file with a people register.
@Suite("pipeline ideas owner, co-organisations and gatekeepers")
struct IdeaPeopleCommandTests {
    typealias Session = PipelineJourneyTests.Session

    static let practice = PipelineJourneyTests.practice
    static let gatekeeper = ["--actor", "gerrit", "--role", "gatekeeper"]

    /// HAP De Linde and Zorggroep Twente; facilitators Fenna and Frank (Twente); gatekeepers
    /// Gerrit and Gijs (Zorggroep Twente). Their ids by name.
    static func register(_ session: Session) async throws -> [String: String] {
        for (name, type) in [("HAP De Linde", "huisartsenpost"), ("Zorggroep Twente", "zorggroep")] {
            let created = try await CommandRunner.run([
                "organisations", "create", "--name", name, "--type", type, "--region", "Twente", "--database",
                session.database,
            ])
            #expect(created.status == 0, "\(created.errors)")
        }
        var ids: [String: String] = [:]
        for (name, role, extra) in [
            ("Fenna", "facilitator", ["--region", "Twente"]), ("Frank", "facilitator", ["--region", "Twente"]),
            ("Gerrit", "gatekeeper", []), ("Gijs", "gatekeeper", ["--org", "Zorggroep Twente"]),
        ] {
            let created = try await CommandRunner.run(
                [
                    "people", "create", "--name", name, "--email", "\(name.lowercased())@example.nl", "--role", role,
                    "--json", "--database", session.database,
                ] + extra)
            #expect(created.status == 0, "\(created.errors)")
            let person = try JSONSerialization.jsonObject(with: Data(created.output.utf8)) as? [String: Any]
            ids[name] = person?["id"] as? String
        }
        return ids
    }

    static func submit(_ session: Session, _ extra: [String] = []) async throws -> CommandResult {
        try await session.run(
            [
                "ideas", "submit", "--region", "Twente", "--field", "title=Regionale stagedesk", "--field",
                "summary=" + String(repeating: "Een loket voor stageplaatsen in de regio. ", count: 3), "--field",
                "theme=onderwijsvernieuwing", "--json",
            ] + extra, as: practice)
    }

    @Test("submit --co-org: the owner by region and the co-submitting organisations; ideas owner changes the owner")
    func owner() async throws {
        let session = try Session()
        let ids = try await Self.register(session)
        let submitted = try await Self.submit(session, ["--co-org", "zorggroep twente"])
        #expect(submitted.status == 0, "\(submitted.errors)")
        let idea = try #require(try JSONSerialization.jsonObject(with: Data(submitted.output.utf8)) as? [String: Any])
        let id = try #require(idea["id"] as? String)
        #expect((idea["owner"] as? [String: Any])?["name"] as? String == "Fenna")
        #expect(idea["coSubmitters"] as? [String] == ["Zorggroep Twente"])

        let changed = try await session.run(["ideas", "owner", id, "--person", "frank@example.nl"])
        #expect(changed.status == 0, "\(changed.errors)")
        #expect(changed.output.contains("idea.owner_assigned: \(id)"))
        #expect(changed.output.contains("owner         Frank (\(ids["Frank"]!))"))
        #expect(changed.output.contains("together with Zorggroep Twente"))
        let again = try await session.run(["ideas", "owner", id, "--person", ids["Frank"]!])
        #expect(again.status == 0)
        #expect(again.output.contains("nothing changed: \(id)"))

        for (arguments, who, status, words) in [
            (["--person", "per_nobody"], ["--actor", "fenna", "--role", "facilitator"], 1, "no person 'per_nobody'"),
            (["--person", ids["Gerrit"]!], ["--actor", "fenna", "--role", "facilitator"], 1, "is not a facilitator"),
            (["--person", ids["Fenna"]!], Self.practice, 1, "only facilitators assign an idea's owner"),
            (
                ["--person", ids["Fenna"]!, "--expect-version", "1"], ["--actor", "fenna", "--role", "facilitator"], 4,
                "it changed meanwhile"
            ),
            ([], ["--actor", "fenna", "--role", "facilitator"], 2, "--person"),
        ] as [([String], [String], Int32, String)] {
            let refused = try await session.run(["ideas", "owner", id] + arguments, as: who)
            #expect(refused.status == status, "\(arguments): \(refused.errors)")
            #expect(refused.errors.contains(words), "\(arguments): \(refused.errors)")
        }
        #expect(try await session.run(["ideas", "owner", "nope", "--person", ids["Fenna"]!]).status == 3)
        let json = try await session.run(["ideas", "owner", id, "--person", "per_nobody", "--json"])
        #expect(json.output.contains("\"error\" : \"invalid_input\""))
        let history = try await session.run(["history", id])
        #expect(history.output.contains("idea.owner_assigned  by pipeline (system)  to Fenna (\(ids["Fenna"]!))"))
        #expect(history.output.contains("to Frank (\(ids["Frank"]!))  instead of Fenna (\(ids["Fenna"]!))"))
    }

    @Test("co-organisations: the whole list or --none; the submitting one and unknown ones are refused")
    func coOrganisations() async throws {
        let session = try Session()
        _ = try await Self.register(session)
        let submitted = try await Self.submit(session)
        let idea = try JSONSerialization.jsonObject(with: Data(submitted.output.utf8)) as? [String: Any]
        let id = try #require(idea?["id"] as? String)
        let named = try await session.run(
            ["ideas", "co-organisations", id, "--co-org", "Zorggroep Twente"], as: Self.practice)
        #expect(named.status == 0, "\(named.errors)")
        #expect(named.output.contains("idea.co_submitters_set: \(id)"))
        for (arguments, status, words) in [
            (["--co-org", "HAP De Linde"], 1, "HAP De Linde submitted this idea"),
            (["--co-org", "Zorggroep Nergens"], 1, "'Zorggroep Nergens' is not an organisation of the register"),
            ([], 2, "give --co-org NAME"),
            (["--none", "--co-org", "Zorggroep Twente"], 2, "--none names no organisation"),
        ] as [([String], Int32, String)] {
            let refused = try await session.run(["ideas", "co-organisations", id] + arguments, as: Self.practice)
            #expect(refused.status == status, "\(arguments): \(refused.errors)")
            #expect(refused.errors.contains(words), "\(arguments): \(refused.errors)")
        }
        let byGatekeeper = try await session.run(
            ["ideas", "co-organisations", id, "--co-org", "Zorggroep Twente"], as: Self.gatekeeper)
        #expect(byGatekeeper.status == 1)
        let cleared = try await session.run(["ideas", "co-organisations", id, "--none", "--json"])
        #expect(cleared.status == 0)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(cleared.output.utf8)) as? [String: Any])
        #expect(json["coSubmitters"] as? [String] == [])
    }

    @Test("gatekeepers: assigned to the business case's gate; a recused one is refused, naming why")
    func gatekeepers() async throws {
        let session = try Session()
        let ids = try await Self.register(session)
        let submitted = try await Self.submit(session, ["--co-org", "Zorggroep Twente"])
        let idea = try JSONSerialization.jsonObject(with: Data(submitted.output.utf8)) as? [String: Any]
        let id = try #require(idea?["id"] as? String)
        _ = try await session.run(
            ["ideas", "update", id, "--field", "problem=Te weinig stageplaatsen", "--field", "partners=mbo,hbo"],
            as: Self.practice)
        #expect(try await session.run(["approve", id]).status == 0)
        #expect(try await session.run(["decide", id, "go"]).status == 0)

        let assigned = try await session.run(
            ["ideas", "gatekeepers", id, "--person", "gerrit@example.nl", "--person", ids["Fenna"]!])
        #expect(assigned.status == 0, "\(assigned.errors)")
        #expect(assigned.output.contains("idea.gatekeepers_assigned: \(id)"))
        #expect(assigned.output.contains("gatekeepers   Gerrit (\(ids["Gerrit"]!)), Fenna (\(ids["Fenna"]!))"))
        let recused = try await session.run(["ideas", "gatekeepers", id, "--person", ids["Gijs"]!])
        #expect(recused.status == 1)
        #expect(
            recused.errors.contains(
                "Gijs (\(ids["Gijs"]!)) belongs to Zorggroep Twente, which co-submitted this idea, and so is not assigned to gate 'business_case_review' (recusal)"
            ), "\(recused.errors)")
        let byGatekeeper = try await session.run(
            ["ideas", "gatekeepers", id, "--person", ids["Gerrit"]!], as: Self.gatekeeper)
        #expect(byGatekeeper.status == 1)
        #expect(byGatekeeper.errors.contains("only facilitators assign gatekeepers"))
        #expect(try await session.run(["ideas", "gatekeepers", id]).status == 2)
        let cleared = try await session.run(["ideas", "gatekeepers", id, "--none"])
        #expect(cleared.status == 0)
        #expect(!cleared.output.contains("gatekeepers   "))
    }
}
