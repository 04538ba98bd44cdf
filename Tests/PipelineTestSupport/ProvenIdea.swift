import Foundation
import PipelineCore
import PipelineStore

/// Drives an idea of the bundled main workflow through the engine to `regional_implementation`,
/// where regions adopt it, and implementations through the bundled implementation workflow:
/// every gate passed as people would pass it, through a real ``CommandHandler``.
public struct ProvenIdea: Sendable {
    public let handler: CommandHandler
    /// Each command is a minute after the one before.
    public var now: Date

    public static let facilitator = Actor(name: "fenna", role: "facilitator")
    public static let gatekeepers = ["gerrit", "greet", "gijs"].map { Actor(name: $0, role: "gatekeeper") }

    public init(handler: CommandHandler, now: Date) {
        self.handler = handler
        self.now = now
    }

    private mutating func tick() -> Date {
        now += 60
        return now
    }

    private mutating func run(_ command: Command, on id: String, as actor: Actor) async throws {
        try await handler.execute(command, on: id, actor: actor, now: tick())
    }

    /// A new idea of `organisation` in `region`, passed through proposal, business case and pilot
    /// into regional implementation (too few regions interested for the national route).
    public mutating func make(id: String, organisation: String = "HAP De Linde", region: String = "Twente")
        async throws
    {
        let submitter = Actor(name: "indiener-\(organisation)", role: "submitter", organisation: organisation)
        try await handler.submit(
            id: id, workflowID: "primary-care-innovation", organisation: organisation, region: region,
            fields: [
                "title": .text("Regionale stagedesk"),
                "summary": .text(String(repeating: "Eén loket voor stageplaatsen in de huisartsenzorg. ", count: 3)),
                "theme": .text("onderwijsvernieuwing"),
            ], actor: submitter, now: tick())
        try await run(
            .updateFields([
                "problem": .text("Te weinig stageplaatsen"),
                "partners": .list([.text("mbo"), .text("huisartsenpraktijk")]),
            ]), on: id, as: submitter)
        try await run(.approve(comment: nil), on: id, as: Self.facilitator)
        try await run(.decide(.go), on: id, as: Self.facilitator)
        try await run(
            .updateFields([
                "cost_eur": .number(120_000), "funding": .text("eigen_middelen"),
                "business_case_url": .text("https://example.org/bc.pdf"), "privacy_checked": .boolean(true),
                "pilot_start": .text("2027-02-01"),
            ]), on: id, as: submitter)
        try await run(.approve(comment: nil), on: id, as: Self.facilitator)
        for gatekeeper in Self.gatekeepers {
            try await run(
                .review(
                    scores: ["impact": 4, "feasibility": 4, "scalability": 4, "value": 4], comment: "Goed"), on: id,
                as: gatekeeper)
        }
        try await run(.decide(.go), on: id, as: Self.facilitator)
        try await run(
            .updateFields([
                "pilot_participants": .number(24), "pilot_satisfaction": .number(8), "pilot_hours_saved": .number(12),
                "pilot_report_url": .text("https://example.org/pilot.pdf"), "scale": .text("regionaal"),
                "regions_interested": .number(2),
            ]), on: id, as: submitter)
        try await run(.approve(comment: nil), on: id, as: Self.facilitator)
        try await run(.approve(comment: nil), on: id, as: Self.gatekeepers[0])
        try await run(.approve(comment: nil), on: id, as: Self.gatekeepers[1])
        try await run(.decide(.go), on: id, as: Self.facilitator)
        try await run(
            .updateFields(["implementation_plan_url": .text("https://example.org/plan")]), on: id, as: submitter)
    }

    /// Takes an implementation from intake to live, with `hoursSaved` as its measured outcome.
    public mutating func goLive(_ implementation: String, hoursSaved: Double, as facilitator: Actor = facilitator)
        async throws
    {
        try await run(.updateFields(["local_lead": .text("Mirjam de Boer")]), on: implementation, as: facilitator)
        try await run(.approve(comment: nil), on: implementation, as: facilitator)
        try await run(.decide(.go), on: implementation, as: facilitator)
        try await run(
            .updateFields(["start_date": .text("2027-03-01"), "plan_url": .text("https://example.org/plan-regio")]),
            on: implementation, as: facilitator)
        try await run(.approve(comment: nil), on: implementation, as: facilitator)
        try await run(.decide(.go), on: implementation, as: facilitator)
        try await run(.updateFields(["hours_saved": .number(hoursSaved)]), on: implementation, as: facilitator)
    }

    /// A region adopts the idea: the new implementation's id.
    public mutating func adopt(_ idea: String, in region: String, as actor: Actor = facilitator) async throws -> String
    {
        try await handler.adopt(idea, region: region, actor: actor, now: tick()).idea.id
    }

    /// Stops an implementation.
    public mutating func stop(_ implementation: String, reason: String = "Geen capaciteit in de regio") async throws {
        try await run(.decide(.kill(reason: reason)), on: implementation, as: Self.facilitator)
    }
}

/// The 28 labour-market regions of `config/regions.txt`, as `pipeline serve` loads them.
public enum TestRegions {
    public static let names: [String] = {
        let text =
            (try? String(
                contentsOf: TestPaths.packageRoot.appendingPathComponent("config/regions.txt"), encoding: .utf8))
            ?? ""
        return text.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty && !$0.hasPrefix("#") }
    }()

    public static let list = RegionList(names)
}
