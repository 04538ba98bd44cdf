import ArgumentParser
import Foundation
import PipelineCore
import PipelineServer
import PipelineStore

struct MigrateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "migrate",
        abstract: "Move a workflow's ideas on older versions to a newer one, by its migrate: rules.",
        discussion: """
            plan is a dry run that writes nothing; apply moves the ideas, one idea.migrated event each \
            (admins only). See docs/workflows.md, "Moving ideas to a new version".
            """,
        subcommands: [MigratePlan.self, MigrateApply.self]
    )
}

/// What both subcommands are given.
struct MigrateOptions: ParsableArguments {
    @OptionGroup var store: StoreOptions
    @Argument(help: "The workflow's id.") var workflow: String
    @Option(help: "The version to move the ideas to.") var to: Int
    @Flag(help: "Print the result as JSON.") var json = false

    func validate() throws {
        guard to >= 1 else { throw ValidationError("--to takes a version, 1 or more, not \(to)") }
    }
}

struct MigratePlan: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plan",
        abstract:
            "A dry run: where each idea on an older version would land, which fields change, its gate before and after.",
        discussion: """
            Nothing is written: not the ideas, nor the new version into the database's archive of \
            versions. Exit status 0 also when nothing would change; 3 for an unknown workflow or version, \
            or a SQLite file that does not exist.
            """)

    @OptionGroup var options: MigrateOptions

    func run() async throws {
        try options.store.workflowFiles()  // invalid files first, as every command
        let location = options.store.databasePath
        if !StoreOptions.isPostgres(location),
            !FileManager.default.fileExists(atPath: StoreOptions.sqlitePath(location))
        {
            // A dry run makes no database either.
            Output.error("there is no database at \(location): no ideas to plan for")
            throw ExitCode.notFound
        }
        try await options.store.withStore(readOnly: true) { _, handler in
            let plan = try await perform(json: options.json) { () async throws(CommandFailure) in
                try await handler.migrationPlan(workflowID: options.workflow, to: options.to)
            }
            if options.json {
                Output.json(MigrationJSON(plan))
            } else {
                print(MigrationText.plan(plan, library: handler.library))
            }
        }
    }
}

struct MigrateApply: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "apply",
        abstract: "Move every idea on an older version to the version, one idea.migrated event each (admins).",
        discussion: """
            Each idea moves in its own transaction, a batch of records at a time: all of its changes or \
            none. An idea already on the version is skipped, so a run that stopped half-way is finished \
            by running it again. An idea that cannot move is refused with the reason and nothing is \
            written for it; the others move. Exit status 1 when any idea was refused.
            """)

    @OptionGroup var options: MigrateOptions
    @OptionGroup var actor: ActorOptions
    @Option(help: "How many records each batch reads, 1 to 500.") var batchSize = 100

    func validate() throws {
        guard (1...IdeaQuery.maximumLimit).contains(batchSize) else {
            throw ValidationError("--batch-size takes 1 to \(IdeaQuery.maximumLimit), not \(batchSize)")
        }
    }

    func run() async throws {
        // A test hook: the process dies (SIGKILL) once this many ideas have moved, as in a crash.
        let crashAfter = Int(ProcessInfo.processInfo.environment["PIPELINE_TEST_MIGRATE_CRASH_AFTER"] ?? "")
        let counter = MigratedCounter()
        let json = options.json
        try await options.store.withStore { _, handler in
            let report = try await perform(json: json) { () async throws(CommandFailure) in
                try await handler.applyMigration(
                    workflowID: options.workflow, to: options.to, actor: actor.value, batchSize: batchSize,
                    progress: { batch, report in
                        guard !json else { return }
                        Output.error(
                            "batch \(batch): \(report.migrated.count) moved, \(report.refused.count) refused so far")
                    },
                    migrated: { _ in
                        if let crashAfter, counter.increment() >= crashAfter { kill(getpid(), SIGKILL) }
                    })
            }
            if json {
                Output.json(MigrationJSON.Applied(report, workflow: options.workflow, version: options.to))
            } else {
                let target = handler.library.workflow(options.workflow, version: options.to)
                print(
                    target.map { MigrationText.applied(report, workflow: $0) }
                        ?? "\(report.migrated.count) moved, \(report.refused.count) refused")
            }
            if !report.refused.isEmpty { throw ExitCode.invalid }
        }
    }
}

/// Counts the ideas moved, for the crash hook.
final class MigratedCounter: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0

    func increment() -> Int {
        lock.withLock {
            count += 1
            return count
        }
    }
}

