import Foundation
import PipelineCore
import PipelineStore

/// A year of primary-care innovation, replayed in a few seconds: realistic ideas, each moved by
/// the engine to the stage where the demo shows it, on a simulated clock that runs from a year
/// ago to now. Every command goes through the ``CommandHandler`` at its simulated time, and
/// after every step the ``TimerRunner`` fires the timers that came due meanwhile, each at its
/// own due time, as the server's timer service would have. So the SLA ladder of the business
/// case reminds, escalates and holds ideas that wait too long, a held idea's review date comes,
/// and a condition of a conditional go is met in time or becomes overdue, all by the engine.
///
/// What the year leaves behind, besides ideas in every stage and status:
///
/// - *Voorspellen van uitstroom* waits in the business case for 5 months: reminded after 60
///   days, escalated after 75, held by the SLA after 90, and due for review 30 days later;
/// - *Flexibele invalpool* waits 12 weeks (reminded and escalated), *Regionale vacaturebank*
///   10 weeks (reminded);
/// - *Digitale triage-ondersteuning* is held by a facilitator with a review date that came;
/// - *Zij-instroomtraject* went to its pilot on two conditions: one met before its day, one
///   overdue; *Gedeelde pool van triagisten* met its one condition and went on to the region.
struct DemoScenario {
    /// The CLI's handler: its store and workflows, and its clock, which says when "now" is.
    let handler: CommandHandler

    /// How long the simulation runs, up to now.
    static let span = 365

    enum Target {
        case submitted, readyForReview, businessCase, businessCaseOverdue, costTooHigh, pilot, pilotOnConditions,
            regional, national, completed, killed, onHold, recycled
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
        /// Whether its business case passes with a go on a condition (met in time).
        var conditional = false
    }

