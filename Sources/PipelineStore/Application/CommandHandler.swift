import Foundation
import PipelineCore

/// Runs one command end to end: loads the idea, lets the engine decide, and commits the events
/// with the version they were decided on. Knows nothing of HTTP or of the database behind `Store`.
///
/// This is the application layer: every edge (the API, the pages, the CLI, and the timer
/// service) runs its commands through it, so each rule is applied the same way everywhere. It
/// lives in PipelineStore because it needs nothing but the engine and the `Store` protocol, and
/// every edge already imports both.
///
/// ```swift
/// let handler = CommandHandler(store: store, library: library)
/// let outcome = try await handler.execute(.decide(.go), on: "k3f9x2m7qa", actor: facilitator, now: handler.clock.now())
/// ```
public struct CommandHandler: Sendable {
    public let store: any Store
    /// The workflows; a server that reloads its files replaces them on the shelf it shares with
    /// every handler it made.
    public let shelf: WorkflowShelf
    public var library: WorkflowLibrary { shelf.library }
    /// Where every edge takes `now` from for the commands it runs.
    public let clock: any WallClock
    /// How often a command is decided again when another command changed the idea meanwhile.
    /// Many at once on one idea (a busy discussion) is normal: each retry waits a little longer,
    /// at random, so the racing commands spread out instead of colliding again.
    public var conflictRetries = 32
    /// Called after every command that committed: the server wakes its delivery workers with it.
    public var didCommit: @Sendable () -> Void
    /// The labour-market regions an idea may be submitted in; any region when the list is empty.
    public var regions = RegionList([])

    public init(
        store: any Store, library: WorkflowLibrary, clock: any WallClock = SystemClock(),
        didCommit: @escaping @Sendable () -> Void = {}
    ) {
        self.init(store: store, shelf: WorkflowShelf(library), clock: clock, didCommit: didCommit)
    }

    public init(
        store: any Store, shelf: WorkflowShelf, clock: any WallClock = SystemClock(),
        didCommit: @escaping @Sendable () -> Void = {}
    ) {
        self.store = store
        self.shelf = shelf
        self.clock = clock
        self.didCommit = didCommit
    }

    /// What an accepted command did.
    public struct Outcome: Sendable {
        public let idea: Idea
        public let events: [Event]
    }

    /// Makes the idempotency record of an accepted command from its outcome, before it commits.
    public typealias Receipt = @Sendable (Outcome) -> IdempotencyRecord?

    /// Submits a new idea on the latest version of a workflow, with the organisations that
    /// co-submit it (registered ones, once the register has organisations), and gives it an
    /// owner: of the active facilitators who serve its region, the one who holds the fewest open
    /// ideas (``IntakeOwner``); nobody when none serves it. `idea.submitted`, then
    /// `idea.co_submitters_set` (when there are any) and `idea.owner_assigned` (by
    /// ``Actor/system``) commit together.
    @discardableResult
    public func submit(
        id: String, workflowID: String, organisation: String, region: String, fields: FieldValues,
        coSubmitters: [String] = [], actor: Actor, now: Date, receipt: Receipt? = nil
    ) async throws(CommandFailure) -> Outcome {
        guard let workflow = library.latest(workflowID) else { throw .unknownWorkflow(workflowID) }
        if let refusal = regions.refusal(region) { throw .refused(.invalidInput(refusal)) }
        let organisation = try await registeredOrganisation(organisation)
        let partners = try await registeredCoSubmitters(coSubmitters)
        var events = try decide(
            .submit(id: id, organisation: organisation, region: region, fields: fields), state: nil,
            workflow: workflow, actor: actor, now: now)
        var idea = events.reduce(nil) { IdeaEngine.evolve($0, $1) }
        if !partners.isEmpty {
            let named = try decide(.setCoSubmitters(partners), state: idea, workflow: workflow, actor: actor, now: now)
            events += named
            idea = named.reduce(idea) { IdeaEngine.evolve($0, $1) }
        }
        if let owner = try await intakeOwner(region: region) {
            events += try decide(.assignOwner(owner), state: idea, workflow: workflow, actor: .system, now: now)
        }
        return try await commit(events, state: nil, workflow: workflow, receipt: receipt)
    }

    /// Runs a command on an existing idea. With `expectedVersion`, a changed idea is a conflict;
    /// without, the command is decided again on the new state (a few times at most).
    @discardableResult
    public func execute(
        _ command: Command, on ideaID: String, actor: Actor, now: Date, expectedVersion: Int? = nil,
        receipt: Receipt? = nil, kind: RecordKind? = nil
    ) async throws(CommandFailure) -> Outcome {
        var attempt = 0
        while true {
            attempt += 1
            let state = try await load(ideaID, actor: actor, kind: kind)
            if let expectedVersion, state.idea.version != expectedVersion {
                throw .store(.conflict(idea: ideaID, expected: expectedVersion, actual: state.idea.version))
            }
            do {
                return try await run(
                    command, state: state.idea, workflow: state.workflow, actor: actor, now: now, receipt: receipt)
            } catch .store(.conflict) where expectedVersion == nil && attempt <= conflictRetries {
                try? await Task.sleep(for: .microseconds(Int.random(in: 0...(200 * min(attempt, 10)))))
                continue
            }
        }
    }

