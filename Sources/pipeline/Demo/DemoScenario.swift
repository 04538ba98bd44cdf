import Foundation
import PipelineCore
import PipelineStore

/// A year of primary-care innovation, replayed in a few seconds: realistic ideas from most of the
/// 28 regions, each moved by the engine to the stage where the demo shows it, and the regions
/// that adopt the proven ones, on a simulated clock that runs from a year ago to now. Every
/// command goes through the ``CommandHandler`` at its simulated time, and after every step the
/// ``TimerRunner`` fires the timers that came due meanwhile, each at its own due time, as the
/// server's timer service would have. So the SLA ladder of the business case reminds, escalates
/// and holds ideas that wait too long, a held idea's review date comes, and a condition of a
/// conditional go is met in time or becomes overdue, all by the engine.
///
/// What the year leaves behind, besides ideas in every stage and status:
///
/// - *Voorspellen van uitstroom* waits in the business case for 5 months: reminded after 60
///   days, escalated after 75, held by the SLA after 90, and due for review 30 days later;
/// - *Flexibele invalpool* waits 12 weeks (reminded and escalated), *Regionale vacaturebank*
///   10 weeks (reminded);
/// - *Digitale triage-ondersteuning* is held by a facilitator with a review date that came;
/// - *Zij-instroomtraject* went to its pilot on two conditions: one met before its day, one
///   overdue; *Gedeelde pool van triagisten* met its one condition and went on to the region;
/// - five proven ideas are adopted by 3 to 9 other regions each, their implementations in
///   every step from intake to evaluated, and three stopped;
/// - *Centrale receptenlijn* goes from regional to national implementation once six regions
///   run it (the gate asks for five).
struct DemoScenario {
    /// The CLI's handler: its store, workflows and regions, and its clock, which says when "now" is.
    let handler: CommandHandler

    /// How long the simulation runs, up to now.
    static let span = 365

    enum Target {
        case submitted, readyForReview, businessCase, businessCaseOverdue, costTooHigh, pilot, pilotOnConditions,
            regional, national, completed, killed, onHold, recycled
        /// Regional implementation, then national once enough adopting regions are live.
        case nationalByAdoptions
    }

    struct Plan {
        let title: String
        let summary: String
        let theme: String
        let organisation: String
        let region: String
        let target: Target
        /// The day of the simulated year (0 to 364) when the idea is submitted.
        let day: Int
        /// The proposal: the shortage it tackles, who works on it, for whom, and what it saves.
        let problem: String
        let partners: [String]
        let groups: [String]
        let fteSaved: Double
        /// Whether its business case passes with a go on a condition (met in time).
        var conditional = false
        /// Why a facilitator stops or recycles it, for those targets.
        var reason: String?
        /// The business case's cost; without one, a figure of about 100,000 euro.
        var cost: Double?
        var funding = "regionaal_fonds"
        /// The pilot's results, for the ideas that get past their pilot.
        var pilot = Pilot(participants: 18, satisfaction: 8.2, hoursSaved: 14, regionsInterested: 2)
        /// The regions that adopt the idea once it is proven.
        var adoptions: [Adoption] = []
    }

    struct Pilot {
        let participants: Int
        let satisfaction: Double
        let hoursSaved: Double
        let regionsInterested: Int
    }

    struct Report {
        var ideas = 0
        var ideaRegions = 0
        var implementations = 0
        var implementationRegions = 0
        var events = 0
        /// Timers that fired (the rest were cancelled by the commands that moved their ideas on).
        var timers = 0
        var from = Date.distantPast
        var to = Date.distantPast
        /// The ideas that regions adopted, with their roll-ups, oldest first.
        var adopted: [Idea] = []
    }

    /// A step that failed: the scenario no longer fits the workflow.
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    static let facilitator = Actor(name: "Fenna Facilitator", role: Actor.facilitator)
    static let gatekeepers = ["Gerrit de Vries", "Greet Jansen", "Gijs Bakker"].map {
        Actor(name: $0, role: "gatekeeper")
    }

    /// One command of the scenario, at its simulated time.
    struct Step {
        enum Action {
            case submit(Plan)
            case adopt(idea: String, region: String, fields: FieldValues)
            case execute(Command)
        }

        let at: Date
        /// The idea or implementation it acts on (or makes).
        let record: String
        let actor: Actor
        let action: Action
    }

