import ArgumentParser
import Foundation
import PipelineCore
import PipelineStore

/// Ideas over the regions and the regions' implementations of the adopted ones, written as the
/// product writes them but one commit per record: every command a person would run (submit,
/// fields, approvals, reviews, decisions, adoption) is decided by ``IdeaEngine`` in memory on the
/// state the one before left, and the events commit together with the idea's state, its timers
/// and, for an implementation, its adoption step and outcomes, as ``CommandHandler`` commits them.
/// Through the handler, 60,000 records would be some 300,000 commands, each a read and a commit.
///
/// Ideas go to stages and statuses by their number (`idea00000`, ...); every fifth goes on to
/// regional implementation until there are enough for the implementations, 25 regions adopting
/// each (`imp000000`, ...), at every step of the implementation workflow.
struct RegionSeed {
    let library: WorkflowLibrary
    let regions: [String]
    let ideas: Int
    let implementations: Int
    /// The moment of the first record; the others follow, seconds apart, up to about now.
    let start: Date

    static let adoptersPerIdea = 25
    static let facilitator = Actor(name: "Bench Facilitator", role: Actor.facilitator)
    static let gatekeepers = ["Gerrit", "Greet", "Gijs"].map { Actor(name: $0, role: "gatekeeper") }
    static let themes = [
        "onderwijsvernieuwing", "innovatie_technologie", "anders_besturen", "behoud_betrokkenheid",
        "instroom_zij_instroom",
    ]

    /// How many ideas go on to regional implementation: enough for the implementations.
    var adoptedIdeas: Int { (implementations + Self.adoptersPerIdea - 1) / Self.adoptersPerIdea }

    init(library: WorkflowLibrary, regions: [String], ideas: Int, implementations: Int, now: Date) throws {
        guard regions.count > Self.adoptersPerIdea else {
            throw ValidationError("the seed needs more than \(Self.adoptersPerIdea) regions")
        }
        self.library = library
        self.regions = regions
        self.ideas = ideas
        self.implementations = implementations
        start = now.addingTimeInterval(-Double(ideas * 30 + implementations * 10) - 3_600)
        guard adoptedIdeas <= (ideas + 4) / 5 else {
            throw ValidationError("\(implementations) implementations need at least \(adoptedIdeas * 5) ideas")
        }
    }

    /// Commits every idea, then every implementation, `clients` at a time.
    func run(into store: any Store, clients: Int = 64) async throws {
        let adopted = try await withThrowingTaskGroup(of: [Int: Idea].self) { group in
            for client in 0..<clients {
                group.addTask {
                    var adopted: [Int: Idea] = [:]
                    for index in stride(from: client, to: ideas, by: clients) {
                        let idea = try await commit(try idea(index), to: store)
                        if isAdopted(index) { adopted[index] = idea }
                    }
                    return adopted
                }
            }
            return try await group.reduce(into: [:]) { $0.merge($1) { first, _ in first } }
        }
        try await withThrowingTaskGroup(of: Void.self) { group in
            for client in 0..<clients {
                group.addTask {
                    for number in stride(from: client, to: implementations, by: clients) {
                        let parentIndex = number / Self.adoptersPerIdea * 5
                        guard let parent = adopted[parentIndex] else {
                            throw ValidationError("idea \(parentIndex) did not reach regional implementation")
                        }
                        try await commit(try implementation(number, of: parent), to: store)
                    }
                }
            }
            try await group.waitForAll()
        }
    }

    func isAdopted(_ index: Int) -> Bool { index % 5 == 0 && index / 5 < adoptedIdeas }

    /// The events of one record, decided command after command, and the state they leave.
    struct Record {
        let workflow: Workflow
        var at: Date
        var events: [Event] = []
        var idea: Idea?

        init(workflow: Workflow, at: Date) {
            self.workflow = workflow
            self.at = at
        }