    static let plans: [Plan] = [
        Plan(
            title: "Regionale digitale stagedesk",
            summary:
                "Eén loket dat huisartsenpraktijken en opleiders koppelt, zodat mbo-studenten sneller een stageplaats vinden en praktijken minder tijd kwijt zijn aan werving.",
            theme: "onderwijsvernieuwing", organisation: "Zorggroep Twente", region: "Twente", target: .national,
            day: 20),
        Plan(
            title: "Gedeelde pool van triagisten",
            summary:
                "Huisartsenposten in de regio delen een pool van triagisten, met één rooster en één scholingsprogramma, zodat diensten minder vaak onbezet blijven.",
            theme: "anders_besturen", organisation: "Huisartsenpost Rijnmond", region: "Rijnmond", target: .regional,
            day: 45, conditional: true),
        Plan(
            title: "Zij-instroomtraject doktersassistent",
            summary:
                "Een verkort en betaald leertraject voor zij-instromers met zorgervaring, met een vaste werkplek in de praktijk vanaf de eerste week.",
            theme: "instroom_zij_instroom", organisation: "HAGRO Amersfoort", region: "Amersfoort en omgeving",
            target: .pilotOnConditions, day: 150),
        Plan(
            title: "Regionaal opleidingsplatform praktijkpersoneel",
            summary:
                "Eén online platform met scholing voor alle medewerkers van huisartsenpraktijken in de regio, met accreditatie en gedeelde trainers.",
            theme: "onderwijsvernieuwing", organisation: "ROS Friesland", region: "Friesland", target: .completed,
            day: 5),
        Plan(
            title: "Voorspellen van uitstroom",
            summary:
                "Een hulpmiddel dat op basis van verzuim, leeftijd en werkdruk voorspelt welke medewerkers dreigen te vertrekken, zodat praktijken op tijd het gesprek aangaan.",
            theme: "behoud_betrokkenheid", organisation: "Gezondheidscentrum Oost", region: "Amsterdam",
            target: .businessCaseOverdue, day: 200),
        Plan(
            title: "Taakherschikking naar praktijkondersteuner",
            summary:
                "Chronische zorg voor diabetes en COPD verschuift gestructureerd van huisarts naar praktijkondersteuner, met vaste protocollen en intervisie.",
            theme: "anders_besturen", organisation: "HAP De Linde", region: "Utrecht en omgeving", target: .pilot,
            day: 215),
        Plan(
            title: "Flexibele invalpool bij langdurig verzuim",
            summary:
                "Praktijken in de regio delen een flexibele pool van doktersassistenten die invallen bij langdurig verzuim, met een gezamenlijke werkgever.",
            theme: "behoud_betrokkenheid", organisation: "Zorggroep Zeeland", region: "Zeeland", target: .costTooHigh,
            day: 270),
        Plan(
            title: "Slimme telefoonmodule met terugbelverzoek",
            summary:
                "Een telefoonmodule die patiënten een terugbelmoment laat kiezen in plaats van in de wacht te staan, zodat assistenten hun werk beter kunnen plannen.",
            theme: "innovatie_technologie", organisation: "HAP De Linde", region: "Utrecht en omgeving",
            target: .readyForReview, day: 330),
        Plan(
            title: "Leerwerkplekken voor statushouders",
            summary:
                "Statushouders met een zorgachtergrond krijgen een leerwerkplek en taalcoaching in de praktijk, met begeleiding door de gemeente.",
            theme: "instroom_zij_instroom", organisation: "Gemeentelijke zorggroep Haaglanden", region: "Haaglanden",
            target: .submitted, day: 350),
        Plan(
            title: "Digitale triage-ondersteuning",
            summary:
                "Een beslisondersteunend systeem dat triagisten helpt bij de urgentiebepaling en gesprekken korter maakt zonder de kwaliteit te verlagen.",
            theme: "innovatie_technologie", organisation: "Huisartsenpost Drechtsteden", region: "Drechtsteden",
            target: .onHold, day: 170),
        Plan(
            title: "Mentorprogramma eerste werkjaar",
            summary:
                "Nieuwe doktersassistenten krijgen in hun eerste jaar een mentor uit een andere praktijk, om uitval in het eerste jaar te verminderen.",
            theme: "behoud_betrokkenheid", organisation: "HAGRO Zuid-Limburg", region: "Zuid-Limburg", target: .killed,
            day: 60),
        Plan(
            title: "Gezamenlijke werving met het mbo",
            summary:
                "Praktijken en het regionale mbo werven samen studenten voor de opleiding doktersassistent, met open dagen in de praktijk en een gezamenlijke campagne.",
            theme: "onderwijsvernieuwing", organisation: "Zorggroep Noord-Holland Noord", region: "Noord-Holland Noord",
            target: .recycled, day: 100),
        Plan(
            title: "Spreekuurassistent met spraakherkenning",
            summary:
                "Spraakherkenning maakt tijdens het consult een conceptverslag, zodat huisarts en assistent minder tijd kwijt zijn aan verslaglegging.",
            theme: "innovatie_technologie", organisation: "Gezondheidscentrum Achterhoek", region: "Achterhoek",
            target: .regional, day: 90),
        Plan(
            title: "Regionale vacaturebank eerstelijnszorg",
            summary:
                "Eén vacaturebank voor alle eerstelijnsorganisaties in de regio, gekoppeld aan de opleidingen, met inzicht in de regionale tekorten.",
            theme: "instroom_zij_instroom", organisation: "ROS Midden-Brabant", region: "Midden-Brabant",
            target: .businessCase, day: 285),
        Plan(
            title: "Zelfroosteren voor assistenten",
            summary:
                "Assistenten stellen hun eigen rooster samen binnen afspraken van het team, wat de werkdruk voorspelbaarder maakt en verzuim verlaagt.",
            theme: "behoud_betrokkenheid", organisation: "Huisartsenpraktijk Groningen-Zuid", region: "Groningen",
            target: .submitted, day: 358),
        Plan(
            title: "Traineeship praktijkmanagement",
            summary:
                "Een traineeship van twee jaar voor hbo-afgestudeerden die praktijkmanager willen worden, rouleren over praktijken in de regio.",
            theme: "onderwijsvernieuwing", organisation: "Zorggroep Flevoland", region: "Flevoland",
            target: .readyForReview, day: 315),
    ]

    struct Report {
        var ideas = 0
        var events = 0
        /// Timers that fired (the rest were cancelled by the commands that moved their ideas on).
        var timers = 0
        var from = Date.distantPast
        var to = Date.distantPast
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
            case execute(Command)
        }