    func run() async throws -> Report {
        let end = handler.clock.now()
        // Midnight (UTC) a year ago: every step falls on a working hour of its day.
        let start = CalendarDay.start(ofDayContaining: end.addingTimeInterval(-Double(DemoScenario.span) * 86_400))
        var written: [Step] = []
        for (index, plan) in DemoScenario.plans.enumerated() {
            written += DemoScenario.script(plan, index: index, start: start)
        }
        // By time; the steps of one moment in the order they were written.
        let steps = written.enumerated()
            .sorted { ($0.element.at, $0.offset) < ($1.element.at, $1.offset) }
            .map(\.element)
        guard let last = steps.last, last.at < end else {
            throw Failure(description: "the demo's last step falls after now; shorten the scenario")
        }

        let clock = ManualClock(now: start)
        var simulated = CommandHandler(store: handler.store, library: handler.library, clock: clock)
        simulated.regions = handler.regions  // a region that the list does not know fails the demo
        let timers = TimerRunner(handler: simulated)
        var report = Report(from: start, to: end)
        /// Fires every timer due up to `moment`, each at its own due time, earliest first.
        func fireTimers(until moment: Date) async throws {
            while true {
                let due = try await handler.store.timers(dueBefore: moment, status: .pending, limit: 1)
                guard let next = due.first else { return }
                clock.set(max(clock.now(), next.dueAt))
                let fired = try await timers.fireDue(now: clock.now())
                guard fired.failed == 0, fired.fired + fired.skipped > 0 else {
                    throw Failure(description: "timer \(next.kind.rawValue) of idea \(next.ideaID) did not fire")
                }
                report.timers += fired.fired
            }
        }
        for step in steps {
            try await fireTimers(until: step.at)
            clock.set(step.at)
            try await perform(step, on: simulated)
        }
        try await fireTimers(until: end)
        clock.set(end)

        let ideas = try await records(.ideas)
        let implementations = try await records(.implementations(parent: nil))
        report.ideas = ideas.count
        report.ideaRegions = Set(ideas.map(\.region)).count
        report.implementations = implementations.count
        report.implementationRegions = Set(implementations.map(\.region)).count
        report.events = (ideas + implementations).reduce(0) { $0 + $1.version }
        let parents = Set(implementations.compactMap(\.parent))
        for idea in ideas where parents.contains(idea.id) {
            report.adopted.append(try await handler.load(idea.id, actor: DemoScenario.facilitator).idea)
        }
        return report
    }

    /// Every idea, or every implementation, page by page.
    private func records(_ kind: IdeaQuery.Records) async throws -> [Idea] {
        var all: [Idea] = []
        var cursor: String?
        repeat {
            var query = IdeaQuery(limit: IdeaQuery.maximumLimit, cursor: cursor)
            query.records = kind
            let page = try await handler.store.ideas(query)
            all += page.ideas
            cursor = page.nextCursor
        } while cursor != nil
        return all
    }

    private func perform(_ step: Step, on handler: CommandHandler) async throws {
        do throws(CommandFailure) {
            switch step.action {
            case .submit(let plan):
                try await handler.submit(
                    id: step.record, workflowID: "primary-care-innovation", organisation: plan.organisation,
                    region: plan.region,
                    fields: ["title": .text(plan.title), "summary": .text(plan.summary), "theme": .text(plan.theme)],
                    actor: step.actor, now: step.at)
            case .adopt(let idea, let region, let fields):
                try await handler.adopt(
                    idea, region: region, fields: fields, implementationID: step.record, actor: step.actor,
                    now: step.at)
            case .execute(let command):
                try await handler.execute(command, on: step.record, actor: step.actor, now: step.at)
            }
        } catch {
            let name =
                switch step.action {
                case .submit: "submit"
                case .adopt: "adopt"
                case .execute(let command): command.name
                }
            throw Failure(
                description: "demo: \(name) on \(step.record) at \(CalendarDay.text(step.at)) was refused: \(error)")
        }
    }

