import Foundation
import Hummingbird
import PipelineCore
import PipelineStore

/// `/v1/regions`: every labour-market region with its ideas counted, of those the caller may see.
struct RegionRoutes {
    let api: APIContext

    func register(on group: RouteTable.Group) {
        group.on("regions", .get) { request, context in
            let format = try RegionRoutes.format(request)
            let summaries = try await summaries(context)
            if format == .csv { return csv(summaries, filename: "regions.csv") }
            return try APIContext.json(["regions": summaries.map(RegionResource.init)])
        }
        group.on("regions/{name}", .get) { request, context in
            let format = try RegionRoutes.format(request)
            let raw = try context.parameters.require("name")
            let name = raw.removingPercentEncoding ?? raw
            let summaries = try await summaries(context)
            guard let summary = summaries.first(where: { $0.name == name }) else {
                throw Problem(.notFound, "unknown region '\(RegionRoutes.printable(name))'")
            }
            if format == .csv { return csv([summary], filename: "region.csv") }
            return try APIContext.json(RegionResource(summary))
        }
    }

    enum Format: String { case json, csv }

    /// `?format=json` (the default) or `?format=csv`; no other parameter.
    static func format(_ request: Request) throws -> Format {
        let parameters = request.uri.queryParameters
        for (name, _) in parameters where name != "format" {
            throw Problem(.invalidBody, "unknown query parameter '\(printable(String(name)))'")
        }
        guard let text = parameters["format"] else { return .json }
        guard let format = Format(rawValue: String(text)) else { throw Problem(.invalidBody, "format is json or csv") }
        return format
    }

    /// A name from the request as it may stand in a detail: short, without control characters.
    static func printable(_ text: String) -> String {
        var scalars = String.UnicodeScalarView()
        scalars.append(contentsOf: text.unicodeScalars.prefix(100).filter { $0.properties.generalCategory != .control })
        return String(scalars)
    }

    /// The server's regions in their order (those without ideas too), counted under the caller's
    /// visibility: the one SQL condition every list and count of ideas uses.
    private func summaries(_ context: PipelineRequestContext) async throws -> [RegionSummary] {
        let actor = try context.requireActor()
        return try await api.query { () async throws(StoreError) in
            try await RegionSummary.load(
                store: api.store, library: api.handler.library, regions: api.handler.regions,
                visibility: Access.visibility(for: actor, in: api.handler.library))
        }
    }

    private func csv(_ summaries: [RegionSummary], filename: String) -> Response {
        let stages = api.handler.library.workflows.flatMap { $0.stages.map(\.id) }
        return Response(
            status: .ok,
            headers: [
                .contentType: "text/csv; charset=utf-8; header=present",
                .contentDisposition: "attachment; filename=\"\(filename)\"",
            ],
            body: .init(byteBuffer: ByteBuffer(string: RegionSummary.csv(summaries, stageOrder: stages))))
    }
}

struct RegionResource: Encodable {
    let name: String
    let ideas: Int
    let active: Int
    let onHold: Int
    let completed: Int
    let killed: Int
    let byStage: [String: Int]
    let byTheme: [String: Int]
    let adoptions: Adoptions

    /// The region's implementations of adopted ideas.
    struct Adoptions: Encodable {
        let adopting: Int
        let live: Int
        let evaluated: Int
        let stopped: Int
        let outcomes: [String: Double]
    }

    enum CodingKeys: String, CodingKey {
        case name, ideas, active, completed, killed, adoptions
        case onHold = "on_hold"
        case byStage = "by_stage"
        case byTheme = "by_theme"
    }

    init(_ summary: RegionSummary) {
        name = summary.name
        ideas = summary.ideas
        active = summary.active
        onHold = summary.onHold
        completed = summary.completed
        killed = summary.killed
        byStage = summary.byStage
        byTheme = summary.byTheme
        let counted = summary.adoptions
        adoptions = Adoptions(
            adopting: counted.adopting, live: counted.live, evaluated: counted.evaluated, stopped: counted.stopped,
            outcomes: counted.outcomes)
    }
}
