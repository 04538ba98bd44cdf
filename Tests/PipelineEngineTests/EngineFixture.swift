import Foundation
import PipelineCore
import PipelineDefinition
import Testing

/// The bundled main workflow, people to act in it, and a manual clock.
struct EngineFixture {
    static let workflowsFolder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("workflows")

    static func workflow(_ file: String = "primary-care-innovation.yml") -> Workflow {
        let url = workflowsFolder.appendingPathComponent(file)
        let text = (try? String(contentsOf: url, encoding: .utf8)) ?? ""
        guard let workflow = WorkflowDefinition.load(WorkflowSource(path: file, text: text)).workflow else {
            fatalError("the bundled workflow \(file) does not load")
        }
        return workflow
    }

    let workflow: Workflow
    var idea: Idea?
    /// The clock is ours to move: nothing in the engine reads the time.
    var now = Date(timeIntervalSince1970: 1_790_000_000)

    static let practice = Actor(name: "anna", role: "submitter", organisation: "HAP De Linde")
    static let otherPractice = Actor(name: "bart", role: "submitter", organisation: "Gezondheidscentrum Oost")
    static let facilitator = Actor(name: "fenna", role: "facilitator")
    static let gatekeepers = ["gerrit", "greet", "gijs"].map { Actor(name: $0, role: "gatekeeper") }

    init(_ file: String = "primary-care-innovation.yml") {
        workflow = EngineFixture.workflow(file)
    }

    init(workflow: Workflow) {
        self.workflow = workflow
    }

    /// Runs a command and applies its events; throws the engine's refusal.
    @discardableResult
    mutating func run(_ command: Command, as actor: Actor) throws(CommandError) -> [Event] {
        now += 3_600
        let events = try IdeaEngine.decide(command, state: idea, workflow: workflow, actor: actor, now: now)
        for event in events { idea = IdeaEngine.evolve(idea, event) }
        return events
    }

    /// The refusal a command gets, or `nil` when it is accepted (and then applied).
    mutating func refusal(_ command: Command, as actor: Actor) -> CommandError? {
        do {
            try run(command, as: actor)
            return nil
        } catch {
            return error
        }
    }

    static let summary = String(
        repeating: "Een regionale digitale stagedesk die praktijken en opleiders koppelt. ", count: 2)

    mutating func submit() throws(CommandError) {
        try run(
            .submit(
                id: "idea-1", organisation: "HAP De Linde", region: "Twente",
                fields: [
                    "title": .text("Regionale stagedesk"), "summary": .text(EngineFixture.summary),
                    "theme": .text("onderwijsvernieuwing"),
                ]), as: EngineFixture.practice)
    }

    /// Fills everything the proposal gate asks and passes it.
    mutating func passProposal() throws(CommandError) {
        try run(
            .updateFields([
                "problem": .text("Te weinig stageplaatsen voor doktersassistenten"),
                "partners": .list([.text("mbo"), .text("huisartsenpraktijk")]),
            ]), as: EngineFixture.practice)
        try run(.approve(comment: nil), as: EngineFixture.facilitator)
        try run(.decide(.go), as: EngineFixture.facilitator)
    }

    mutating func fillBusinessCase(cost: Double = 120_000, funding: String = "eigen_middelen") throws(CommandError) {
        try run(
            .updateFields([
                "cost_eur": .number(cost), "funding": .text(funding),
                "business_case_url": .text("https://example.org/businesscase.pdf"), "privacy_checked": .boolean(true),
                "pilot_start": .text("2027-02-01"),
            ]), as: EngineFixture.practice)
    }

    mutating func review(as actor: Actor, score: Int) throws(CommandError) {
        try run(
            .review(
                scores: ["impact": score, "feasibility": score, "scalability": score, "value": score],
                comment: "Goed onderbouwd"), as: actor)
    }

    mutating func passBusinessCase() throws(CommandError) {
        try fillBusinessCase()
        try run(.approve(comment: "akkoord"), as: EngineFixture.facilitator)
        for gatekeeper in EngineFixture.gatekeepers { try review(as: gatekeeper, score: 4) }
        try run(.decide(.go), as: EngineFixture.facilitator)
    }

    mutating func fillPilot(scale: String, regions: Double) throws(CommandError) {
        try run(
            .updateFields([
                "pilot_participants": .number(24), "pilot_satisfaction": .number(8.1), "pilot_hours_saved": .number(12),
                "pilot_report_url": .text("https://example.org/pilot.pdf"), "scale": .text(scale),
                "regions_interested": .number(regions),
            ]), as: EngineFixture.practice)
    }

    mutating func passPilot(scale: String, regions: Double) throws(CommandError) {
        try fillPilot(scale: scale, regions: regions)
        try run(.approve(comment: nil), as: EngineFixture.facilitator)
        try run(.approve(comment: nil), as: EngineFixture.gatekeepers[0])
        try run(.approve(comment: nil), as: EngineFixture.gatekeepers[1])
        try run(.decide(.go), as: EngineFixture.facilitator)
    }

    var failures: [String] {
        guard let idea, let gate = workflow.gate(leaving: idea.stage) else { return [] }
        return GateEvaluation.evaluate(gate, fields: idea.fields, approvals: idea.approvals, reviews: idea.reviews)
            .failures.map(\.explanation)
    }
}