    /// The steps of one idea, and of the regions' implementations once it is proven.
    private static func script(_ plan: Plan, index: Int, start: Date) -> [Step] {
        let submitter = Actor(
            name: "Indiener \(plan.organisation)", role: Actor.submitter, organisation: plan.organisation)
        var idea = DemoTimeline(record: ShortID.generate(), start: start, day: plan.day, seed: index)
        let id = idea.record
        func step(_ command: Command, as actor: Actor, after days: Int) {
            idea.add(.execute(command), as: actor, after: days)
        }
        func update(_ values: [String: Value?], after days: Int) {
            step(.updateFields(values), as: submitter, after: days)
        }
        func approve(_ actor: Actor, after days: Int) { step(.approve(comment: nil), as: actor, after: days) }
        func go(after days: Int) { step(.decide(.go), as: facilitator, after: days) }

        idea.add(.submit(plan), as: submitter, after: 0)
        if plan.target == .submitted { return idea.steps }

        update(
            [
                "problem": .text(plan.problem), "partners": .list(plan.partners.map(Value.text)),
                "target_group": .list(plan.groups.map(Value.text)), "expected_fte_saved": .number(plan.fteSaved),
            ], after: 6)
        if plan.target == .readyForReview { return idea.steps }
        approve(facilitator, after: 4)
        go(after: 2)
        // In the business case from here: its SLA ladder runs (remind 60d, escalate 75d, hold 90d).
        if plan.target == .killed {
            let reason = plan.reason ?? "Opgegaan in een landelijk programma met hetzelfde doel"
            step(.decide(.kill(reason: reason)), as: facilitator, after: 9)
            return idea.steps
        }
        if plan.target == .recycled {
            let reason = plan.reason ?? "Doelgroep en probleem scherper beschrijven"
            step(.decide(.recycle(to: "proposal", reason: reason)), as: facilitator, after: 7)
            return idea.steps
        }
        let costly = plan.target == .costTooHigh
        update(
            [
                "cost_eur": .number(costly ? 340_000 : plan.cost ?? 85_000 + Double(plan.summary.count * 100)),
                "funding": .text(costly ? "eigen_middelen" : plan.funding),
                "business_case_url": .text("https://example.org/businesscases/\(id).pdf"),
                "privacy_checked": .boolean(true),
                "pilot_start": .text(CalendarDay.text(idea.dayAfter(75))),
            ], after: 10)
        switch plan.target {
        case .businessCase, .businessCaseOverdue:
            // Nobody acts any more: the ladder takes over.
            return idea.steps
        case .costTooHigh:
            approve(facilitator, after: 3)
            return idea.steps
        case .onHold:
            let until = idea.dayAfter(63)  // the hold's review date: two months on
            step(
                .decide(.hold(reason: "Wacht op de uitkomst van de subsidieaanvraag", until: until)), as: facilitator,
                after: 3)
            return idea.steps
        default:
            break
        }
        approve(facilitator, after: 4)
        for (offset, gatekeeper) in gatekeepers.enumerated() {
            let base = 3 + offset % 2
            step(
                .review(
                    scores: ["impact": base + 1, "feasibility": base, "scalability": base, "value": 4],
                    comment: "Goed onderbouwd; let op de borging na de pilot."), as: gatekeeper, after: 2)
        }
        if plan.target == .pilotOnConditions {
            // A go on two conditions for the scale decision: the first is met before its day, the
            // second is not, and its timer marks it overdue.
            let terms = [
                IdeaCondition.Terms(
                    text: "De functionaris gegevensbescherming tekent de AVG-toets af", due: idea.dayAfter(33)),
                IdeaCondition.Terms(
                    text: "De zorgverzekeraar bevestigt de financiering van het tweede pilotjaar",
                    due: idea.dayAfter(63)),
            ]
            step(.decide(.conditionalGo(terms)), as: facilitator, after: 3)
            step(.meetCondition(number: 1, note: "Afgetekend; verslag in het dossier"), as: facilitator, after: 21)
            return idea.steps
        }
        if plan.conditional {
            let terms = [
                IdeaCondition.Terms(text: "Een roosterafspraak met alle deelnemende posten", due: idea.dayAfter(48))
            ]
            step(.decide(.conditionalGo(terms)), as: facilitator, after: 3)
            step(.meetCondition(number: 1, note: "Getekend door vijf posten"), as: facilitator, after: 30)
        } else {
            go(after: 3)
        }
        if plan.target == .pilot { return idea.steps }

        // The pilot runs for some months before its results are in.
        let national = plan.target == .national || plan.target == .completed
        update(
            [
                "pilot_participants": .number(Double(plan.pilot.participants)),
                "pilot_satisfaction": .number(plan.pilot.satisfaction),
                "pilot_hours_saved": .number(plan.pilot.hoursSaved),
                "pilot_report_url": .text("https://example.org/pilots/\(id).pdf"),
                "scale": .text(national ? "nationaal" : "regionaal"),
                "regions_interested": .number(Double(plan.pilot.regionsInterested)),
            ], after: plan.conditional ? 70 : 100)
        approve(facilitator, after: 5)
        approve(gatekeepers[0], after: 2)
        approve(gatekeepers[1], after: 2)
        go(after: 3)

        // Proven: other regions adopt it from here on, each at its own pace.
        var implementations: [Step] = []
        var live: [Int] = []
        for (number, adoption) in plan.adoptions.enumerated() {
            let adopted = script(
                adoption, of: id, day: idea.day + adoption.after, seed: index * 7 + number, start: start)
            implementations += adopted.steps
            if let day = adopted.live { live.append(day) }
        }
        if plan.target == .nationalByAdoptions, let lastLive = live.max() {
            // The national scale decision, two weeks after the last of its regions went live.
            update(
                ["implementation_plan_url": .text("https://example.org/plans/\(id)-landelijk.pdf")],
                after: max(lastLive - idea.day, 0) + 14)
            approve(facilitator, after: 3)
            go(after: 2)
        }
        if plan.target == .completed {
            update(["implementation_plan_url": .text("https://example.org/plans/\(id).pdf")], after: 60)
            approve(facilitator, after: 4)
            approve(gatekeepers[2], after: 3)
            go(after: 4)
        }
        return idea.steps + implementations
    }
}
