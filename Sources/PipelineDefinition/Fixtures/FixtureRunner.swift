import Foundation
import PipelineCore

/// Runs test cases through the engine, without a database: each case places an idea in its stage
/// with its fields (as if it had been submitted there), then gives its conditions, approvals and
/// reviews, makes its decisions and lets time pass as ``IdeaEngine`` commands by people with the
/// roles, on a clock of its own. Timers are kept as the store keeps them
/// (``IdeaEngine/timerPlan(after:idea:workflow:)``) and fire through ``Command/fire(_:)``.
///
/// ```swift
/// let results = FixtureRunner.run(file)
/// results.filter { !$0.passed }.forEach { print($0.name, $0.mismatches) }
/// ```
public enum FixtureRunner {
    /// When every case starts: a Monday morning, so that days and due dates read plainly.
    public static let start = Date(timeIntervalSince1970: 1_799_053_200)  // 2027-01-04 09:00 UTC

    public static func run(_ file: FixtureFile) -> [FixtureResult] {
        file.cases.map { run($0, workflow: file.workflow, path: file.path) }
    }

    public static func run(_ fixture: FixtureCase, workflow: Workflow, path: String) -> FixtureResult {
        var run = CaseRun(workflow: workflow, fixture: fixture)
        run.place()
        run.giveConditions()
        run.giveApprovalsAndReviews()
        run.takeSteps()
        let (expected, actual) = run.checkExpectations()
        return FixtureResult(
            path: path, workflow: workflow.id, name: fixture.name, location: fixture.location, expected: expected,
            actual: actual, mismatches: run.mismatches, checklist: run.checklist(), coverage: run.coverage)
    }
}

/// One case on its way through the engine.
struct CaseRun {
    let workflow: Workflow
    let fixture: FixtureCase
    var idea: Idea?
    var now = FixtureRunner.start
    var pending: [IdeaTimer] = []
    /// Every event after the placement.
    var log: [Event] = []
    var mismatches: [FixtureResult.Mismatch] = []
    var coverage = FixtureResult.Coverage()
    /// The last decision: what it was, where it is written, and what the engine made of it.
    var lastDecision: Decided?
    /// The gate of the idea's stage as the last decision met it.
    var gateBeforeDecision: (gate: Gate, evaluation: GateEvaluation)?

    struct Decided {
        let step: FixtureCase.Step
        let location: FixtureLocation
        let outcome: Result<[Event], CommandError>
    }

    static let organisation = "Testorganisatie"
    static let region = "Testregio"
    static let submitter = Actor(name: "submitter", role: Actor.submitter, organisation: organisation)
    static let facilitator = Actor(name: "facilitator", role: Actor.facilitator)

    init(workflow: Workflow, fixture: FixtureCase) {
        self.workflow = workflow
        self.fixture = fixture
    }

    // MARK: - Setting up

    /// The idea in its stage with its fields: submitted there (an implementation: adopted there).
    mutating func place() {
        let implementation = workflow.kind == .implementation
        let change: Event.Change =
            implementation
            ? .adopted(
                parent: "idea", workflowID: workflow.id, workflowVersion: workflow.version,
                organisation: CaseRun.organisation, region: CaseRun.region, stage: fixture.stage, fields: fixture.fields
            )
            : .submitted(
                workflowID: workflow.id, workflowVersion: workflow.version, organisation: CaseRun.organisation,
                region: CaseRun.region, stage: fixture.stage, fields: fixture.fields)
        let actor = implementation ? CaseRun.facilitator : CaseRun.submitter
        apply([Event(ideaID: "case", actor: actor, at: now, change: change)], logged: false)
    }

    /// Conditions of the gate ahead, as a conditional go at the gate before left them; met ones
    /// are then met by a facilitator through the engine.
    mutating func giveConditions() {
        guard !fixture.conditions.isEmpty, let gate = workflow.gate(leaving: fixture.stage) else { return }
        let before = workflow.gates.first { $0.routes.contains { $0.to == fixture.stage } }?.id ?? gate.id
        let terms = fixture.conditions.enumerated().map { offset, condition in
            Event.ConditionTerms(
                number: offset + 1, text: condition.text,
                due: CalendarDay.start(ofDayContaining: now.addingTimeInterval(Double(condition.due.seconds))))
        }
        apply(
            [
                Event(
                    ideaID: "case", actor: CaseRun.facilitator, at: now,
                    change: .conditionsSet(gate: before, nextGate: gate.id, conditions: terms))
            ], logged: false)
        for (offset, condition) in fixture.conditions.enumerated() where condition.met {
            setUp(.meetCondition(number: offset + 1, note: nil), as: CaseRun.facilitator, at: fixture.location)
        }
    }

    mutating func giveApprovalsAndReviews() {
        var people: [String: Int] = [:]
        for approval in fixture.approvals {
            people[approval.value, default: 0] += 1
            let actor = Actor(name: "\(approval.value) \(people[approval.value]!)", role: approval.value)
            setUp(.approve(comment: nil), as: actor, at: approval.location)
        }
        let role = workflow.gate(leaving: fixture.stage)?.scorecard?.role ?? ""
        for (index, review) in fixture.reviews.enumerated() {
            let actor = Actor(name: "\(role) \(index + 1)", role: role)
            setUp(.review(scores: review.value, comment: "test"), as: actor, at: review.location)
        }
    }

