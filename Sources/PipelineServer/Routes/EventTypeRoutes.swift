import Hummingbird
import PipelineCore

/// `/v1/event-types`: the event types webhooks deliver, each with the JSON Schema of its body,
/// for any token holder writing a consumer.
struct EventTypeRoutes {
    func register(on group: RouteTable.Group) {
        group.on("event-types", .get) { _, context in
            _ = try context.requireActor()
            return try APIContext.json(["event_types": EventType.all.map(EventTypeResource.init)])
        }
        group.on("event-types/{type}", .get) { _, context in
            _ = try context.requireActor()
            let name = try context.parameters.require("type")
            guard let type = EventType.named(name) else {
                throw Problem(
                    .notFound,
                    "unknown event type '\(name.prefix(60))'; known: "
                        + EventType.all.map(\.name).joined(separator: ", "))
            }
            return Response(
                status: .ok, headers: [.contentType: "application/schema+json"],
                body: .init(byteBuffer: ByteBuffer(string: type.jsonSchema)))
        }
    }
}

/// One entry of `GET /v1/event-types`.
struct EventTypeResource: Encodable {
    let type: String
    let description: String
    /// Where the API serves the type's JSON Schema.
    let schema: String

    init(_ type: EventType) {
        self.type = type.name
        description = type.summary
        schema = "/v1/event-types/\(type.name)"
    }
}
