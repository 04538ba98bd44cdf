import Foundation
import PipelineCore

/// What moving a workflow's ideas to one of its versions would do, idea by idea, decided by the
/// engine's own rules (``IdeaEngine/migration(of:from:to:)``) and written nowhere.
public struct MigrationPlan: Sendable {
    /// The version the ideas would move to.
    public let target: Workflow
    /// Per older version whose ideas wait, what holds all of them back (its `migrate:` rules are
    /// missing or incomplete); versions without problems are left out.
    public let versionProblems: [Int: [String]]
    /// Every idea (or implementation) on an older version, oldest submission first.
    public let entries: [Entry]
    /// How many are on the target version already.
    public let current: Int
    /// How many are on a newer version than the target: a migration goes up only, they stay.
    public let newer: Int

    /// One idea on an older version: where it would land and what its gate would say, or why it
    /// cannot move.
    public struct Entry: Sendable {
        /// The idea as it is, on its own version.
        public let idea: Idea
        /// `idea.migrated`'s change, when it can move.
        public let change: Event.Change?
        /// The idea as it would be on the target version.
        public let after: Idea?
        /// Why it cannot move.
        public let refusal: String?
        /// Its stage's gate on its version, and on the target's (`nil`: the stage has no gate).
        public let gateBefore: GateEvaluation?
        public let gateAfter: GateEvaluation?
    }

    /// The ideas that would move.
    public var moving: [Entry] { entries.filter { $0.change != nil } }
    /// The ideas that could not.
    public var refused: [Entry] { entries.filter { $0.refusal != nil } }
}

/// What `applyMigration` did: which ideas moved, which were refused and why.
public struct MigrationReport: Sendable {
    public var migrated: [String] = []
    public var refused: [(idea: String, reason: String)] = []
    /// Ideas on the target version already (also those another run moved before).
    public var current = 0
    public var batches = 0
}

extension CommandHandler {
    /// The version `version` of the workflow, from the files or the database's archive.
    public func migrationTarget(workflowID: String, version: Int) throws(CommandFailure) -> Workflow {
        guard let target = library.workflow(workflowID, version: version) else {
            let known = library.versions(of: workflowID).keys.sorted().map(String.init)
            if known.isEmpty { throw .unknownWorkflow(workflowID) }
            throw .unknownWorkflow(
                "\(workflowID) version \(version) (its versions are \(known.joined(separator: ", ")))")
        }
        return target
    }

    /// A dry run: for every idea of the workflow on an older version than `version` (its
    /// implementations, for an implementation workflow), the stage it would land in, the fields
    /// that change and its gate before and after, or why it cannot move. Reads only.
    public func migrationPlan(workflowID: String, to version: Int) async throws(CommandFailure) -> MigrationPlan {
        let target = try migrationTarget(workflowID: workflowID, version: version)
        // One set of workflows for the whole plan, also when a server reloads its files meanwhile.
        let library = self.library
        var entries: [MigrationPlan.Entry] = []
        var problems: [Int: [String]] = [:]
        var current = 0
        var newer = 0
        var cursor: String?
        repeat {
            let page = try await migrationPage(of: target, cursor: cursor)
            for listed in page.ideas {
                if listed.workflowVersion == target.version {
                    current += 1
                    continue
                }
                if listed.workflowVersion > target.version {
                    newer += 1
                    continue
                }
                guard let old = library.workflow(workflowID, version: listed.workflowVersion) else {
                    problems[listed.workflowVersion] = [
                        "version \(listed.workflowVersion) of \(workflowID) is neither in the workflow files nor in "
                            + "this database"
                    ]
                    entries.append(
                        MigrationPlan.Entry(
                            idea: listed, change: nil, after: nil,
                            refusal: "its version \(listed.workflowVersion) is unknown", gateBefore: nil,
                            gateAfter: nil))
                    continue
                }
                if problems[old.version] == nil {
                    let found = WorkflowMigration.problems(from: old, to: target)
                    if !found.isEmpty { problems[old.version] = found }
                }
                entries.append(try await planEntry(listed, from: old, to: target))
            }
            cursor = page.nextCursor
        } while cursor != nil
        return MigrationPlan(
            target: target, versionProblems: problems, entries: entries, current: current, newer: newer)
    }

