import Foundation
import PipelineCore
import PipelineStore
import PipelineStorePostgres
import PipelineStoreSQLite
import PipelineTestSupport
import Testing

/// `pipeline migrate plan` and `apply` through the real executable, on a real SQLite file and a
/// real PostgreSQL database: version 1 of the bundled main workflow to the version 2 of
/// `docs/examples/primary-care-innovation-v2.yml`.
@Suite("pipeline migrate: plan and apply", .serialized)
struct MigrateCommandTests {
    enum Kind: String, CaseIterable, CustomTestStringConvertible {
        case sqlite, postgres
        var testDescription: String { rawValue }
        static var available: [Kind] { allCases.filter { $0 == .sqlite || TestPostgres.url != nil } }
    }

    /// A database of one kind and a folder of workflow files, the bundled ones to begin with.
    final class Setup: @unchecked Sendable {
        let kind: Kind
        let folder: URL
        let workflows: URL
        let database: String

        init(_ kind: Kind) throws {
            self.kind = kind
            folder = try CommandRunner.temporaryFolder()
            workflows = folder.appendingPathComponent("workflows")
            try FileManager.default.createDirectory(at: workflows, withIntermediateDirectories: true)
            for name in BundledWorkflows.files {
                try FileManager.default.copyItem(
                    at: TestPaths.workflows.appendingPathComponent(name), to: workflows.appendingPathComponent(name))
            }
            database =
                kind == .sqlite
                ? folder.appendingPathComponent("pipeline.sqlite").path : try TestPostgres.createDatabase()
        }

        deinit {
            if kind == .postgres { TestPostgres.dropDatabase(database) }
            try? FileManager.default.removeItem(at: folder)
        }

        var main: URL { workflows.appendingPathComponent("primary-care-innovation.yml") }

        func run(_ arguments: [String], environment: [String: String] = [:]) async throws -> CommandResult {
            try await CommandRunner.run(
                arguments + ["--database", database, "--workflows", workflows.path], environment: environment)
        }

        /// Puts version 2 of the main workflow in place of version 1, with `replacements` made.
        func useVersion2(_ replacements: [(String, String)] = []) throws {
            var text = try String(contentsOf: BundledWorkflows.version2Example, encoding: .utf8)
            for (old, new) in replacements { text = text.replacingOccurrences(of: old, with: new) }
            try text.write(to: main, atomically: true, encoding: .utf8)
        }

        /// What the database holds, to the byte: the SQLite file and its write-ahead log, or an md5
        /// over every row of every table of the PostgreSQL database, in order.
        func checksum() throws -> String {
            switch kind {
            case .sqlite:
                // The file and its write-ahead log (the -shm index is rebuilt from them by readers).
                return try ["", "-wal"].map { suffix in
                    let path = database + suffix
                    guard FileManager.default.fileExists(atPath: path) else { return "\(suffix): none" }
                    return "\(suffix): " + (try Data(contentsOf: URL(fileURLWithPath: path))).base64EncodedString()
                }.joined(separator: "; ")
            case .postgres:
                return try TestPostgres.query(
                    """
                    SELECT string_agg(tablename || ':' || (xpath('/row/m/text()', query_to_xml(format(
                        'SELECT md5(coalesce(string_agg(t::text, E''\\n'' ORDER BY t::text), '''')) AS m FROM %I t',
                        tablename), false, true, '')))[1]::text, ',' ORDER BY tablename)
                    FROM pg_tables WHERE schemaname = 'public'
                    """, database: database)
            }
        }

        /// Runs `body` on the database, opened in this process.
        func withStore<T: Sendable>(_ body: (any Store) async throws -> T) async throws -> T {
            switch kind {
            case .sqlite:
                let store = try SQLiteStore(path: database)
                do {
                    let result = try await body(store)
                    try await store.close()
                    return result
                } catch {
                    try? await store.close()
                    throw error
                }
            case .postgres:
                return try await PostgresStore.withStore(url: database) { try await body($0) }
            }
        }
    }

    static let facilitator = ["--actor", "fenna", "--role", "facilitator"]
    static let admin = ["--actor", "ahmed", "--role", "admin"]
    static let practice = ["--actor", "anna", "--role", "submitter", "--org", "HAP De Linde"]
    static let gatekeepers = ["gerrit", "greet", "gijs"].map { ["--actor", $0, "--role", "gatekeeper"] }
    static let summary = String(repeating: "Een gedeelde pool van triagisten voor drie praktijken. ", count: 3)

