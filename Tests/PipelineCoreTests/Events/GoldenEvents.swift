import Foundation
import PipelineCore

/// Two ideas' stories with fixed ids and times, which between them hold an event of every type,
/// and the webhook body each event gives: what the golden files under `Golden/events` hold.
enum GoldenEvents {
    static let testsFolder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    static let packageRoot = testsFolder.deletingLastPathComponent().deletingLastPathComponent()
    static let goldenFolder = testsFolder.appendingPathComponent("Golden/events")
    static let schemasFolder = packageRoot.appendingPathComponent("docs/events")

    /// `PIPELINE_WRITE_GOLDEN=1 swift test --filter PipelineCoreTests` rewrites the golden files
    /// and `docs/events` from the code instead of comparing.
    static var rewrites: Bool { ProcessInfo.processInfo.environment["PIPELINE_WRITE_GOLDEN"] == "1" }

    /// 2026-11-23T15:41:58.250Z: a quarter second, which a Double holds exactly.
    static let start = Date(timeIntervalSince1970: 1_795_448_518.25)

    static let anna = Actor(name: "anna", role: "submitter", organisation: "Zorggroep Twente")
    static let fenna = Actor(name: "fenna", role: "facilitator")
    static let gerrit = Actor(name: "gerrit", role: "gatekeeper")

    /// An idea of the primary-care workflow: submitted, reviewed, held, sent back and stopped.
    static let stopped: [(Actor, Event.Change)] = [
        (
            anna,
            .submitted(
                workflowID: "primary-care-innovation", workflowVersion: 1, organisation: "Zorggroep Twente",
                region: "Twente", stage: "proposal",
                fields: [
                    "title": .text("Regionale digitale stagedesk"), "theme": .text("onderwijsvernieuwing"),
                    "summary": .text("Eén loket dat praktijken en opleiders koppelt."),
                ])
        ),
        (
            anna,
            .updated(changes: [
                "expected_fte_saved": .number(2), "partners": .list([.text("huisartsenpraktijk"), .text("mbo")]),
                "privacy_checked": .boolean(true), "funding": nil,
            ])
        ),
        (fenna, .approved(gate: "proposal_review", role: "facilitator", comment: "Helder voorstel")),
        (fenna, .advanced(gate: "proposal_review", from: "proposal", to: "business_case")),
        (
            gerrit,
            .reviewed(
                gate: "business_case_review", scores: ["feasibility": 3, "impact": 4, "scalability": 3, "value": 4],
                comment: "Goed onderbouwd; let op de borging na de pilot.")
        ),
        (
            fenna,
            .held(
                reason: "Wacht op de uitkomst van de subsidieaanvraag",
                until: Date(timeIntervalSince1970: 1_800_000_000))
        ),
        (fenna, .resumed),
        (anna, .commented(text: "Start na de zomer")),
        (fenna, .recycled(from: "business_case", to: "proposal", reason: "Doelgroep scherper beschrijven")),
        (fenna, .killed(reason: "Opgegaan in een landelijk programma", from: "proposal", to: "stopped")),
    ]

    /// A quick win, adopted.
    static let adopted: [(Actor, Event.Change)] = [
        (
            anna,
            .submitted(
                workflowID: "quick-wins", workflowVersion: 1, organisation: "Zorggroep Twente", region: "Twente",
                stage: "proposal", fields: ["title": .text("Terugbelafspraken online"), "cost_eur": .number(1200)])
        ),
        (fenna, .advanced(gate: "start_try_out", from: "proposal", to: "try_out")),
        (fenna, .advanced(gate: "adopt", from: "try_out", to: "adopted")),
        (fenna, .completed(stage: "adopted")),
    ]

    /// An idea that waited too long, was held by its SLA ladder, reviewed, resumed and given a
    /// conditional go: one condition met, one overdue.
    static let timed: [(Actor, Event.Change)] = [
        (
            anna,
            .submitted(
                workflowID: "primary-care-innovation", workflowVersion: 1, organisation: "Zorggroep Twente",
                region: "Twente", stage: "proposal",
                fields: ["title": .text("Gedeelde triagist voor drie praktijken"), "theme": .text("taakherschikking")])
        ),
        (.system, .slaReminder(stage: "proposal", enteredAt: start, waitingFor: ["submitter", "facilitator"])),
        (.system, .slaEscalated(stage: "proposal", enteredAt: start, escalateTo: "facilitator")),
        (.system, .autoHeld(stage: "proposal", reason: "SLA", until: start.addingTimeInterval(33 * 86_400))),
        (.system, .holdReviewDue(until: start.addingTimeInterval(33 * 86_400), resumes: false)),
        (fenna, .resumed),
        (fenna, .advanced(gate: "proposal_review", from: "proposal", to: "business_case")),
        (fenna, .advanced(gate: "business_case_review", from: "business_case", to: "pilot")),
        (
            fenna,
            .conditionsSet(
                gate: "business_case_review", nextGate: "scale_decision",
                conditions: [
                    .init(
                        number: 1, text: "Verwerkersovereenkomst getekend", due: CalendarDay.start(of: "2027-01-15")!),
                    .init(number: 2, text: "Tweede praktijk doet mee", due: CalendarDay.start(of: "2027-02-01")!),
                ])
        ),
        (fenna, .conditionMet(number: 1, note: "Getekend op 10 januari")),
        (
            .system,
            .conditionOverdue(number: 2, text: "Tweede praktijk doet mee", due: CalendarDay.start(of: "2027-02-01")!)
        ),
    ]