    /// A command of the set-up, which the engine must accept.
    private mutating func setUp(_ command: Command, as actor: Actor, at location: FixtureLocation) {
        if case .failure(let error) = run(command, as: actor) {
            mismatches.append(
                .init(
                    location: location, expected: "\(CaseRun.words(command)) by \(actor.name) accepted",
                    actual: "refused: \(error)"))
        }
    }

    static func words(_ command: Command) -> String {
        switch command {
        case .approve: return "approval"
        case .review: return "review"
        case .meetCondition(let number, _): return "condition \(number) met"
        default: return command.name
        }
    }

    // MARK: - Decisions and time

    mutating func takeSteps() {
        var steps = fixture.steps
        let decides = steps.contains { $0.value.isDecision }
        let asksDecision = fixture.expectations.contains {
            switch $0.value {
            case .go, .refused: return true
            default: return false
            }
        }
        if !decides, asksDecision, let first = fixture.expectations.first {
            steps.append(Located(value: .go, location: first.location))
        }
        let lastDecision = steps.lastIndex { $0.value.isDecision }
        for (index, step) in steps.enumerated() {
            if case .wait(let duration) = step.value {
                wait(duration, at: step.location)
                continue
            }
            let outcome = decide(step.value)
            self.lastDecision = Decided(step: step.value, location: step.location, outcome: outcome)
            if case .failure(let error) = outcome, index != lastDecision || !expectsDecisionOutcome {
                mismatches.append(
                    .init(
                        location: step.location, expected: "'\(step.value.name)' accepted", actual: "refused: \(error)")
                )
            }
        }
    }

    /// Whether the case says what becomes of its last decision (accepted or refused).
    private var expectsDecisionOutcome: Bool {
        fixture.expectations.contains {
            switch $0.value {
            case .go, .refused, .gate(holds: false, because: _): return true
            default: return false
            }
        }
    }

    private mutating func decide(_ step: FixtureCase.Step) -> Result<[Event], CommandError> {
        let decision: Decision
        switch step {
        case .go: decision = .go
        case .goWithConditions(let texts, let due):
            let day = CalendarDay.start(ofDayContaining: now.addingTimeInterval(Double(due.seconds)))
            decision = .conditionalGo(texts.map { IdeaCondition.Terms(text: $0, due: day) })
        case .kill: decision = .kill(reason: "test")
        case .hold(let duration):
            decision = .hold(reason: "test", until: now.addingTimeInterval(Double(duration.seconds)))
        case .resume: decision = .resume
        case .recycle(let stage): decision = .recycle(to: stage, reason: "test")
        case .wait: preconditionFailure("a wait is not a decision")
        }
        refreshRollup()
        let gate = idea.flatMap { workflow.gate(leaving: $0.stage) }
        let route = idea.flatMap { idea in gate.flatMap { $0.route(for: idea.gateValues) } }
        gateBeforeDecision = idea.flatMap { idea in gate.map { ($0, GateEvaluation.evaluate($0, idea: idea)) } }
        let outcome = run(.decide(decision), as: CaseRun.facilitator)
        if case .success = outcome {
            coverage.decisions.insert(step.name)
            if case .goWithConditions = step, let gate { coverage.conditionalGoes.insert(gate.id) }
            switch step {
            case .go, .goWithConditions:
                if let gate, let route, let index = gate.routes.firstIndex(of: route) {
                    coverage.routes.insert(.init(gate: gate.id, route: index))
                    coverage.holdingGates.insert(gate.id)
                }
            default: break
            }
        }
        return outcome
    }

    /// Moves the clock by `duration`, firing every timer that falls due on the way at its due time.
    private mutating func wait(_ duration: StageDuration, at location: FixtureLocation) {
        let end = now.addingTimeInterval(Double(duration.seconds))
        var fired = 0
        while let next = pending.filter({ $0.dueAt <= end }).min(by: { $0.dueAt < $1.dueAt }), fired < 1_000 {
            fired += 1
            pending.removeAll { $0 == next }
            now = max(now, next.dueAt)
            switch run(.fire(next), as: .system) {
            case .success(let events) where !events.isEmpty:
                coverage.timers.insert(.init(kind: next.kind.rawValue, subject: next.subject))
            case .success: break
            case .failure(let error):
                mismatches.append(
                    .init(
                        location: location, expected: "timer \(next.kind.rawValue) fires", actual: "refused: \(error)"))
            }
        }
        now = end
    }

    // MARK: - The engine

    /// Runs a command with the roll-up loaded as the command handler loads it, and applies its events.
    mutating func run(_ command: Command, as actor: Actor) -> Result<[Event], CommandError> {
        refreshRollup()
        do {
            let events = try IdeaEngine.decide(command, state: idea, workflow: workflow, actor: actor, now: now)
            apply(events, logged: true)
            return .success(events)
        } catch {
            return .failure(error)
        }
    }

    private mutating func apply(_ events: [Event], logged: Bool) {
        for event in events { idea = IdeaEngine.evolve(idea, event) }
        guard let idea else { return }
        let plan = IdeaEngine.timerPlan(after: events, idea: idea, workflow: workflow)
        for selector in plan.cancel { pending.removeAll(where: selector.matches) }
        pending += plan.schedule
        if logged { log += events }
    }

    /// The idea's roll-up, where the command handler would load it: in a stage that has one.
    mutating func refreshRollup() {
        guard var idea, workflow.adoption != nil else { return }
        idea.adoptions = workflow.hasRollup(in: idea.stage) ? fixture.adoptions ?? AdoptionRollup() : nil
        self.idea = idea
    }
}
