import Foundation
import PipelineCore
import PipelineStore

/// Realistic ideas from primary care, each moved by the engine to the stage where the demo
/// shows it. Times are spread over the past months so that days in stage and SLAs mean something.
struct DemoScenario {
    let handler: CommandHandler

    enum Target {
        case submitted, readyForReview, businessCase, costTooHigh, pilot, regional, national, completed, killed, onHold,
            recycled
    }

    struct Plan {
        let title: String
        let summary: String
        let theme: String
        let organisation: String
        let region: String
        let target: Target
    }

    static let plans: [Plan] = [
        Plan(
            title: "Regionale digitale stagedesk",
            summary:
                "Eén loket dat huisartsenpraktijken en opleiders koppelt, zodat mbo-studenten sneller een stageplaats vinden en praktijken minder tijd kwijt zijn aan werving.",
            theme: "onderwijsvernieuwing", organisation: "Zorggroep Twente", region: "Twente", target: .national),
        Plan(
            title: "Gedeelde pool van triagisten",
            summary:
                "Huisartsenposten in de regio delen een pool van triagisten, met één rooster en één scholingsprogramma, zodat diensten minder vaak onbezet blijven.",
            theme: "anders_besturen", organisation: "Huisartsenpost Rijnmond", region: "Rijnmond", target: .regional),
        Plan(
            title: "Zij-instroomtraject doktersassistent",
            summary:
                "Een verkort en betaald leertraject voor zij-instromers met zorgervaring, met een vaste werkplek in de praktijk vanaf de eerste week.",
            theme: "instroom_zij_instroom", organisation: "HAGRO Amersfoort", region: "Amersfoort en omgeving",
            target: .pilot),
        Plan(
            title: "Regionaal opleidingsplatform praktijkpersoneel",
            summary:
                "Eén online platform met scholing voor alle medewerkers van huisartsenpraktijken in de regio, met accreditatie en gedeelde trainers.",
            theme: "onderwijsvernieuwing", organisation: "ROS Friesland", region: "Friesland", target: .completed),
        Plan(
            title: "Voorspellen van uitstroom",
            summary:
                "Een hulpmiddel dat op basis van verzuim, leeftijd en werkdruk voorspelt welke medewerkers dreigen te vertrekken, zodat praktijken op tijd het gesprek aangaan.",
            theme: "behoud_betrokkenheid", organisation: "Gezondheidscentrum Oost", region: "Amsterdam",
            target: .businessCase),
        Plan(
            title: "Taakherschikking naar praktijkondersteuner",
            summary:
                "Chronische zorg voor diabetes en COPD verschuift gestructureerd van huisarts naar praktijkondersteuner, met vaste protocollen en intervisie.",
            theme: "anders_besturen", organisation: "HAP De Linde", region: "Utrecht en omgeving", target: .pilot),
        Plan(
            title: "Flexibele invalpool bij langdurig verzuim",
            summary:
                "Praktijken in de regio delen een flexibele pool van doktersassistenten die invallen bij langdurig verzuim, met een gezamenlijke werkgever.",
            theme: "behoud_betrokkenheid", organisation: "Zorggroep Zeeland", region: "Zeeland", target: .costTooHigh),
        Plan(
            title: "Slimme telefoonmodule met terugbelverzoek",
            summary:
                "Een telefoonmodule die patiënten een terugbelmoment laat kiezen in plaats van in de wacht te staan, zodat assistenten hun werk beter kunnen plannen.",
            theme: "innovatie_technologie", organisation: "HAP De Linde", region: "Utrecht en omgeving",
            target: .readyForReview),
        Plan(
            title: "Leerwerkplekken voor statushouders",
            summary:
                "Statushouders met een zorgachtergrond krijgen een leerwerkplek en taalcoaching in de praktijk, met begeleiding door de gemeente.",
            theme: "instroom_zij_instroom", organisation: "Gemeentelijke zorggroep Haaglanden", region: "Haaglanden",
            target: .submitted),
        Plan(
            title: "Digitale triage-ondersteuning",
            summary:
                "Een beslisondersteunend systeem dat triagisten helpt bij de urgentiebepaling en gesprekken korter maakt zonder de kwaliteit te verlagen.",
            theme: "innovatie_technologie", organisation: "Huisartsenpost Drechtsteden", region: "Drechtsteden",
            target: .onHold),
        Plan(
            title: "Mentorprogramma eerste werkjaar",
            summary:
                "Nieuwe doktersassistenten krijgen in hun eerste jaar een mentor uit een andere praktijk, om uitval in het eerste jaar te verminderen.",
            theme: "behoud_betrokkenheid", organisation: "HAGRO Zuid-Limburg", region: "Zuid-Limburg", target: .killed),
        Plan(
            title: "Gezamenlijke werving met het mbo",
            summary:
                "Praktijken en het regionale mbo werven samen studenten voor de opleiding doktersassistent, met open dagen in de praktijk en een gezamenlijke campagne.",
            theme: "onderwijsvernieuwing", organisation: "Zorggroep Noord-Holland Noord", region: "Noord-Holland Noord",
            target: .recycled),
        Plan(
            title: "Spreekuurassistent met spraakherkenning",
            summary:
                "Spraakherkenning maakt tijdens het consult een conceptverslag, zodat huisarts en assistent minder tijd kwijt zijn aan verslaglegging.",
            theme: "innovatie_technologie", organisation: "Gezondheidscentrum Achterhoek", region: "Achterhoek",
            target: .regional),
        Plan(
            title: "Regionale vacaturebank eerstelijnszorg",
            summary:
                "Eén vacaturebank voor alle eerstelijnsorganisaties in de regio, gekoppeld aan de opleidingen, met inzicht in de regionale tekorten.",
            theme: "instroom_zij_instroom", organisation: "ROS Midden-Brabant", region: "Midden-Brabant",
            target: .businessCase),
        Plan(
            title: "Zelfroosteren voor assistenten",
            summary:
                "Assistenten stellen hun eigen rooster samen binnen afspraken van het team, wat de werkdruk voorspelbaarder maakt en verzuim verlaagt.",
            theme: "behoud_betrokkenheid", organisation: "Huisartsenpraktijk Groningen-Zuid", region: "Groningen",
            target: .submitted),
        Plan(
            title: "Traineeship praktijkmanagement",
            summary:
                "Een traineeship van twee jaar voor hbo-afgestudeerden die praktijkmanager willen worden, rouleren over praktijken in de regio.",
            theme: "onderwijsvernieuwing", organisation: "Zorggroep Flevoland", region: "Flevoland",
            target: .readyForReview),
    ]