    private func planEntry(_ listed: Idea, from old: Workflow, to target: Workflow) async throws(CommandFailure)
        -> MigrationPlan.Entry
    {
        var idea = listed
        idea.fields = old.normalized(idea.fields)
        idea.adoptions = try await rollup(of: idea, workflow: old)
        let before = old.gate(leaving: idea.stage).map { GateEvaluation.evaluate($0, idea: idea) }
        let change: Event.Change
        do {
            change = try IdeaEngine.migration(of: idea, from: old, to: target)
        } catch {
            return MigrationPlan.Entry(
                idea: idea, change: nil, after: nil, refusal: error.description, gateBefore: before, gateAfter: nil)
        }
        let event = Event(
            ideaID: idea.id, actor: .system, at: clock.now(), change: change, isImplementation: idea.isImplementation)
        guard var after = IdeaEngine.evolve(idea, event) else {
            return MigrationPlan.Entry(
                idea: idea, change: nil, after: nil, refusal: "it does not evolve", gateBefore: before, gateAfter: nil)
        }
        after.adoptions = try await rollup(of: after, workflow: target)
        let gateAfter = target.gate(leaving: after.stage).map { GateEvaluation.evaluate($0, idea: after) }
        return MigrationPlan.Entry(
            idea: idea, change: change, after: after, refusal: nil, gateBefore: before, gateAfter: gateAfter)
    }

    /// A page of the workflow's records, in the listing's stable order (oldest submission first).
    private func migrationPage(of workflow: Workflow, cursor: String?, limit: Int = 100) async throws(CommandFailure)
        -> IdeaPage
    {
        let records: IdeaQuery.Records = workflow.kind == .implementation ? .implementations(parent: nil) : .ideas
        let query = IdeaQuery(workflowID: workflow.id, records: records, limit: limit, cursor: cursor)
        return try await storeCall { () async throws(StoreError) in try await store.ideas(query) }
    }

    /// Moves one idea to `target` by its `migrate:` rules: `idea.migrated` commits with the idea's
    /// new version, stage and fields, its re-planned SLA ladder and its webhook messages, in one
    /// transaction, or nothing does. An idea on `target` already is left as it is (no events).
    /// Admins only.
    @discardableResult
    public func migrate(_ ideaID: String, to target: Workflow, actor: Actor, now: Date) async throws(CommandFailure)
        -> Outcome
    {
        var attempt = 0
        while true {
            attempt += 1
            let state = try await load(ideaID, actor: actor)
            do {
                let events = try decide(
                    .migrate(to: target), state: state.idea, workflow: state.workflow, actor: actor, now: now)
                // Timers, notices and an implementation's step follow the version it moves to.
                return try await commit(events, state: state.idea, workflow: target, receipt: nil)
            } catch .store(.conflict) where attempt <= conflictRetries {
                try? await Task.sleep(for: .microseconds(Int.random(in: 0...(200 * min(attempt, 10)))))
                continue
            }
        }
    }

    /// Moves every idea of the workflow on an older version than `version` to it, a batch of
    /// `batchSize` records at a time, each idea in its own transaction: all of an idea's changes
    /// or none. An idea already on `version` is skipped, so a run that stopped half-way (a crash)
    /// is finished by running it again, and no idea moves twice. An idea that cannot move is
    /// refused with the reason and nothing is written for it; the others move.
    ///
    /// `progress` hears of each batch (its number and what it did so far); `migrated` of each idea
    /// that moved, after its commit.
    public func applyMigration(
        workflowID: String, to version: Int, actor: Actor, batchSize: Int = 100,
        progress: @Sendable (Int, MigrationReport) -> Void = { _, _ in },
        migrated: @Sendable (String) -> Void = { _ in }
    ) async throws(CommandFailure) -> MigrationReport {
        let target = try migrationTarget(workflowID: workflowID, version: version)
        try refusing { () throws(CommandError) in try Access.requireCanMigrate(actor) }
        var report = MigrationReport()
        var cursor: String?
        repeat {
            let page = try await migrationPage(of: target, cursor: cursor, limit: batchSize)
            report.batches += 1
            for listed in page.ideas {
                if listed.workflowVersion >= target.version {
                    if listed.workflowVersion == target.version { report.current += 1 }
                    continue
                }
                do {
                    let outcome = try await migrate(listed.id, to: target, actor: actor, now: clock.now())
                    if outcome.events.isEmpty {
                        report.current += 1
                    } else {
                        report.migrated.append(listed.id)
                        migrated(listed.id)
                    }
                } catch .refused(let error) {
                    report.refused.append((listed.id, error.description))
                } catch .unknownWorkflow(let what) {
                    report.refused.append((listed.id, "its workflow \(what) is unknown"))
                }
            }
            progress(report.batches, report)
            cursor = page.nextCursor
        } while cursor != nil
        return report
    }
}
