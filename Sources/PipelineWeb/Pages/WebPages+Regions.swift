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
        let values: [String: Any] = [
            "chart": map.svg(
                title: labels["regions_map"],
                label: { name, count in
                    labels.format(
                        count == 1 ? "regions_tile_one" : "regions_tile", ["name": name, "count": String(count)])
                },
                href: Self.regionPath),
            "total": summaries.map(\.ideas).reduce(0, +),
            "rows": summaries.map { summary -> [String: Any] in
                [
                    "name": summary.name, "href": Self.regionPath(summary.name), "ideas": summary.ideas,
                    "active": summary.active, "on_hold": summary.onHold, "completed": summary.completed,
                    "killed": summary.killed,
                    "stages": summary.largestStages.prefix(3).map { "\(names[$0.stage] ?? $0.stage) (\($0.count))" }
                        .joined(separator: ", "),
                ]
            },
            "csv": "/regions.csv",
        ]
        return html("regions", values, visitor: visitor, title: labels["regions_title"])
    }

    /// `/regions.csv`: the overview's table, the same as `GET /v1/regions?format=csv`.
    func regionsCSV(_ visitor: Visitor) async throws -> Response {
        let summaries = try await regionSummaries(visitor)
        return PageResponse.download(
            RegionSummary.csv(summaries, stageOrder: library.workflows.flatMap { $0.stages.map(\.id) }),
            contentType: "text/csv; charset=utf-8; header=present", filename: "regions.csv")
    }

    /// `/regions/{name}`: one region's ideas by stage and by theme, and the list of them.
    func regionPage(_ visitor: Visitor, name raw: String) async throws -> Response {
        let (summary, ideas) = try await region(visitor, raw)
        let names = stageNames
        let themes = themeLabels
        let values: [String: Any] = [
            "name": summary.name, "ideas": summary.ideas, "active": summary.active, "on_hold": summary.onHold,
            "completed": summary.completed, "killed": summary.killed,
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
        return html("region", values, visitor: visitor, title: summary.name)
    }

    /// `/regions/{name}/ideas.csv`: the region's ideas the person may see, one a row.
    func regionIdeasCSV(_ visitor: Visitor, name raw: String) async throws -> Response {
        let (summary, ideas) = try await region(visitor, raw)
        var rows = [["id", "title", "workflow", "stage", "status", "theme", "organisation", "region"]]
        for idea in ideas {
            rows.append([
                idea.id, idea.title ?? "", idea.workflowID, idea.stage, idea.status.rawValue, idea.theme ?? "",
                idea.organisation, idea.region,
            ])
        }
        return PageResponse.download(
            CSV.table(rows), contentType: "text/csv; charset=utf-8; header=present",
            filename: "region-\(Self.fileName(summary.name)).csv")
    }

    /// The page of a region: its name percent-encoded as one path segment (a `/` too).
    static func regionPath(_ name: String) -> String {
        var allowed = CharacterSet.alphanumerics.intersection(
            CharacterSet(charactersIn: Unicode.Scalar(0)..<Unicode.Scalar(128)))
        allowed.insert(charactersIn: "-._~")
        return "/regions/" + (name.addingPercentEncoding(withAllowedCharacters: allowed) ?? "")
    }

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

    private func region(_ visitor: Visitor, _ raw: String) async throws -> (RegionSummary, [Idea]) {
        let name = raw.removingPercentEncoding ?? raw
        guard let summary = try await regionSummaries(visitor).first(where: { $0.name == name }) else {
            throw PageError(.notFound, labels["regions_unknown"])
        }
        let ideas = try await visibleIdeas(visitor.actor, workflowID: nil, region: summary.name)
        return (summary, ideas)
    }

    private func bars(_ counts: [(String, Int)], of total: Int) -> [[String: Any]] {
        counts.map { label, count in
            ["label": label, "count": count, "total": max(total, 1)]
        }
    }

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