    struct Report {
        var ideas = 0
        var events = 0
    }

    static let facilitator = Actor(name: "Fenna Facilitator", role: Actor.facilitator)
    static let gatekeepers = ["Gerrit de Vries", "Greet Jansen", "Gijs Bakker"].map {
        Actor(name: $0, role: "gatekeeper")
    }

    func run() async throws -> Report {
        var report = Report()
        let start = handler.clock.now().addingTimeInterval(-220 * 86_400)
        for (index, plan) in DemoScenario.plans.enumerated() {
            var clock = start.addingTimeInterval(Double(index) * 9 * 86_400)
            let events = try await play(plan, clock: &clock)
            report.ideas += 1
            report.events += events
        }
        return report
    }

    private func play(_ plan: Plan, clock: inout Date) async throws -> Int {
        let submitter = Actor(
            name: "Indiener \(plan.organisation)", role: Actor.submitter, organisation: plan.organisation)
        let id = ShortID.generate()
        var events = 0
        func step(_ command: Command, as actor: Actor, days: Double = 3) async throws {
            clock.addTimeInterval(days * 86_400)
            events += try await handler.execute(command, on: id, actor: actor, now: clock).events.count
        }
        func update(_ values: [String: Value?]) async throws { try await step(.updateFields(values), as: submitter) }
        func approve(_ actor: Actor) async throws { try await step(.approve(comment: nil), as: actor, days: 1) }
        func go() async throws { try await step(.decide(.go), as: DemoScenario.facilitator, days: 1) }

        events += try await handler.submit(
            id: id, workflowID: "primary-care-innovation", organisation: plan.organisation, region: plan.region,
            fields: ["title": .text(plan.title), "summary": .text(plan.summary), "theme": .text(plan.theme)],
            actor: submitter, now: clock
        ).events.count
        if plan.target == .submitted { return events }

        try await update([
            "problem": .text("Tekort aan personeel in \(plan.region); werkdruk in de praktijken stijgt."),
            "partners": .list([.text("huisartsenpraktijk"), .text("mbo")]),
            "target_group": .list([.text("doktersassistent")]),
            "expected_fte_saved": .number(Double(plan.title.count % 7 + 2)),
        ])
        if plan.target == .readyForReview { return events }
        try await approve(DemoScenario.facilitator)
        try await go()
        if plan.target == .killed {
            try await step(
                .decide(.kill(reason: "Opgegaan in een landelijk programma met hetzelfde doel")),
                as: DemoScenario.facilitator)
            return events
        }
        if plan.target == .recycled {
            try await step(
                .decide(.recycle(to: "proposal", reason: "Doelgroep en probleem scherper beschrijven")),
                as: DemoScenario.facilitator)
            return events
        }
        let costly = plan.target == .costTooHigh
        try await update([
            "cost_eur": .number(costly ? 340_000 : 85_000 + Double(plan.summary.count * 100)),
            "funding": .text(costly ? "eigen_middelen" : "regionaal_fonds"),
            "business_case_url": .text("https://example.org/businesscases/\(id).pdf"),
            "privacy_checked": .boolean(true),
            "pilot_start": .text("2026-09-01"),
        ])
        if plan.target == .businessCase || costly {
            if costly { try await approve(DemoScenario.facilitator) }
            return events
        }
        if plan.target == .onHold {
            try await step(
                .decide(
                    .hold(
                        reason: "Wacht op de uitkomst van de subsidieaanvraag",
                        // Reviewed two months after the hold (the step is three days from now).
                        until: clock.addingTimeInterval(63 * 86_400))), as: DemoScenario.facilitator)
            return events
        }
        try await approve(DemoScenario.facilitator)
        for (offset, gatekeeper) in DemoScenario.gatekeepers.enumerated() {
            let base = 3 + offset % 2
            try await step(
                .review(
                    scores: ["impact": base + 1, "feasibility": base, "scalability": base, "value": 4],
                    comment: "Goed onderbouwd; let op de borging na de pilot."), as: gatekeeper, days: 2)
        }
        try await go()
        if plan.target == .pilot { return events }

        let national = plan.target == .national || plan.target == .completed
        try await update([
            "pilot_participants": .number(18), "pilot_satisfaction": .number(8.2), "pilot_hours_saved": .number(14),
            "pilot_report_url": .text("https://example.org/pilots/\(id).pdf"),
            "scale": .text(national ? "nationaal" : "regionaal"),
            "regions_interested": .number(national ? 9 : 2),
        ])
        try await approve(DemoScenario.facilitator)
        try await approve(DemoScenario.gatekeepers[0])
        try await approve(DemoScenario.gatekeepers[1])
        try await go()
        if plan.target != .completed { return events }
        try await update(["implementation_plan_url": .text("https://example.org/plans/\(id).pdf")])
        try await approve(DemoScenario.facilitator)
        try await approve(DemoScenario.gatekeepers[2])
        try await go()
        return events
    }
}