        let at: Date
        /// Keeps the steps of one moment in the order they were written.
        let order: Int
        let ideaID: String
        let actor: Actor
        let action: Action
    }

    func run() async throws -> Report {
        let end = handler.clock.now()
        // Midnight (UTC) a year ago: every step falls on a working hour of its day.
        let start = CalendarDay.start(ofDayContaining: end.addingTimeInterval(-Double(DemoScenario.span) * 86_400))
        var steps: [Step] = []
        for (index, plan) in DemoScenario.plans.enumerated() {
            steps += script(plan, index: index, start: start, order: steps.count)
        }
        steps.sort { ($0.at, $0.order) < ($1.at, $1.order) }
        guard let last = steps.last, last.at < end else {
            throw Failure(description: "the demo's last step falls after now; shorten the scenario")
        }

        let clock = ManualClock(now: start)
        let simulated = CommandHandler(store: handler.store, library: handler.library, clock: clock)
        let timers = TimerRunner(handler: simulated)
        var report = Report(ideas: DemoScenario.plans.count, from: start, to: end)
        /// Fires every timer due up to `moment`, each at its own due time, earliest first.
        func fireTimers(until moment: Date) async throws {
            while let next = try await handler.store.timers(dueBefore: moment, status: .pending, limit: 1).first {
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

        let ideas = try await handler.store.ideas(IdeaQuery(limit: IdeaQuery.maximumLimit)).ideas
        report.events = ideas.reduce(0) { $0 + $1.version }
        return report
    }

    private func perform(_ step: Step, on handler: CommandHandler) async throws {
        do throws(CommandFailure) {
            switch step.action {
            case .submit(let plan):
                try await handler.submit(
                    id: step.ideaID, workflowID: "primary-care-innovation", organisation: plan.organisation,
                    region: plan.region,
                    fields: ["title": .text(plan.title), "summary": .text(plan.summary), "theme": .text(plan.theme)],
                    actor: step.actor, now: step.at)
            case .execute(let command):
                try await handler.execute(command, on: step.ideaID, actor: step.actor, now: step.at)
            }
        } catch {
            let name = if case .execute(let command) = step.action { command.name } else { "submit" }
            throw Failure(
                description: "demo: \(name) on \(step.ideaID) at \(CalendarDay.text(step.at)) was refused: \(error)")
        }
    }

    /// The steps of one idea: each some days after the one before, at an hour of the working day.
    private func script(_ plan: Plan, index: Int, start: Date, order: Int) -> [Step] {
        let submitter = Actor(
            name: "Indiener \(plan.organisation)", role: Actor.submitter, organisation: plan.organisation)
        let id = ShortID.generate()
        var steps: [Step] = []
        var day = plan.day
        var at = start
        func add(_ action: Step.Action, as actor: Actor, after days: Int) {
            day += days
            // 08:00 to 16:45 UTC, varying from step to step and idea to idea.
            let minutes = 8 * 60 + ((steps.count * 97 + index * 41) % 36) * 15
            at = start.addingTimeInterval(Double(day) * 86_400 + Double(minutes) * 60)
            steps.append(Step(at: at, order: order + steps.count, ideaID: id, actor: actor, action: action))
        }
        func step(_ command: Command, as actor: Actor, after days: Int) {
            add(.execute(command), as: actor, after: days)
        }
        func update(_ values: [String: Value?], after days: Int) {
            step(.updateFields(values), as: submitter, after: days)
        }
        func approve(_ actor: Actor, after days: Int) { step(.approve(comment: nil), as: actor, after: days) }
        func go(after days: Int) { step(.decide(.go), as: DemoScenario.facilitator, after: days) }
        /// A calendar day some days after the current step.
        func dayAfter(_ days: Int) -> Date {
            CalendarDay.start(ofDayContaining: at.addingTimeInterval(Double(days) * 86_400))
        }

        add(.submit(plan), as: submitter, after: 0)
        if plan.target == .submitted { return steps }

        update(
            [
                "problem": .text("Tekort aan personeel in \(plan.region); werkdruk in de praktijken stijgt."),
                "partners": .list([.text("huisartsenpraktijk"), .text("mbo")]),
                "target_group": .list([.text("doktersassistent")]),
                "expected_fte_saved": .number(Double(plan.title.count % 7 + 2)),
            ], after: 6)
        if plan.target == .readyForReview { return steps }
        approve(DemoScenario.facilitator, after: 4)
        go(after: 2)
        // In the business case from here: its SLA ladder runs (remind 60d, escalate 75d, hold 90d).
        if plan.target == .killed {
            step(
                .decide(.kill(reason: "Opgegaan in een landelijk programma met hetzelfde doel")),
                as: DemoScenario.facilitator, after: 9)
            return steps
        }
        if plan.target == .recycled {
            step(
                .decide(.recycle(to: "proposal", reason: "Doelgroep en probleem scherper beschrijven")),
                as: DemoScenario.facilitator, after: 7)
            return steps
        }
        let costly = plan.target == .costTooHigh
        update(
            [
                "cost_eur": .number(costly ? 340_000 : 85_000 + Double(plan.summary.count * 100)),
                "funding": .text(costly ? "eigen_middelen" : "regionaal_fonds"),
                "business_case_url": .text("https://example.org/businesscases/\(id).pdf"),
                "privacy_checked": .boolean(true),
                "pilot_start": .text(CalendarDay.text(dayAfter(75))),
            ], after: 10)
        switch plan.target {
        case .businessCase, .businessCaseOverdue:
            // Nobody acts any more: the ladder takes over.
            return steps
        case .costTooHigh:
            approve(DemoScenario.facilitator, after: 3)
            return steps
        case .onHold:
            let until = dayAfter(63)  // the hold's review date: two months on
            step(
                .decide(.hold(reason: "Wacht op de uitkomst van de subsidieaanvraag", until: until)),
                as: DemoScenario.facilitator, after: 3)
            return steps
        default:
            break
        }
        approve(DemoScenario.facilitator, after: 4)
        for (offset, gatekeeper) in DemoScenario.gatekeepers.enumerated() {
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
                    text: "De functionaris gegevensbescherming tekent de AVG-toets af", due: dayAfter(33)),
                IdeaCondition.Terms(
                    text: "De zorgverzekeraar bevestigt de financiering van het tweede pilotjaar", due: dayAfter(63)),
            ]
            step(.decide(.conditionalGo(terms)), as: DemoScenario.facilitator, after: 3)
            step(
                .meetCondition(number: 1, note: "Afgetekend; verslag in het dossier"), as: DemoScenario.facilitator,
                after: 21)
            return steps
        }
        if plan.conditional {
            let terms = [
                IdeaCondition.Terms(text: "Een roosterafspraak met alle deelnemende posten", due: dayAfter(48))
            ]
            step(.decide(.conditionalGo(terms)), as: DemoScenario.facilitator, after: 3)
            step(.meetCondition(number: 1, note: "Getekend door vijf posten"), as: DemoScenario.facilitator, after: 30)
        } else {
            go(after: 3)
        }
        if plan.target == .pilot { return steps }

        // The pilot runs for some months before its results are in.
        let national = plan.target == .national || plan.target == .completed
        update(
            [
                "pilot_participants": .number(18), "pilot_satisfaction": .number(8.2), "pilot_hours_saved": .number(14),
                "pilot_report_url": .text("https://example.org/pilots/\(id).pdf"),
                "scale": .text(national ? "nationaal" : "regionaal"),
                "regions_interested": .number(national ? 9 : 2),
            ], after: plan.conditional ? 70 : 100)
        approve(DemoScenario.facilitator, after: 5)
        approve(DemoScenario.gatekeepers[0], after: 2)
        approve(DemoScenario.gatekeepers[1], after: 2)
        go(after: 3)
        if plan.target != .completed { return steps }
        update(["implementation_plan_url": .text("https://example.org/plans/\(id).pdf")], after: 60)
        approve(DemoScenario.facilitator, after: 4)
        approve(DemoScenario.gatekeepers[2], after: 3)
        go(after: 4)
        return steps
    }
}