    /// Submits an idea and takes it through the proposal; in the business case, fills it and
    /// has it approved and reviewed (its gate holds); with `toPilot`, goes on to the pilot.
    static func idea(_ setup: Setup, title: String, businessCase: Bool, toPilot: Bool = false) async throws -> String {
        let submitted = try await setup.run(
            [
                "ideas", "submit", "--region", "Twente", "--field", "title=\(title)", "--field", "summary=\(summary)",
                "--field", "theme=anders_besturen", "--field", "expected_fte_saved=2.5", "--json",
            ] + practice)
        #expect(submitted.status == 0, "\(submitted.errors)")
        let object = try JSONSerialization.jsonObject(with: Data(submitted.output.utf8)) as? [String: Any]
        let id = try #require(object?["id"] as? String)
        guard businessCase else { return id }
        func ok(_ arguments: [String]) async throws {
            let result = try await setup.run(arguments)
            #expect(result.status == 0, "\(arguments): \(result.errors)")
        }
        try await ok(
            ["ideas", "update", id, "--field", "problem=Te weinig triagisten", "--field", "partners=hagro"] + practice)
        try await ok(["approve", id] + facilitator)
        try await ok(["decide", id, "go"] + facilitator)
        try await ok(
            [
                "ideas", "update", id, "--field", "cost_eur=85000", "--field", "funding=eigen_middelen", "--field",
                "business_case_url=https://example.org/bc.pdf", "--field", "privacy_checked=true", "--field",
                "pilot_start=2030-02-01",
            ] + practice)
        try await ok(["approve", id] + facilitator)
        for gatekeeper in gatekeepers {
            try await ok(
                [
                    "review", id, "--score", "impact=4", "--score", "feasibility=4", "--score", "scalability=4",
                    "--score", "value=4", "--comment", "Goed",
                ] + gatekeeper)
        }
        if toPilot { try await ok(["decide", id, "go"] + facilitator) }
        return id
    }

