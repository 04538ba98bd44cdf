import Foundation
import PipelineCore
import Testing

/// The JSON Schemas come from `EventType.all`; `docs/events` keeps a copy for readers, which
/// must be what the code generates.
@Suite("Event types and their JSON Schemas")
struct EventSchemaTests {
    static let names = EventType.all.map(\.name)

    @Test("docs/events holds each type's schema exactly as the code generates it", arguments: names)
    func documentedSchema(type: String) throws {
        let schema = try #require(EventType.named(type)).jsonSchema
        let file = GoldenEvents.schemasFolder.appendingPathComponent("\(type).schema.json")
        if GoldenEvents.rewrites {
            try FileManager.default.createDirectory(at: GoldenEvents.schemasFolder, withIntermediateDirectories: true)
            try Data(schema.utf8).write(to: file)
        }
        #expect(
            try Data(contentsOf: file) == Data(schema.utf8),
            """
            docs/events/\(type).schema.json is not the schema the code generates. Regenerate it with
            PIPELINE_WRITE_GOLDEN=1 swift test --filter PipelineCoreTests and review the diff.
            """)
    }

    @Test(
        "docs/events holds a schema for every event type and nothing else",
        .disabled(if: GoldenEvents.rewrites, "the schemas are being rewritten"))
    func noStraySchemas() throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: GoldenEvents.schemasFolder.path)
        #expect(Set(files) == Set(Self.names.map { "\($0).schema.json" }))
    }

    @Test("each schema is draft 2020-12 with an id and a title, and closes the body, data and change", arguments: names)
    func schemaShape(type: String) throws {
        let eventType = try #require(EventType.named(type))
        let schema = try JSON.parse(Data(eventType.jsonSchema.utf8))
        #expect(schema["$schema"] == .string("https://json-schema.org/draft/2020-12/schema"))
        #expect(schema["$id"] == .string("https://pipeline.invalid/schemas/events/\(type).schema.json"))
        #expect(schema["title"] == .string(type))
        #expect(schema["description"] == .string(eventType.summary))
        var closed = [schema, schema["properties"]?["data"]]
        if eventType.isRecordEvent { closed.append(schema["properties"]?["data"]?["properties"]?["change"]) }
        for object in closed {
            #expect(object?["type"] == .string("object"))
            #expect(object?["additionalProperties"] == .boolean(false))
            #expect(object?["required"] != nil && object?["properties"] != nil)
        }
        #expect(schema["properties"]?["type"]?["const"] == .string(type))
    }

    @Test("every change names a type of the catalog, and the catalog's names are unique")
    func catalog() {
        #expect(Set(Self.names).count == Self.names.count)
        let events = GoldenEvents.stories.flatMap { GoldenEvents.events(of: $0.story, idea: $0.idea) }.map(\.0)
        let recordTypes = EventType.all.filter(\.isRecordEvent).map(\.name)
        #expect(Set(events.map(\.type)) == Set(recordTypes))
        #expect(events.allSatisfy { EventType.named($0.type) == $0.eventType })
        // An implementation's events are the twins of an idea's, but it starts with idea.adopted.
        let twins = EventType.all.filter(\.isImplementation).map(\.name)
        #expect(twins.count == EventType.all.filter { if case .idea = $0.subject { true } else { false } }.count)
        #expect(EventType.named("implementation.submitted") == nil)
    }
}
