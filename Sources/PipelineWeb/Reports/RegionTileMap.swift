import PipelineCore
import PipelineStore

/// The 28 labour-market regions as a tile map: one square per region on a grid that roughly
/// follows the map of the Netherlands (Groningen, Friesland and Drenthe at the top, Zeeland
/// bottom left, Zuid-Limburg bottom right), each labelled with a short name and its count, shaded
/// by count and linked to the region's page. A region the grid does not know (the list in
/// `config/regions.txt` changed) gets a tile in a row below the map, so none is left out.
struct RegionTileMap {
    struct Place {
        let column: Int
        let row: Int
        let short: String
    }

    static let places: [String: Place] = [
        "Noord-Holland Noord": Place(column: 2, row: 0, short: "NHN"),
        "Friesland": Place(column: 3, row: 0, short: "FRI"),
        "Groningen": Place(column: 4, row: 0, short: "GRO"),
        "Zaanstreek en Waterland": Place(column: 2, row: 1, short: "Z&W"),
        "Flevoland": Place(column: 3, row: 1, short: "FLE"),
        "Drenthe": Place(column: 4, row: 1, short: "DRE"),
        "Amstelland/Kennemerland/Meerlanden": Place(column: 1, row: 2, short: "AKM"),
        "Amsterdam": Place(column: 2, row: 2, short: "AMS"),
        "Gooi- en Vechtstreek": Place(column: 3, row: 2, short: "G&V"),
        "IJsselvecht": Place(column: 4, row: 2, short: "IJV"),
        "Twente": Place(column: 5, row: 2, short: "TWE"),
        "Rijnstreek": Place(column: 1, row: 3, short: "RST"),
        "Utrecht en omgeving": Place(column: 2, row: 3, short: "UTR"),
        "Amersfoort en omgeving": Place(column: 3, row: 3, short: "AMF"),
        "Noordwest-Veluwe en Stedendriehoek": Place(column: 4, row: 3, short: "NVS"),
        "Achterhoek": Place(column: 5, row: 3, short: "ACH"),
        "Haaglanden": Place(column: 0, row: 4, short: "HGL"),
        "Rijnmond": Place(column: 1, row: 4, short: "RMD"),
        "Zuid-West Gelderland": Place(column: 3, row: 4, short: "ZWG"),
        "Midden-Gelderland": Place(column: 4, row: 4, short: "MGL"),
        "Drechtsteden": Place(column: 1, row: 5, short: "DRS"),
        "Noordoost-Brabant": Place(column: 3, row: 5, short: "NOB"),
        "Zeeland": Place(column: 0, row: 6, short: "ZEE"),
        "West-Brabant": Place(column: 1, row: 6, short: "WBR"),
        "Midden-Brabant": Place(column: 2, row: 6, short: "MBR"),
        "Zuidoost-Brabant": Place(column: 3, row: 6, short: "ZOB"),
        "Noord- en Midden-Limburg": Place(column: 4, row: 6, short: "NML"),
        "Zuid-Limburg": Place(column: 4, row: 7, short: "ZLI"),
    ]

    static let columns = 6
    static let rows = 8
    static let tile = 80
    static let gap = 6

    let summaries: [RegionSummary]

    /// The shade of a tile, 0 (no ideas) to 4 (the most), relative to the region with the most.
    static func shade(_ count: Int, largest: Int) -> Int {
        guard count > 0, largest > 0 else { return 0 }
        return min(4, 1 + (count - 1) * 4 / largest)
    }

    /// The SVG, titled `title`; `label(name, count)` says a tile to a screen reader.
    func svg(title: String, label: (String, Int) -> String, href: (String) -> String) -> String {
        let unplaced = summaries.filter { Self.places[$0.name] == nil }
        let extraRows = (unplaced.count + Self.columns - 1) / Self.columns
        let step = Self.tile + Self.gap
        var svg = SVG(width: Self.columns * step, height: (Self.rows + extraRows) * step, title: title)
        let largest = summaries.map(\.ideas).max() ?? 0
        var spare = 0
        for summary in summaries {
            let place: Place
            if let known = Self.places[summary.name] {
                place = known
            } else {
                place = Place(
                    column: spare % Self.columns, row: Self.rows + spare / Self.columns,
                    short: String(summary.name.prefix(4)))
                spare += 1
            }
            let x = place.column * step
            let y = place.row * step
            let shade = Self.shade(summary.ideas, largest: largest)
            // White text only on the darkest shade: on shade 3 it would have 3:1, too little for 15 px.
            let dark = shade >= 4 ? " on-dark" : ""
            svg.link(href(summary.name), title: label(summary.name, summary.ideas)) { svg in
                svg.rect(x: x, y: y, width: Self.tile, height: Self.tile, className: "tile shade-\(shade)", rounded: 4)
                svg.text(place.short, x: x + Self.tile / 2, y: y + 32, className: "tile-name" + dark, anchor: "middle")
                svg.text(
                    DutchFormat.number(summary.ideas), x: x + Self.tile / 2, y: y + 58, className: "tile-count" + dark,
                    anchor: "middle")
            }
        }
        return svg.document
    }
}