    /// Fires a due timer that a timer service claimed: the engine decides its effect as
    /// ``Actor/system`` at `now`, and the events commit with the timer marked fired, in one
    /// transaction. Returns the outcome, or `nil` when the timer had nothing left to do (it is
    /// cancelled) or was fired or cancelled meanwhile, by another instance or a person's command.
    @discardableResult
    public func fire(_ record: TimerRecord, now: Date) async throws(CommandFailure) -> Outcome? {
        var attempt = 0
        while true {
            attempt += 1
            let state: (idea: Idea, workflow: Workflow)
            do {
                state = try await load(record.ideaID, actor: .system)
            } catch .refused(.notFound) {
                try await storeCall { () async throws(StoreError) in
                    _ = try await store.cancelTimer(id: record.id, now: now)
                }
                return nil
            }
            do {
                let outcome = try await run(
                    .fire(record.timer), state: state.idea, workflow: state.workflow, actor: .system, now: now,
                    receipt: nil, firedTimer: record.id)
                if outcome.events.isEmpty {
                    try await storeCall { () async throws(StoreError) in
                        _ = try await store.cancelTimer(id: record.id, now: now)
                    }
                    return nil
                }
                return outcome
            } catch .store(.timerNotPending) {
                return nil
            } catch .store(.conflict) where attempt <= conflictRetries {
                try? await Task.sleep(for: .microseconds(Int.random(in: 0...(200 * min(attempt, 10)))))
                continue
            }
        }
    }

    /// The idea and its workflow, if the actor may see it (and it is of `kind`, when given), with
    /// its roll-up when regions adopt its workflow's ideas.
    public func load(_ ideaID: String, actor: Actor, kind: RecordKind? = nil) async throws(CommandFailure) -> (
        idea: Idea, workflow: Workflow
    ) {
        guard var idea = try await storeCall({ () async throws(StoreError) in try await store.idea(ideaID) }),
            kind == nil || idea.kind == kind
        else {
            throw .refused(.notFound(idea: ideaID))
        }
        guard let workflow = library.workflow(idea.workflowID, version: idea.workflowVersion) else {
            throw .unknownWorkflow("\(idea.workflowID) version \(idea.workflowVersion)")
        }
        guard Access.canView(idea, actor: actor, workflow: workflow) else { throw .refused(.notFound(idea: ideaID)) }
        idea.fields = workflow.normalized(idea.fields)
        idea.adoptions = try await rollup(of: idea, workflow: workflow)
        return (idea, workflow)
    }

    private func run(
        _ command: Command, state: Idea?, workflow: Workflow, actor: Actor, now: Date, receipt: Receipt?,
        firedTimer: Int64? = nil
    ) async throws(CommandFailure) -> Outcome {
        let events = try decide(command, state: state, workflow: workflow, actor: actor, now: now)
        return try await commit(events, state: state, workflow: workflow, receipt: receipt, firedTimer: firedTimer)
    }

    func decide(_ command: Command, state: Idea?, workflow: Workflow, actor: Actor, now: Date)
        throws(CommandFailure) -> [Event]
    {
        do {
            return try IdeaEngine.decide(command, state: state, workflow: workflow, actor: actor, now: now)
        } catch {
            throw .refused(error)
        }
    }

    /// Commits the events of one command (or of a submission and what follows it) on `state`.
    func commit(
        _ events: [Event], state: Idea?, workflow: Workflow, receipt: Receipt?, firedTimer: Int64? = nil
    ) async throws(CommandFailure) -> Outcome {
        guard !events.isEmpty, let ideaID = events.first?.ideaID else {
            guard let state else { throw .refused(.invalidInput(.nothingToDo)) }
            return Outcome(idea: state, events: [])
        }
        var next = state
        for event in events { next = IdeaEngine.evolve(next, event) }
        guard let next else { throw .refused(.invalidInput(.nothingToDo)) }
        let outcome = Outcome(idea: next, events: events)
        // The events carry the command's `now`.
        let notifications = try await storeCall { () async throws(StoreError) in
            try await NotificationPlanner(store: store).notifications(
                after: events, idea: next, workflow: workflow, now: events[events.count - 1].at)
        }
        let commit = CommandCommit(
            ideaID: ideaID, expectedVersion: state?.version ?? 0, events: events, idea: next,
            idempotency: receipt?(outcome), timers: IdeaEngine.timerPlan(after: events, idea: next, workflow: workflow),
            firedTimer: firedTimer, notifications: notifications)
        var written = commit
        if next.isImplementation { written.adoption = AdoptionRecord(next, workflow: workflow) }
        do {
            try await store.commit(written)
        } catch .conflict(let idea, let expected, let actual) where state == nil {
            _ = (expected, actual)
            throw .refused(.alreadyExists(idea: idea))
        } catch {
            throw .store(error)
        }
        didCommit()
        return outcome
    }

    func refusing<T>(_ body: () throws(CommandError) -> T) throws(CommandFailure) -> T {
        do { return try body() } catch { throw .refused(error) }
    }

    func storeCall<T>(_ body: () async throws(StoreError) -> T) async throws(CommandFailure) -> T {
        do { return try await body() } catch { throw .store(error) }
    }
}

/// Why a command did not happen: the engine refused it, the store failed, or the workflow is unknown.
public enum CommandFailure: Error, Sendable, CustomStringConvertible {
    case refused(CommandError)
    case store(StoreError)
    case unknownWorkflow(String)

    public var description: String {
        switch self {
        case .refused(let error): return error.description
        case .store(let error): return error.description
        case .unknownWorkflow(let id): return "unknown workflow '\(id)'"
        }
    }
}