        mutating func add(_ decided: [Event]) {
            events += decided
            idea = decided.reduce(idea) { IdeaEngine.evolve($0, $1) }
            at.addTimeInterval(1)
        }

        mutating func run(_ command: Command, as actor: Actor) throws {
            do {
                add(try IdeaEngine.decide(command, state: idea, workflow: workflow, actor: actor, now: at))
            } catch {
                throw ValidationError("seed: \(command.name) on \(idea?.id ?? "a new idea") was refused: \(error)")
            }
        }

        mutating func approve(_ actor: Actor = RegionSeed.facilitator) throws {
            try run(.approve(comment: nil), as: actor)
        }

        mutating func go() throws { try run(.decide(.go), as: RegionSeed.facilitator) }
    }

    /// Commits a record as the handler commits a command's events; returns its state.
    @discardableResult
    func commit(_ record: Record, to store: any Store) async throws -> Idea {
        guard let idea = record.idea else { throw ValidationError("seed: a record without events") }
        var commit = CommandCommit(
            ideaID: idea.id, expectedVersion: 0, events: record.events, idea: idea,
            timers: IdeaEngine.timerPlan(after: record.events, idea: idea, workflow: record.workflow))
        if idea.isImplementation { commit.adoption = AdoptionRecord(idea, workflow: record.workflow) }
        try await store.commit(commit)
        return idea
    }

    /// Where idea `index` ends: every fifth in regional implementation (while implementations
    /// need them); of the others, by their turn in their region, of every 20: 2 quick wins, 8
    /// proposals, 2 ready for review, 3 business cases, 1 on hold, 2 stopped, 2 pilots.
    enum Target { case proposal, readyForReview, businessCase, onHold, killed, pilot, regional }

    func target(_ index: Int) -> Target {
        if isAdopted(index) { return .regional }
        switch index / regions.count % 20 {
        case 4, 7: return .readyForReview
        case 8, 9, 12: return .businessCase
        case 16: return .onHold
        case 17, 18: return .killed
        case 13, 14: return .pilot
        default: return .proposal
        }
    }

    /// Idea `index`: in the main workflow (or quick wins), in its region, taken as far as
    /// ``target(_:)`` says.
    func idea(_ index: Int) throws -> Record {
        let region = regions[index % regions.count]
        let organisation = "Praktijk \(region) \(index % 12)"
        let submitter = Actor(name: "Indiener \(index % 12)", role: Actor.submitter, organisation: organisation)
        let quickWin = !isAdopted(index) && [1, 11].contains(index / regions.count % 20)
        guard let workflow = library.latest(quickWin ? "quick-wins" : "primary-care-innovation") else {
            throw ValidationError("the bundled workflows are missing")
        }
        let id = String(format: "idea%05d", index)
        var record = Record(workflow: workflow, at: start.addingTimeInterval(Double(index * 30)))
        let fields: FieldValues = [
            "title": .text("Idee \(index): gedeelde inzet van praktijkpersoneel"),
            "summary": .text(
                "Praktijken in \(region) delen personeel en scholing, zodat diensten minder vaak onbezet blijven "
                    + "en medewerkers minder tijd kwijt zijn aan werving (\(index))."),
            "theme": .text(Self.themes[index / 3 % Self.themes.count]),
        ]
        try record.run(.submit(id: id, organisation: organisation, region: region, fields: fields), as: submitter)
        let target = target(index)
        if quickWin || target == .proposal { return record }
        try record.run(
            .updateFields([
                "problem": .text("Tekort aan doktersassistenten in \(region)."),
                "partners": .list([.text("huisartsenpraktijk"), .text("mbo")]),
                "target_group": .list([.text("doktersassistent")]), "expected_fte_saved": .number(2),
            ]), as: submitter)
        if target == .readyForReview { return record }
        try record.approve()
        try record.go()
        if target == .killed {
            try record.run(.decide(.kill(reason: "Opgegaan in een landelijk programma")), as: Self.facilitator)
            return record
        }
        try record.run(
            .updateFields([
                "cost_eur": .number(85_000), "funding": .text("regionaal_fonds"),
                "business_case_url": .text("https://example.org/bc/\(id).pdf"), "privacy_checked": .boolean(true),
                "pilot_start": .text(CalendarDay.text(record.at.addingTimeInterval(60 * 86_400))),
            ]), as: submitter)
        if target == .businessCase { return record }
        if target == .onHold {
            let until = record.at.addingTimeInterval(60 * 86_400)
            try record.run(.decide(.hold(reason: "Wacht op subsidie", until: until)), as: Self.facilitator)
            return record
        }
        try record.approve()
        for gatekeeper in Self.gatekeepers {
            try record.run(
                .review(scores: ["impact": 4, "feasibility": 4, "scalability": 3, "value": 4], comment: "Goed"),
                as: gatekeeper)
        }
        try record.go()
        if target == .pilot { return record }
        try record.run(
            .updateFields([
                "pilot_participants": .number(18), "pilot_satisfaction": .number(8.2),
                "pilot_hours_saved": .number(14), "pilot_report_url": .text("https://example.org/pilot/\(id).pdf"),
                "scale": .text("regionaal"), "regions_interested": .number(2),
            ]), as: submitter)
        try record.approve()
        try record.approve(Self.gatekeepers[0])
        try record.approve(Self.gatekeepers[1])
        try record.go()
        return record
    }