/// The plan and the report in words.
enum MigrationText {
    static func plan(_ plan: MigrationPlan, library: WorkflowLibrary) -> String {
        let target = plan.target
        let name = "\(target.id)"
        let noun = target.kind == .implementation ? "implementation" : "idea"
        guard !plan.entries.isEmpty else {
            var text = "nothing changes: "
            text +=
                plan.current == 0
                ? "\(name) has no \(noun)s on a version before \(target.version)"
                : "\(count(plan.current, noun)) of \(name) \(plan.current == 1 ? "is" : "are") on version \(target.version) already"
            if plan.newer > 0 {
                text += "; \(count(plan.newer, noun)) on newer versions stay (a migration only goes up)"
            }
            return text
        }
        var lines = ["Plan: \(name) to version \(target.version) (a dry run; nothing is written)"]
        for version in plan.versionProblems.keys.sorted() {
            lines.append("")
            lines.append("\(noun.capitalized)s on version \(version) cannot move:")
            lines += plan.versionProblems[version]!.map { "  - \($0)" }
        }
        let blocked = Set(plan.versionProblems.keys)
        for entry in plan.entries where !blocked.contains(entry.idea.workflowVersion) {
            lines.append("")
            lines += describe(entry, target: target, library: library)
        }
        lines.append("")
        var summary =
            "\(count(plan.moving.count, noun)) \(plan.moving.count == 1 ? "moves" : "move") to version \(target.version)"
        if !plan.refused.isEmpty { summary += ", \(plan.refused.count) refused" }
        if plan.current > 0 { summary += ", \(plan.current) on version \(target.version) already" }
        if plan.newer > 0 { summary += ", \(plan.newer) on newer versions stay" }
        lines.append(summary + ".")
        lines.append(
            plan.moving.isEmpty
                ? "Nothing was written."
                : "Nothing was written. To move them: pipeline migrate apply \(name) --to \(target.version) "
                    + "--actor NAME --role admin")
        return lines.joined(separator: "\n")
    }

    private static func describe(_ entry: MigrationPlan.Entry, target: Workflow, library: WorkflowLibrary)
        -> [String]
    {
        let idea = entry.idea
        var lines = [
            "\(idea.id)  \(idea.title ?? "(no title)")  (version \(idea.workflowVersion), \(idea.stage), \(idea.status.words))"
        ]
        guard case .migrated(_, _, let from, let to, let renamed, let dropped)? = entry.change, let after = entry.after
        else {
            lines.append("  refused  \(entry.refusal ?? "")")
            return lines
        }
        lines.append("  stage    " + (from == to ? "\(to), unchanged" : "\(from) → \(to)"))
        var fields = renamed.keys.sorted().map {
            "\($0) → \(renamed[$0]!) (\(idea.fields[$0].map(\.description) ?? ""))"
        }
        fields += dropped.map { "drops \($0) (\(idea.fields[$0].map(\.description) ?? ""))" }
        lines.append("  fields   " + (fields.isEmpty ? "unchanged" : fields.joined(separator: "; ")))
        if !after.isClosed {
            let before = gate(entry.gateBefore)
            let now = gate(entry.gateAfter)
            if entry.gateBefore?.gate == entry.gateAfter?.gate, let id = entry.gateAfter?.gate {
                lines.append("  gate     \(id): " + (before == now ? "unchanged, \(now)" : "\(before) → \(now)"))
            } else {
                lines.append(
                    "  gate     \(entry.gateBefore.map { "\($0.gate): " } ?? "")\(before) → "
                        + "\(entry.gateAfter.map { "\($0.gate): " } ?? "")\(now)")
            }
        }
        return lines
    }

    /// "holds", "waits for: expected_hours_saved; facilitator approval (0 of 1)", or "no gate".
    static func gate(_ evaluation: GateEvaluation?) -> String {
        guard let evaluation else { return "no gate" }
        if evaluation.holds { return "holds" }
        return "waits for: " + evaluation.failures.map(waitingFor).joined(separator: "; ")
    }

    static func waitingFor(_ check: GateCheck) -> String {
        switch check.detail {
        case .deliverable, .rule: return check.subject
        case .approvals(let have, let need):
            return "\(check.subject) approval\(need == 1 ? "" : "s") (\(have) of \(need))"
        case .scorecard(let reviews, let minReviews, let average, let passMark):
            if reviews < minReviews { return "\(check.subject) reviews (\(reviews) of \(minReviews))" }
            return
                "\(check.subject) reviews (average \(Value.format(average ?? 0)), pass mark \(Value.format(passMark)))"
        case .condition(let number, _, _, _): return "condition \(number)"
        }
    }

