import Foundation
import Hummingbird
import PipelineCore
import PipelineStore

extension WebPages {
    /// `/regions`: the national overview, a tile map of the regions and a table of every region.
    func regionsPage(_ visitor: Visitor) async throws -> Response {
        let summaries = try await regionSummaries(visitor)
        let map = RegionTileMap(summaries: summaries)
        let names = stageNames
        let outcome = outcomeFields.first
        let values: [String: Any] = [
            "outcome_label": outcome?.label ?? "",
            "adoptions_live": DutchFormat.number(summaries.map(\.adoptions.live).reduce(0, +)),
            "chart": map.svg(
                title: labels["regions_map"],
                label: { name, count in
                    labels.format(
                        count == 1 ? "regions_tile_one" : "regions_tile",
                        ["name": name, "count": DutchFormat.number(count)])
                },
                href: Self.regionPath),
            "total": DutchFormat.number(summaries.map(\.ideas).reduce(0, +)),
            "rows": summaries.map { summary -> [String: Any] in
                let adoptions = summary.adoptions
                return [
                    "name": summary.name, "href": Self.regionPath(summary.name),
                    "ideas": DutchFormat.number(summary.ideas), "active": DutchFormat.number(summary.active),
                    "on_hold": DutchFormat.number(summary.onHold), "completed": DutchFormat.number(summary.completed),
                    "killed": DutchFormat.number(summary.killed), "adopting": DutchFormat.number(adoptions.adopting),
                    "live": DutchFormat.number(adoptions.live),
                    "outcome": outcome.map { Self.outcome(adoptions.outcomes[$0.field] ?? 0) } ?? "",
                    "stages": summary.largestStages.prefix(3).map {
                        "\(names[$0.stage] ?? $0.stage) (\(DutchFormat.number($0.count)))"
                    }.joined(separator: ", "),
                ]
            },
            "csv": "/regions.csv",
        ]
        return html("regions", values, visitor: visitor, title: labels["regions_title"])
    }

    /// `/regions.csv`: the overview's table, the same as `GET /v1/regions?format=csv` (which is
    /// RFC 4180, as `?format=rfc4180` here; by default a Dutch Excel's dialect).
    func regionsCSV(_ request: Request, _ visitor: Visitor) async throws -> Response {
        let dialect = try csvDialect(request)
        let summaries = try await regionSummaries(visitor)
        return PageResponse.download(
            RegionSummary.csv(
                summaries, stageOrder: library.workflows.flatMap { $0.stages.map(\.id) }, dialect: dialect),
            contentType: "text/csv; charset=utf-8; header=present", filename: "regions.csv")
    }

    /// Ideas, and implementations, per page of a region's page.
    static let regionPageSize = 50

