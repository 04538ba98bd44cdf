import Foundation
import PipelineCore
import Testing

/// The webhook bodies are a public format: one golden file per event type holds the exact bytes
/// of a fixed event's body, and each body fits its type's JSON Schema.
@Suite("Webhook bodies: golden files")
struct GoldenBodyTests {
    static let names = EventType.all.map(\.name)

    @Test("the body of every event type is its golden file, byte for byte", arguments: names)
    func goldenBody(type: String) throws {
        let body = try #require(try GoldenEvents.bodies()[type], "the stories hold no \(type) event")
        let file = GoldenEvents.goldenFolder.appendingPathComponent("\(type).json")
        if GoldenEvents.rewrites {
            try FileManager.default.createDirectory(at: GoldenEvents.goldenFolder, withIntermediateDirectories: true)
            try body.write(to: file)
        }
        let golden = try Data(contentsOf: file)
        #expect(
            golden == body,
            """
            Tests/PipelineCoreTests/Golden/events/\(type).json is not the body the code makes:
            \(String(decoding: body, as: UTF8.self))
            If the change is meant, rewrite the golden files and schemas with
            PIPELINE_WRITE_GOLDEN=1 swift test --filter PipelineCoreTests, review the diff, update docs/webhooks.md,
            and raise EventSchema.version if the shape changed (a member added, renamed, retyped or removed).
            """)
    }

    @Test("each golden body fits its type's JSON Schema", arguments: names)
    func bodyFitsSchema(type: String) throws {
        let eventType = try #require(EventType.named(type))
        // While the golden files are being rewritten, another test may be writing this one.
        let file = GoldenEvents.goldenFolder.appendingPathComponent("\(type).json")
        let bytes = GoldenEvents.rewrites ? try #require(try GoldenEvents.bodies()[type]) : try Data(contentsOf: file)
        let body = try JSON.parse(bytes)
        let schema = try JSON.parse(Data(eventType.jsonSchema.utf8))
        #expect(SchemaConformance.problems(body, schema) == [])
        #expect(body["data"]?["schema_version"] == .number(Double(EventSchema.version)))
    }

    @Test("the checker refuses a body with a missing, an unknown or a mistyped member")
    func checkerRefuses() throws {
        let schema = try JSON.parse(Data(EventType.ideaAdvanced.jsonSchema.utf8))
        let body = try JSON.parse(try #require(try GoldenEvents.bodies()["idea.advanced"]))
        guard case .object(var members) = body, case .object(var data)? = members["data"] else {
            Issue.record("a body is an object with data")
            return
        }
        data["change"] = .object([
            "advanced": .object(["from": .string("a"), "gate": .string("g"), "to": .string("b")])
        ])
        data["sequence"] = .string("4")
        members["data"] = .object(data)
        #expect(
            SchemaConformance.problems(.object(members), schema) == [
                "$.data.change: missing required gate", "$.data.change: missing required from",
                "$.data.change: missing required to", "$.data.change: unexpected member advanced",
                "$.data.sequence: expected integer, found string(\"4\")",
            ])
    }

    @Test(
        "the golden folder holds a file for every event type and nothing else",
        .disabled(if: GoldenEvents.rewrites, "the golden files are being rewritten"))
    func noStrayGoldenFiles() throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: GoldenEvents.goldenFolder.path)
        #expect(Set(files) == Set(Self.names.map { "\($0).json" }))
        #expect(Set(try GoldenEvents.bodies().keys) == Set(Self.names))
    }
}
