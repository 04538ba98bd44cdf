import Foundation
import PipelineTestSupport
import Testing

@Suite("pipeline webhooks create")
struct WebhooksCommandTests {
    @Test("an unknown event type is refused with the known types, and nothing is subscribed")
    func unknownType() async throws {
        let folder = try CommandRunner.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let database = folder.appendingPathComponent("pipeline.sqlite").path
        for pattern in ["idea.exploded", "ide.*", "webhook.ping"] {
            let result = try await CommandRunner.run([
                "webhooks", "create", "--url", "https://example.org/hook", "--event", "idea.*", "--event", pattern,
                "--database", database,
            ])
            #expect(result.status == 2, "a usage error: \(result.errors)")
            #expect(result.errors.contains("--event: unknown event type '\(pattern)'"), "\(result.errors)")
            #expect(result.errors.contains("idea.advanced") && result.errors.contains("webhook.disabled"))
        }
        let list = try await CommandRunner.run(["webhooks", "list", "--database", database])
        #expect(!list.output.contains("whk_"), "\(list.output)")
    }

    @Test("known types, prefixes and * are subscribed")
    func knownTypes() async throws {
        let folder = try CommandRunner.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let database = folder.appendingPathComponent("pipeline.sqlite").path
        for events in [["idea.*", "webhook.disabled"], ["*"], ["gate.approved"], []] {
            let result = try await CommandRunner.run(
                ["webhooks", "create", "--url", "https://example.org/hook", "--database", database]
                    + events.flatMap { ["--event", $0] })
            #expect(result.status == 0, "\(events): \(result.errors)")
        }
        let list = try await CommandRunner.run(["webhooks", "list", "--database", database])
        #expect(list.output.contains("idea.*,webhook.disabled"))
        #expect(list.output.contains("gate.approved"))
        #expect(list.output.components(separatedBy: "whk_").count == 5)
    }
}
