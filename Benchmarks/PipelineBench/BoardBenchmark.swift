import ArgumentParser
import Foundation
import PipelineCore
import PipelineStore
import PipelineStoreSQLite
import PipelineWeb

/// Renders the board page of 1,000 ideas as the server does (view values, gate evaluation per
/// card, Mustache, escaping) and reports the median time per render; the database is not in it.
struct BoardBenchmark: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "web", abstract: "Milliseconds to render a board of many ideas (median).")

    @Option var workflows = "workflows"
    @Option(help: "Ideas on the board.") var ideas = 1_000
    @Option(help: "Renders; the median is reported.") var runs = 21

    func run() async throws {
        let library = try loadLibrary(workflows)
        guard let workflow = library.latest("primary-care-innovation") else {
            throw ValidationError("the main workflow is missing")
        }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
            "pipeline-board-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let store = try SQLiteStore(path: folder.appendingPathComponent("bench.sqlite").path)
        let pages = try WebPages(
            store: store, handler: CommandHandler(store: store, library: library),
            authentication: WebAuthentication(verifyToken: { _ in nil }, callerForHash: { _ in nil }))
        let now = SystemClock().now()
        let working = workflow.stages.filter { !$0.isTerminal }
        let themes = ["onderwijsvernieuwing", "innovatie_technologie", "anders_besturen", "behoud_betrokkenheid"]
        let submitter = Actor(name: "bench", role: Actor.submitter, organisation: "Praktijk")
        let board = (0..<ideas).compactMap { index -> Idea? in
            let submitted = Event(
                ideaID: String(format: "idea%06d", index), actor: submitter,
                at: now.addingTimeInterval(-Double(index) * 3_600),
                change: .submitted(
                    workflowID: workflow.id, workflowVersion: workflow.version, organisation: "Praktijk \(index % 40)",
                    region: "Regio \(index % 28)", stage: working[0].id,
                    fields: [
                        "title": .text("Idee nummer \(index) <voor> de regio & omstreken"),
                        "summary": .text(String(repeating: "Een samenvatting. ", count: 8)),
                        "theme": .text(themes[index % themes.count]), "problem": .text("Tekort"),
                    ]))
            guard var idea = IdeaEngine.evolve(nil, submitted) else { return nil }
            idea.stage = working[index % working.count].id
            idea.status = index % 17 == 0 ? .onHold : .active
            idea.stageEnteredAt = now.addingTimeInterval(-Double(index % 90) * 86_400)
            return idea
        }
        let actor = Actor(name: "bench", role: Actor.facilitator)
        var times: [Double] = []
        var bytes = 0
        for _ in 0..<runs {
            let start = DispatchTime.now().uptimeNanoseconds
            let html = pages.renderBoard(workflowID: workflow.id, ideas: board, actor: actor, now: now)
            times.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6)
            bytes = html.utf8.count
        }
        try await store.close()
        print(
            "board of \(ideas) ideas: median \(String(format: "%.1f", median(times))) ms per render, "
                + "min \(String(format: "%.1f", times.min() ?? 0)) ms, \(bytes / 1024) KiB of HTML (\(runs) runs)")
    }
}