    static let fennaInRegister = IdeaPerson(id: "per_f3n7a2k9qd", name: "Fenna de Vries")
    static let gijsInRegister = IdeaPerson(id: "per_g1j5s8t4mw", name: "Gijs Bakker")

    /// An idea given to an owner at intake, with a co-submitting organisation, gatekeepers assigned
    /// to its business case gate, and a new owner.
    static let people: [(Actor, Event.Change)] = [
        (
            anna,
            .submitted(
                workflowID: "primary-care-innovation", workflowVersion: 1, organisation: "Zorggroep Twente",
                region: "Twente", stage: "proposal",
                fields: [
                    "title": .text("Zij-instroomtraject doktersassistent"), "theme": .text("instroom_zij_instroom"),
                ])
        ),
        (.system, .ownerAssigned(owner: fennaInRegister, previous: nil)),
        (anna, .coSubmittersSet(organisations: ["HAP De Linde", "ROS Twente"])),
        (fenna, .advanced(gate: "proposal_review", from: "proposal", to: "business_case")),
        (
            fenna,
            .gatekeepersAssigned(
                stage: "business_case", gate: "business_case_review",
                gatekeepers: [
                    IdeaPerson(id: "per_g7r2t9x4kc", name: "Gerrit Smit"),
                    IdeaPerson(id: "per_g2e5t8v3nm", name: "Greet Mulder"),
                ])
        ),
        (fenna, .ownerAssigned(owner: gijsInRegister, previous: fennaInRegister)),
    ]

    static let mirjam = Actor(name: "mirjam", role: "submitter", organisation: "Huisartsenpraktijk De Brug")

    /// A region's implementation of the idea of `people`: adopted, reminded, held by its ladder,
    /// approved, moved on with conditions, sent back and stopped: an event of every
    /// `implementation.*` type but the ending.
    static let implementationStopped: [(Actor, Event.Change)] = [
        (
            mirjam,
            .adopted(
                parent: "p2r7mw4kxc", workflowID: "regional-implementation", workflowVersion: 1,
                organisation: "Huisartsenpraktijk De Brug", region: "Amsterdam", stage: "intake",
                fields: ["title": .text("Zij-instroomtraject doktersassistent")])
        ),
        (.system, .ownerAssigned(owner: fennaInRegister, previous: nil)),
        (mirjam, .updated(changes: ["local_lead": .text("Mirjam de Boer")])),
        (.system, .slaReminder(stage: "intake", enteredAt: start, waitingFor: ["facilitator"])),
        (.system, .slaEscalated(stage: "intake", enteredAt: start, escalateTo: "facilitator")),
        (.system, .autoHeld(stage: "intake", reason: "SLA", until: start.addingTimeInterval(33 * 86_400))),
        (.system, .holdReviewDue(until: start.addingTimeInterval(33 * 86_400), resumes: false)),
        (fenna, .resumed),
        (fenna, .approved(gate: "intake_approval", role: "facilitator", comment: "Past in het regioplan")),
        (gerrit, .reviewed(gate: "intake_approval", scores: ["fit": 4], comment: "Goede trekker gevonden")),
        (fenna, .advanced(gate: "intake_approval", from: "intake", to: "plan")),
        (
            fenna,
            .conditionsSet(
                gate: "intake_approval", nextGate: "go_live",
                conditions: [
                    .init(number: 1, text: "Twee opleiders tekenen", due: CalendarDay.start(of: "2027-03-01")!),
                    .init(number: 2, text: "Begroting rond", due: CalendarDay.start(of: "2027-04-01")!),
                ])
        ),
        (fenna, .conditionMet(number: 1, note: "Getekend")),
        (.system, .conditionOverdue(number: 2, text: "Begroting rond", due: CalendarDay.start(of: "2027-04-01")!)),
        (mirjam, .coSubmittersSet(organisations: ["ROS Amsterdam"])),
        (
            fenna,
            .gatekeepersAssigned(
                stage: "plan", gate: "go_live", gatekeepers: [IdeaPerson(id: "per_g7r2t9x4kc", name: "Gerrit Smit")])
        ),
        (mirjam, .commented(text: "De eerste groep start in september")),
        (fenna, .held(reason: "Wacht op de begroting", until: Date(timeIntervalSince1970: 1_805_000_000))),
        (fenna, .resumed),
        (fenna, .recycled(from: "plan", to: "intake", reason: "Nieuwe trekker nodig")),
        (fenna, .killed(reason: "De regio kiest voor een ander traject", from: "intake", to: "stopped")),
    ]