    /// `/regions/{name}`: one region's ideas by stage and by theme, counted; the ideas the person
    /// may see listed a page at a time (`?ideas=`), and her region's implementations of adopted
    /// ideas, counted, and listed a page at a time (`?cursor=`): each list oldest first, as
    /// `GET /v1/ideas?region=` and `GET /v1/implementations?region=` page them, with how many she
    /// may see in all. Each list's links keep the other list's page. The CSVs have every one.
    func regionPage(_ request: Request, _ visitor: Visitor, name raw: String) async throws -> Response {
        let summary = try await region(visitor, raw)
        let cursors = RegionCursors(
            ideas: Self.cursor(request, "ideas"), implementations: Self.cursor(request, "cursor"))
        let ideaPage = try await regionRecords(
            visitor.actor, region: summary.name, records: .ideas, cursor: cursors.ideas)
        let page = try await regionRecords(
            visitor.actor, region: summary.name, records: .implementations(parent: nil),
            cursor: cursors.implementations)
        let implementations = page.ideas
        let ideas = ideaPage.ideas
        let names = stageNames
        let themes = themeLabels
        let adoptions = summary.adoptions
        var values: [String: Any] = [
            "adoption_summary": labels.format(
                "regions_adoptions",
                [
                    "adopting": DutchFormat.number(adoptions.adopting), "live": DutchFormat.number(adoptions.live),
                    "evaluated": DutchFormat.number(adoptions.evaluated),
                    "stopped": DutchFormat.number(adoptions.stopped),
                ]),
            "outcomes": outcomeFields.compactMap { field -> [String: Any]? in
                guard let sum = adoptions.outcomes[field.field] else { return nil }
                return ["label": field.label, "sum": Self.outcome(sum)]
            },
            "implementations": implementations.map { implementation -> [String: Any] in
                let workflow = library.workflow(implementation.workflowID, version: implementation.workflowVersion)
                return [
                    "id": implementation.id, "title": implementation.title ?? implementation.id,
                    "idea": implementation.parent ?? "",
                    "stage": workflow?.stage(implementation.stage)?.name ?? implementation.stage,
                    "step": labels["adoption_step_\(AdoptionStep(of: implementation, in: workflow).rawValue)"],
                    "organisation": implementation.organisation,
                ]
            },
            "implementations_csv": Self.regionPath(summary.name) + "/implementations.csv",
            "name": summary.name, "ideas": DutchFormat.number(summary.ideas),
            "active": DutchFormat.number(summary.active), "on_hold": DutchFormat.number(summary.onHold),
            "completed": DutchFormat.number(summary.completed), "killed": DutchFormat.number(summary.killed),
            "stages": bars(summary.largestStages.map { (names[$0.stage] ?? $0.stage, $0.count) }, of: summary.ideas),
            "themes": bars(
                summary.byTheme.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }
                    .map { (themes[$0.key] ?? $0.key, $0.value) }, of: summary.ideas),
            "list": ideas.map { idea -> [String: Any] in
                [
                    "id": idea.id, "title": idea.title ?? idea.id,
                    "workflow": library.latest(idea.workflowID)?.name ?? idea.workflowID,
                    "stage": names[idea.stage] ?? idea.stage, "status": labels["status_\(idea.status.rawValue)"],
                    "theme": idea.theme.map { themes[$0] ?? $0 } ?? "", "organisation": idea.organisation,
                ]
            },
            "csv": Self.regionPath(summary.name) + "/ideas.csv",
        ]
        values.merge(
            pageLinks(
                ideaPage, as: "list", shown: "regions_ideas_shown", region: summary.name,
                current: cursors.ideas, at: "t-ideas", cursors: { cursors.with(ideas: $0) })
        ) { $1 }
        values.merge(
            pageLinks(
                page, as: "implementations", shown: "regions_implementations_shown", region: summary.name,
                current: cursors.implementations, at: "h-implementations",
                cursors: { cursors.with(implementations: $0) })
        ) { $1 }
        return html("region", values, visitor: visitor, title: summary.name)
    }

    /// One paged list's words and links on a region's page, named `<name>_shown` (how many of how
    /// many, from the label `shown`; empty for none), `<name>_next` and `<name>_first` (empty where
    /// there is no such page): `cursors` gives the cursors of a link that moves this list to a page.
    private func pageLinks(
        _ page: IdeaPage, as name: String, shown: String, region: String, current: String?, at anchor: String,
        cursors: (String?) -> RegionCursors
    ) -> [String: Any] {
        let total = page.total ?? page.ideas.count
        return [
            name + "_shown": total == 0
                ? ""
                : labels.format(
                    shown, ["shown": DutchFormat.number(page.ideas.count), "total": DutchFormat.number(total)]),
            name + "_next": page.nextCursor.map { Self.regionPath(region, cursors($0), at: anchor) } ?? "",
            name + "_first": current == nil ? "" : Self.regionPath(region, cursors(nil), at: anchor),
        ]
    }

    /// `/regions/{name}/ideas.csv`: the region's ideas the person may see, one a row.
    func regionIdeasCSV(_ request: Request, _ visitor: Visitor, name raw: String) async throws -> Response {
        let dialect = try csvDialect(request)
        let summary = try await region(visitor, raw)
        let ideas = try await visibleIdeas(visitor.actor, workflowID: nil, region: summary.name)
        var rows = [["id", "title", "workflow", "stage", "status", "theme", "organisation", "region"]]
        for idea in ideas {
            rows.append([
                idea.id, idea.title ?? "", idea.workflowID, idea.stage, idea.status.rawValue, idea.theme ?? "",
                idea.organisation, idea.region,
            ])
        }
        return PageResponse.download(
            CSV.table(rows, dialect: dialect), contentType: "text/csv; charset=utf-8; header=present",
            filename: "region-\(Self.fileName(summary.name)).csv")
    }

    /// `/regions/{name}/implementations.csv`: the region's implementations the person may see.
    func regionImplementationsCSV(_ request: Request, _ visitor: Visitor, name raw: String) async throws
        -> Response
    {
        let dialect = try csvDialect(request)
        let summary = try await region(visitor, raw)
        let implementations = try await visibleIdeas(
            visitor.actor, workflowID: nil, region: summary.name, records: .implementations(parent: nil))
        var rows = [["id", "idea", "title", "workflow", "stage", "step", "status", "organisation", "region"]]
        for implementation in implementations {
            let workflow = library.workflow(implementation.workflowID, version: implementation.workflowVersion)
            rows.append([
                implementation.id, implementation.parent ?? "", implementation.title ?? "", implementation.workflowID,
                implementation.stage, AdoptionStep(of: implementation, in: workflow).rawValue,
                implementation.status.rawValue, implementation.organisation, implementation.region,
            ])
        }
        return PageResponse.download(
            CSV.table(rows, dialect: dialect), contentType: "text/csv; charset=utf-8; header=present",
            filename: "region-\(Self.fileName(summary.name))-implementations.csv")
    }

    /// The outcomes the workflows' adoptions measure, with the implementation workflow's labels.
    private var outcomeFields: [(field: String, label: String)] {
        RegionSummary.outcomeFields(library).map { field in
            let label = library.latestWorkflows.lazy.filter { $0.kind == .implementation }
                .compactMap { $0.field(field)?.label }.first
            return (field, label ?? field)
        }
    }

    /// The page of a region: its name percent-encoded as one path segment (a `/` too).
    static func regionPath(_ name: String) -> String {
        "/regions/" + (name.addingPercentEncoding(withAllowedCharacters: unreserved) ?? "")
    }

    /// The region's page showing the pages `cursors` name of its two lists, at the list `anchor`.
    static func regionPath(_ name: String, _ cursors: RegionCursors, at anchor: String) -> String {
        let query = [("ideas", cursors.ideas), ("cursor", cursors.implementations)].compactMap { key, cursor in
            cursor.map { key + "=" + ($0.addingPercentEncoding(withAllowedCharacters: unreserved) ?? "") }
        }
        return regionPath(name) + (query.isEmpty ? "" : "?" + query.joined(separator: "&")) + "#" + anchor
    }

    /// A cursor from the query; an empty one is the first page.
    private static func cursor(_ request: Request, _ name: String) -> String? {
        request.uri.queryParameters[Substring(name)].map(String.init).flatMap { $0.isEmpty ? nil : $0 }
    }

    /// What a URL carries unencoded: ASCII letters and digits, `-._~` (RFC 3986).
    private static let unreserved: CharacterSet = {
        var allowed = CharacterSet.alphanumerics.intersection(
            CharacterSet(charactersIn: Unicode.Scalar(0)..<Unicode.Scalar(128)))
        allowed.insert(charactersIn: "-._~")
        return allowed
    }()

    static func fileName(_ name: String) -> String {
        String(name.map { $0.isASCII && ($0.isLetter || $0.isNumber) ? $0 : "-" })
    }

    /// Every region counted over what the person may see: the same store query and visibility
    /// condition as `GET /v1/regions`.
    private func regionSummaries(_ visitor: Visitor) async throws -> [RegionSummary] {
        do {
            return try await RegionSummary.load(
                store: store, library: library, regions: handler.regions,
                visibility: Access.visibility(for: visitor.actor, in: library))
        } catch { throw PageError(.serviceUnavailable, labels["error_unavailable"]) }
    }

    private func region(_ visitor: Visitor, _ raw: String) async throws -> RegionSummary {
        let name = raw.removingPercentEncoding ?? raw
        guard let summary = try await regionSummaries(visitor).first(where: { $0.name == name }) else {
            throw PageError(.notFound, labels["regions_unknown"])
        }
        return summary
    }

    /// One page of the region's ideas or implementations that the person may see, oldest first,
    /// with how many she may see in all: the store's paged listing (as `GET /v1/ideas` and
    /// `GET /v1/implementations`) under the same visibility condition, then
    /// ``Access/canView(_:actor:workflow:)`` on each, as `visibleIdeas` does. A cursor the store did
    /// not hand out is a 400 page.
    private func regionRecords(_ actor: Actor, region: String, records: IdeaQuery.Records, cursor: String?)
        async throws -> IdeaPage
    {
        let query = IdeaQuery(
            region: region, visibility: Access.visibility(for: actor, in: library), records: records,
            limit: Self.regionPageSize, cursor: cursor, countsTotal: true)
        let page: IdeaPage
        do { page = try await store.ideas(query) } catch .invalidCursor {
            throw PageError(.badRequest, labels["regions_bad_cursor"])
        } catch { throw PageError(.serviceUnavailable, labels["error_unavailable"]) }
        return IdeaPage(ideas: viewable(page.ideas, by: actor), nextCursor: page.nextCursor, total: page.total)
    }

    /// A bar per count: `count` and `total` for the `<meter>`, `shown` for people.
    private func bars(_ counts: [(String, Int)], of total: Int) -> [[String: Any]] {
        counts.map { label, count in
            ["label": label, "count": count, "shown": DutchFormat.number(count), "total": max(total, 1)]
        }
    }

    /// An outcome's sum or median for people: `1.234,5`, one decimal at most.
    static func outcome(_ value: Double) -> String { DutchFormat.number(value, maximumFractionDigits: 1) }

    /// Stage names by id, the first workflow that has the id naming it.
    private var stageNames: [String: String] {
        var names: [String: String] = [:]
        for workflow in library.latestWorkflows {
            for stage in workflow.stages where names[stage.id] == nil { names[stage.id] = stage.name }
        }
        return names
    }

    /// Theme labels by value, from the workflows' `theme` field.
    private var themeLabels: [String: String] {
        var names: [String: String] = [:]
        for workflow in library.latestWorkflows {
            for option in workflow.field("theme")?.type.options ?? [] where names[option.value] == nil {
                names[option.value] = option.label
            }
        }
        return names
    }
}

/// Which page of each of a region page's two lists is shown: nil is the first.
struct RegionCursors {
    var ideas: String?
    var implementations: String?

    func with(ideas: String?) -> Self { Self(ideas: ideas, implementations: implementations) }
    func with(implementations: String?) -> Self { Self(ideas: ideas, implementations: implementations) }
}