    @Test(
        "a plan writes nothing, to the byte; a plan to the version the ideas run on says nothing changes",
        arguments: Kind.available)
    func planWritesNothing(kind: Kind) async throws {
        let setup = try Setup(kind)
        let demo = try await setup.run(["demo"])
        #expect(demo.status == 0, "\(demo.errors)")

        let current = try await setup.run(["migrate", "plan", "primary-care-innovation", "--to", "1"])
        #expect(current.status == 0, "\(current.errors)")
        #expect(current.output == "nothing changes: 30 ideas of primary-care-innovation are on version 1 already\n")

        try setup.useVersion2()
        let before = try setup.checksum()
        let plan = try await setup.run(["migrate", "plan", "primary-care-innovation", "--to", "2"])
        #expect(plan.status == 0, "\(plan.errors)")
        #expect(plan.output.hasPrefix("Plan: primary-care-innovation to version 2 (a dry run; nothing is written)\n"))
        #expect(plan.output.contains("  stage    pilot → pilot_run\n"))
        #expect(plan.output.contains("privacy_checked → avg_checked (true); drops expected_fte_saved ("))
        #expect(plan.output.contains("→ waits for: expected_hours_saved; "))
        #expect(plan.output.contains("\n30 ideas move to version 2.\nNothing was written."))
        let json = try await setup.run(["migrate", "plan", "primary-care-innovation", "--to", "2", "--json"])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.output.utf8)) as? [String: Any])
        let ideas = try #require(object["ideas"] as? [[String: Any]])
        #expect(ideas.count == 30 && object["changes"] as? Bool == true)
        #expect(ideas.allSatisfy { $0["to_stage"] is String && $0["refused"] == nil })
        #expect(Set(ideas.compactMap { $0["to_stage"] as? String }).isSuperset(of: ["pilot_run", "business_case"]))
        #expect(try setup.checksum() == before, "the plan changed the database")

        // Implementations follow their own workflow: planned when it is named.
        let implementations = try await setup.run(["migrate", "plan", "regional-implementation", "--to", "1"])
        #expect(implementations.output.contains("27 implementations of regional-implementation are on version 1"))
        let unknown = try await setup.run(["migrate", "plan", "primary-care-innovation", "--to", "7"])
        #expect(unknown.status == 3)
        #expect(
            unknown.errors.contains("primary-care-innovation version 7 (its versions are 1, 2)"), "\(unknown.errors)")
        #expect(try setup.checksum() == before)
    }

    @Test("apply: idea.migrated in the history and the outbox, the gate on version 2; a refused idea keeps its version")
    func apply() async throws {
        let setup = try Setup(.sqlite)
        let held = try await Self.idea(setup, title: "Gedeelde triagistenpool", businessCase: true)
        let pilot = try await Self.idea(setup, title: "Beeldbellen", businessCase: true, toPilot: true)
        let fresh = try await Self.idea(setup, title: "Zij-instroom", businessCase: false)
        let hook = try await setup.run(["webhooks", "create", "--url", "https://example.org/hook"])
        let webhook = try #require(hook.output.firstMatch(of: /webhook (whk_\w+)/).map { String($0.1) })

        // Rules that forget the pilot: the idea in its pilot is refused, saying why; the others move.
        try setup.useVersion2([("stages: {pilot: pilot_run}", "stages: {}")])
        let plan = try await setup.run(["migrate", "plan", "primary-care-innovation", "--to", "2"])
        #expect(plan.status == 0, "\(plan.errors)")
        #expect(plan.output.contains("  gate     business_case_review: holds → waits for: expected_hours_saved\n"))
        let reason =
            "stage 'pilot' is not in version 2, and migrate from 1 does not say where its ideas go: add it to stages: "
            + "{pilot: NEW}"
        #expect(plan.output.contains("\(pilot)  Beeldbellen  (version 1, pilot, active)\n  refused  \(reason)\n"))
        #expect(plan.output.contains("2 ideas move to version 2, 1 refused."))

        let facilitator = try await setup.run(
            ["migrate", "apply", "primary-care-innovation", "--to", "2"] + Self.facilitator)
        #expect(facilitator.status == 1)
        #expect(facilitator.errors.contains("only admins move ideas to another version of their workflow"))
        let refused = try await setup.run(["migrate", "apply", "primary-care-innovation", "--to", "2"] + Self.admin)
        #expect(refused.status == 1)
        #expect(refused.output.contains("refused \(pilot): \(reason)\n"))
        #expect(refused.output.contains("primary-care-innovation: 2 ideas moved to version 2, 1 refused"))
        let untouched = try await setup.run(["history", pilot] + Self.facilitator)
        #expect(!untouched.output.contains("idea.migrated"))
        #expect(try await setup.run(["ideas", "show", pilot] + Self.facilitator).output.contains("version 1\n"))

        // The history and the gate of a moved idea: version 2's rules.
        let history = try await setup.run(["history", held] + Self.facilitator)
        #expect(
            history.output.contains(
                "idea.migrated  by ahmed (admin)  v1 → v2, in business_case  privacy_checked → avg_checked  "
                    + "dropped expected_fte_saved"), "\(history.output)")
        let gate = try await setup.run(["gate", held] + Self.facilitator)
        #expect(gate.output.contains("✗ expected_hours_saved is missing"), "\(gate.output)")
        let go = try await setup.run(["decide", held, "go"] + Self.facilitator)
        #expect(go.status == 1, "version 2's gate does not hold")
        #expect(
            try await setup.run(["ideas", "update", held, "--field", "expected_hours_saved=12"] + Self.practice).status
                == 0)
        #expect(try await setup.run(["decide", held, "go"] + Self.facilitator).output.contains("pilot_preparation"))

        // The file fixed: a second run moves the rest, and no idea twice.
        try setup.useVersion2()
        let rest = try await setup.run(["migrate", "apply", "primary-care-innovation", "--to", "2"] + Self.admin)
        #expect(rest.status == 0, "\(rest.errors)")
        #expect(rest.output == "primary-care-innovation: 1 idea moved to version 2, 2 on version 2 already\n")
        #expect(
            try await setup.run(["history", pilot] + Self.facilitator).output.contains("v1 → v2, pilot → pilot_run"))
        let deliveries = try await setup.run(["webhooks", "deliveries", webhook, "--type", "idea.migrated"])
        for id in [held, pilot, fresh] {
            #expect(
                deliveries.output.split(separator: "\n").filter { $0.contains(id) }.count == 1, "\(deliveries.output)")
        }
        let current = try await setup.run(["migrate", "plan", "primary-care-innovation", "--to", "2"])
        #expect(current.status == 0)
        #expect(current.output == "nothing changes: 3 ideas of primary-care-innovation are on version 2 already\n")
    }

    @Test(
        "a crash in the middle of apply: a second run finishes, and every idea moved exactly once",
        arguments: Kind.available)
    func crashInTheMiddle(kind: Kind) async throws {
        let setup = try Setup(kind)
        #expect(try await setup.run(["demo"]).status == 0)
        try setup.useVersion2()
        let crashed = try await setup.run(
            ["migrate", "apply", "primary-care-innovation", "--to", "2", "--batch-size", "4"] + Self.admin,
            environment: ["PIPELINE_TEST_MIGRATE_CRASH_AFTER": "11"])
        #expect(crashed.status == SIGKILL, "killed in the middle: \(crashed.errors)")
        #expect(crashed.errors.contains("batch 2: 8 moved"), "\(crashed.errors)")
        let counts = try await setup.withStore { try await $0.ideaCounts(workflowID: "primary-care-innovation") }
        #expect(counts == [1: 19, 2: 11], "each idea all or nothing: \(counts)")

        let rerun = try await setup.run(["migrate", "apply", "primary-care-innovation", "--to", "2"] + Self.admin)
        #expect(rerun.status == 0, "\(rerun.errors)")
        #expect(rerun.output == "primary-care-innovation: 19 ideas moved to version 2, 11 on version 2 already\n")
        try await setup.withStore { store in
            #expect(try await store.ideaCounts(workflowID: "primary-care-innovation") == [2: 30])
            let ideas = try await store.ideas(IdeaQuery(workflowID: "primary-care-innovation", limit: 100)).ideas
            #expect(ideas.count == 30)
            for idea in ideas {
                let migrated = try await store.history(of: idea.id).filter { $0.event.type == "idea.migrated" }
                #expect(migrated.count == 1, "\(idea.id) moved \(migrated.count) times")
            }
        }

        // The regions' implementations follow their own workflow, moved when it is named.
        let implementation = setup.workflows.appendingPathComponent("regional-implementation.yml")
        let text = try String(contentsOf: implementation, encoding: .utf8)
        try text.replacingOccurrences(of: "\nversion: 1\n", with: "\nversion: 2\nmigrate:\n  - from: 1\n")
            .write(to: implementation, atomically: true, encoding: .utf8)
        let moved = try await setup.run(["migrate", "apply", "regional-implementation", "--to", "2"] + Self.admin)
        #expect(moved.output == "regional-implementation: 27 implementations moved to version 2\n", "\(moved.errors)")
        try await setup.withStore { store in
            let records = try await store.ideas(
                IdeaQuery(workflowID: "regional-implementation", records: .implementations(parent: nil), limit: 100))
            #expect(records.ideas.count == 27 && records.ideas.allSatisfy { $0.workflowVersion == 2 })
            let first = try #require(records.ideas.first)
            #expect(try await store.history(of: first.id).last?.event.type == "implementation.migrated")
        }
    }

    @Test("a migrate: mistake is shown at its line and column, and nothing runs")
    func invalidRules() async throws {
        let setup = try Setup(.sqlite)
        try setup.useVersion2([("stages: {pilot: pilot_run}", "stages: {pilot: pilot_runs}")])
        let validate = try await CommandRunner.run(["validate", setup.main.path])
        #expect(validate.status == 1)
        let line = try #require(
            try String(contentsOf: setup.main, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false)
                .firstIndex { $0.contains("pilot_runs") }.map { $0 + 1 })
        #expect(
            validate.output.contains(
                "\(setup.main.path):\(line):21: error: unknown stage 'pilot_runs' (did you mean 'pilot_run'?)")
                || validate.errors.contains("\(setup.main.path):\(line):21: error: unknown stage 'pilot_runs'"),
            "\(validate.output)\(validate.errors)")
        let plan = try await setup.run(["migrate", "plan", "primary-care-innovation", "--to", "2"])
        #expect(plan.status == 1)
        #expect(plan.errors.contains("the workflow files are invalid"))

        // A dry run makes no database either.
        try setup.useVersion2()
        let missing = try await setup.run(["migrate", "plan", "primary-care-innovation", "--to", "2"])
        #expect(missing.status == 3)
        #expect(missing.errors.contains("there is no database at \(setup.database)"))
        #expect(!FileManager.default.fileExists(atPath: setup.database))
    }
}

extension TestPostgres {
    /// The one value a query answers, through `psql`.
    static func query(_ sql: String, database: String) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["psql", database, "-v", "ON_ERROR_STOP=1", "-AtXqc", sql]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw TestFailure("psql failed: \(sql)") }
        return String(decoding: data, as: UTF8.self)
    }
}