    static func applied(_ report: MigrationReport, workflow: Workflow) -> String {
        let noun = workflow.kind == .implementation ? "implementation" : "idea"
        let version = workflow.version
        // Ideas refused for one reason (rules that do not cover their version) are listed once.
        var reasons: [String] = []
        var ideas: [String: [String]] = [:]
        for refusal in report.refused {
            if ideas[refusal.reason] == nil { reasons.append(refusal.reason) }
            ideas[refusal.reason, default: []].append(refusal.idea)
        }
        var lines = reasons.map { reason in
            let refused = ideas[reason]!
            guard refused.count > 1 else { return "refused \(refused[0]): \(reason)" }
            let shown = refused.prefix(10).joined(separator: ", ") + (refused.count > 10 ? ", ..." : "")
            return "refused \(count(refused.count, noun)) (\(shown)): \(reason)"
        }
        var summary = "\(workflow.id): \(count(report.migrated.count, noun)) moved to version \(version)"
        if !report.refused.isEmpty { summary += ", \(report.refused.count) refused" }
        if report.current > 0 { summary += ", \(report.current) on version \(version) already" }
        lines.append(summary)
        return lines.joined(separator: "\n")
    }

    static func count(_ number: Int, _ noun: String) -> String { "\(number) \(noun)\(number == 1 ? "" : "s")" }
}

/// The plan and the report for programs.
struct MigrationJSON: Encodable {
    let workflow: String
    let toVersion: Int
    let changes: Bool
    let current: Int
    let newer: Int
    let problems: [Problem]
    let ideas: [IdeaPlan]

    struct Problem: Encodable {
        let fromVersion: Int
        let message: String
        enum CodingKeys: String, CodingKey {
            case message
            case fromVersion = "from_version"
        }
    }

    struct Gate: Encodable {
        let gate: String
        let holds: Bool
        let waitingFor: [String]
        enum CodingKeys: String, CodingKey {
            case gate, holds
            case waitingFor = "waiting_for"
        }

        init(_ evaluation: GateEvaluation) {
            gate = evaluation.gate
            holds = evaluation.holds
            waitingFor = evaluation.failures.map(MigrationText.waitingFor)
        }
    }

    struct IdeaPlan: Encodable {
        let id: String
        let implementation: Bool
        let title: String?
        let status: String
        let fromVersion: Int
        let fromStage: String
        let toStage: String?
        let renamedFields: [String: String]?
        let droppedFields: [String]?
        let gateBefore: Gate?
        let gateAfter: Gate?
        let refused: String?

        enum CodingKeys: String, CodingKey {
            case id, implementation, title, status, refused
            case fromVersion = "from_version"
            case fromStage = "from_stage"
            case toStage = "to_stage"
            case renamedFields = "renamed_fields"
            case droppedFields = "dropped_fields"
            case gateBefore = "gate_before"
            case gateAfter = "gate_after"
        }
    }

    enum CodingKeys: String, CodingKey {
        case workflow, changes, current, newer, problems, ideas
        case toVersion = "to_version"
    }

    init(_ plan: MigrationPlan) {
        workflow = plan.target.id
        toVersion = plan.target.version
        changes = !plan.entries.isEmpty
        current = plan.current
        newer = plan.newer
        problems = plan.versionProblems.keys.sorted().flatMap { version in
            plan.versionProblems[version]!.map { Problem(fromVersion: version, message: $0) }
        }
        ideas = plan.entries.map { entry in
            var toStage: String?
            var renamed: [String: String]?
            var dropped: [String]?
            if case .migrated(_, _, _, let to, let renamedFields, let droppedFields)? = entry.change {
                toStage = to
                renamed = renamedFields
                dropped = droppedFields
            }
            return IdeaPlan(
                id: entry.idea.id, implementation: entry.idea.isImplementation, title: entry.idea.title,
                status: entry.idea.status.rawValue, fromVersion: entry.idea.workflowVersion,
                fromStage: entry.idea.stage, toStage: toStage, renamedFields: renamed, droppedFields: dropped,
                gateBefore: entry.gateBefore.map(Gate.init), gateAfter: entry.gateAfter.map(Gate.init),
                refused: entry.refusal)
        }
    }

    struct Applied: Encodable {
        let workflow: String
        let toVersion: Int
        let migrated: [String]
        let refused: [RefusedIdea]
        let current: Int

        struct RefusedIdea: Encodable {
            let idea: String
            let reason: String
        }

        enum CodingKeys: String, CodingKey {
            case workflow, migrated, refused, current
            case toVersion = "to_version"
        }

        init(_ report: MigrationReport, workflow: String, version: Int) {
            self.workflow = workflow
            toVersion = version
            migrated = report.migrated
            refused = report.refused.map { RefusedIdea(idea: $0.idea, reason: $0.reason) }
            current = report.current
        }
    }
}