    /// Another region's implementation of the same idea: live, evaluated, done.
    static let implementationEvaluated: [(Actor, Event.Change)] = [
        (
            fenna,
            .adopted(
                parent: "p2r7mw4kxc", workflowID: "regional-implementation", workflowVersion: 1, organisation: "",
                region: "Drechtsteden", stage: "intake",
                fields: ["title": .text("Zij-instroomtraject doktersassistent"), "local_lead": .text("Ruud Jansen")])
        ),
        (fenna, .advanced(gate: "intake_approval", from: "intake", to: "plan")),
        (fenna, .advanced(gate: "go_live", from: "plan", to: "live")),
        (fenna, .advanced(gate: "evaluation", from: "live", to: "evaluated")),
        (fenna, .completed(stage: "evaluated")),
        (
            ahmed,
            .migrated(
                fromVersion: 1, toVersion: 2, fromStage: "evaluated", toStage: "evaluated", renamedFields: [:],
                droppedFields: [])
        ),
    ]

    static let ahmed = Actor(name: "ahmed", role: "admin")

    /// An idea in its pilot moved by an admin from version 1 to version 2 of its workflow, where
    /// the pilot is `pilot_run`, `privacy_checked` is `avg_checked` and `expected_fte_saved` is gone.
    static let migrated: [(Actor, Event.Change)] = [
        (
            anna,
            .submitted(
                workflowID: "primary-care-innovation", workflowVersion: 1, organisation: "Zorggroep Twente",
                region: "Twente", stage: "proposal",
                fields: [
                    "title": .text("Beeldbellen met de praktijkondersteuner"), "theme": .text("innovatie_technologie"),
                    "expected_fte_saved": .number(2.5), "privacy_checked": .boolean(true),
                ])
        ),
        (fenna, .advanced(gate: "proposal_review", from: "proposal", to: "business_case")),
        (fenna, .advanced(gate: "business_case_review", from: "business_case", to: "pilot")),
        (
            ahmed,
            .migrated(
                fromVersion: 1, toVersion: 2, fromStage: "pilot", toStage: "pilot_run",
                renamedFields: ["privacy_checked": "avg_checked"], droppedFields: ["expected_fte_saved"])
        ),
    ]

    /// Every story, with its record's id.
    static let stories: [(story: [(Actor, Event.Change)], idea: String)] = [
        (stopped, "m7x4pkg46n"), (adopted, "k3f9x2m7qa"), (timed, "t8v2qd5hwe"), (people, "p2r7mw4kxc"),
        (implementationStopped, "imp_r4t8w2k6pz"), (implementationEvaluated, "imp_d2c6h9v3qe"),
        (migrated, "b6m3kq8wze"),
    ]

    /// The events of a story, a day apart, each with the idea as it is after it.
    static func events(of story: [(Actor, Event.Change)], idea id: String) -> [(Event, Idea)] {
        var idea: Idea?
        return story.enumerated().map { offset, step in
            let event = Event(
                ideaID: id, actor: step.0, at: start.addingTimeInterval(Double(offset) * 86_400), change: step.1,
                isImplementation: idea?.isImplementation ?? false)
            idea = IdeaEngine.evolve(idea, event)
            return (event, idea!)
        }
    }

    /// The webhook body of every event type, by type name: for idea events the first event of
    /// that type in the stories.
    static func bodies() throws -> [String: Data] {
        var bodies: [String: Data] = [:]
        for (story, id) in stories {
            for (sequence, (event, idea)) in events(of: story, idea: id).enumerated() {
                let link = idea.isImplementation ? "/v1/implementations/\(id)" : "/v1/ideas/\(id)"
                let message = EventMessage(event: event, sequence: sequence + 1, idea: idea, link: link)
                if bodies[event.type] == nil { bodies[event.type] = try message.encoded() }
            }
        }
        let notice = OperatorNotice.webhookDisabled(
            id: "whk_q4c8n2m7ta", url: "https://dashboard.example.org/hooks", reason: "the endpoint answered 410 Gone",
            at: start, link: "/v1/webhooks/whk_q4c8n2m7ta")
        bodies[notice.type] = try notice.encoded()
        return bodies
    }

}