    /// Implementation `number`: a region after the idea's own adopts it (the facilitator
    /// registers it), and takes it to a step by its number: 15% adopting in intake, 15% in the
    /// plan, 35% live, 20% evaluated, 15% stopped; the live and evaluated report their outcomes.
    func implementation(_ number: Int, of parent: Idea) throws -> Record {
        guard let parentWorkflow = library.workflow(parent.workflowID, version: parent.workflowVersion),
            let workflow = library.latest("regional-implementation"),
            let home = regions.firstIndex(of: parent.region)
        else { throw ValidationError("the bundled workflows are missing") }
        let region = regions[(home + 1 + number % Self.adoptersPerIdea) % regions.count]
        var record = Record(
            workflow: workflow, at: start.addingTimeInterval(Double(ideas * 30 + number * 10)))
        let id = String(format: "imp%06d", number)
        do {
            // The siblings only guard against a second adoption by one region, which the numbering rules out.
            record.add(
                try IdeaEngine.adopt(
                    parent, parentWorkflow: parentWorkflow, implementationID: id, region: region,
                    organisation: "Zorggroep \(region)", fields: ["local_lead": .text("Trekker \(number % 40)")],
                    workflow: workflow, siblings: [], actor: Self.facilitator, now: record.at))
        } catch {
            throw ValidationError("seed: adoption \(id) of \(parent.id) was refused: \(error)")
        }
        // Mixed within an idea's adoptions and even over the regions.
        let step = (number / Self.adoptersPerIdea + number % Self.adoptersPerIdea / 5 * 4) % 20
        if step < 3 { return record }
        try record.approve()
        try record.go()
        if step < 6 { return record }
        if step >= 17 {
            try record.run(.decide(.kill(reason: "Geen trekker meer")), as: Self.facilitator)
            return record
        }
        try record.run(
            .updateFields([
                "start_date": .text(CalendarDay.text(record.at)), "plan_url": .text("https://example.org/plan/\(id)"),
                "participants": .number(Double(3 + number % 17)),
            ]), as: Self.facilitator)
        try record.approve()
        try record.go()
        try record.run(
            .updateFields([
                "hours_saved": .number(Double(number % 13) + 0.5), "students_placed": .number(Double(number % 5)),
            ]), as: Self.facilitator)
        if step < 13 { return record }
        try record.run(
            .updateFields(["evaluation_url": .text("https://example.org/evaluation/\(id)")]), as: Self.facilitator)
        try record.approve()
        try record.go()
        return record
    }
}
