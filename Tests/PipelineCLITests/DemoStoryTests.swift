import Foundation
import PipelineCore
import PipelineTestSupport
import Testing

/// The programme's story as `pipeline demo` tells it, read back from its SQLite file: ideas from
/// most regions, proven ones adopted by other regions, and one that went national on their strength.
@Suite("pipeline demo: the regions' story")
struct DemoStoryTests {
    /// The 28 labour-market regions, as `config/regions.txt` spells them.
    static let regions: Set<String> = {
        let file = CommandRunner.packageRoot.appendingPathComponent("config/regions.txt")
        let text = (try? String(contentsOf: file, encoding: .utf8)) ?? ""
        return Set(
            text.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
                .filter { !$0.isEmpty && !$0.hasPrefix("#") })
    }()

    static let running: Set<String> = ["live", "evaluated"]

    @Test("ideas from most regions, each its own; proven ideas adopted at every step; one national by adoptions")
    func regionalStory() async throws {
        let folder = try CommandRunner.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let database = folder.appendingPathComponent("demo.sqlite").path
        let demo = try await CommandRunner.run(["demo", "--database", database])
        #expect(demo.status == 0, "\(demo.errors)")
        let (ideas, implementations) = try await StoredEvents.all(database)
        #expect(Self.regions.count == 28)

        // Ideas in most regions, every region spelled as the list spells it.
        let ideaRegions = Set(ideas.map(\.region))
        #expect(ideaRegions.count >= 22, "\(ideaRegions.sorted())")
        #expect(ideaRegions.union(implementations.map(\.region)).isSubset(of: Self.regions))
        // Each idea its own texts and partners, not one template.
        for field in ["summary", "problem"] {
            let texts = ideas.compactMap { $0.fields[field] }
            #expect(Set(texts).count == texts.count, "no two ideas share a \(field)")
        }
        #expect(Set(ideas.compactMap { $0.fields["partners"] }).count >= 10, "the partners vary")

        // Proven ideas adopted by 3 to 10 other regions each.
        let byIdea = Dictionary(grouping: implementations) { $0.parent ?? "" }
        #expect(byIdea.values.filter { $0.count >= 3 }.count >= 4, "\(byIdea.mapValues(\.count))")
        #expect(byIdea.values.allSatisfy { $0.count <= 10 }, "\(byIdea.mapValues(\.count))")
        for idea in ideas {
            let adopting = byIdea[idea.id] ?? []
            #expect(!adopting.contains { $0.region == idea.region }, "another region adopts \(idea.id)")
            #expect(Set(adopting.map(\.region)).count == adopting.count, "a region adopts \(idea.id) once")
            if !adopting.isEmpty {
                #expect(["regional_implementation", "national_implementation"].contains(idea.stage))
            }
        }

        // The implementations spread over the steps, one stopped with a reason.
        let stages = Set(implementations.map(\.stage))
        #expect(stages.isSuperset(of: ["intake", "plan", "live", "evaluated", "stopped"]), "\(stages)")
        #expect(implementations.contains { $0.stage == "stopped" && $0.status == .killed })
        for implementation in implementations where Self.running.contains(implementation.stage) {
            for field in ["local_lead", "start_date", "plan_url", "participants", "hours_saved"] {
                #expect(implementation.fields[field] != nil, "\(implementation.id) reports \(field)")
            }
        }
        for implementation in implementations where implementation.stage == "evaluated" {
            #expect(implementation.fields["evaluation_url"] != nil)
        }

        // One idea went national through the gate that asks for five live regions.
        let national = try #require(
            ideas.first { idea in
                idea.stage == "national_implementation"
                    && (byIdea[idea.id] ?? []).filter { Self.running.contains($0.stage) }.count >= 5
            }, "an idea in national implementation with five regions live")
        let history = try await CommandRunner.run(
            ["history", national.id, "--database", database, "--actor", "fenna", "--role", "facilitator"])
        #expect(
            history.output.contains(
                "regional_implementation → national_implementation through national_scale_decision"),
            "\(history.output)")

        // The report counts what the database holds.
        let regions = Set(implementations.map(\.region)).count
        #expect(
            demo.output.contains(
                "demo: \(ideas.count) ideas in \(ideaRegions.count) regions, \(implementations.count) implementations "
                    + "in \(regions) regions"), "\(demo.output)")
        let events = try await StoredEvents.count(database)
        #expect(CommandRunner.demoEvents(demo) == events, "every event of ideas and implementations")
        #expect(demo.output.contains("ADOPTING  LIVE  EVALUATED  STOPPED"))
    }
}
