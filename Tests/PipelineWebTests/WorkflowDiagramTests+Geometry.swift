import Foundation

@testable import PipelineWeb

#if canImport(FoundationXML)
import FoundationXML
#endif

/// An element of a parsed SVG document.
final class Element {
    let name: String
    let attributes: [String: String]
    var children: [Element] = []
    var text = ""

    init(name: String, attributes: [String: String]) {
        self.name = name
        self.attributes = attributes
    }

    /// Every element below this one (and itself) with `name`, in document order.
    func all(_ name: String) -> [Element] {
        (self.name == name ? [self] : []) + children.flatMap { $0.all(name) }
    }

    func first(_ name: String) -> Element? { all(name).first }
}

/// Builds the element tree; fails on anything that is not well-formed XML.
private final class TreeBuilder: NSObject, XMLParserDelegate {
    var stack: [Element] = []
    var root: Element?
    /// An end tag that closed another element than the open one, or an element left open.
    var mismatch = false

    func parser(
        _ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
        attributes: [String: String] = [:]
    ) {
        let element = Element(name: name, attributes: attributes)
        stack.last?.children.append(element)
        if root == nil { root = element }
        stack.append(element)
    }

    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
        if stack.popLast()?.name != name { mismatch = true }
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        stack.last?.text += string
    }
}

struct NotWellFormed: Error {
    let reason: String
}

/// The workflow diagram, parsed.
struct Drawing {
    let root: Element
    let width: Int
    let height: Int

    init(_ svg: String) throws {
        let parser = XMLParser(data: Data(svg.utf8))
        let builder = TreeBuilder()
        parser.delegate = builder
        guard parser.parse(), !builder.mismatch, builder.stack.isEmpty, let root = builder.root, root.name == "svg"
        else {
            throw NotWellFormed(reason: parser.parserError.map { "\($0)" } ?? "no svg element")
        }
        self.root = root
        let box = (root.attributes["viewBox"] ?? "").split(separator: " ").compactMap { Int($0) }
        guard box.count == 4, box[0] == 0, box[1] == 0 else { throw NotWellFormed(reason: "no viewBox") }
        width = box[2]
        height = box[3]
    }

    func groups(_ className: String) -> [Element] {
        root.all("g").filter { $0.attributes["class"] == className }
    }

    /// The texts of the first group of `className`.
    func texts(in className: String) -> [String] {
        groups(className).first.map { Self.texts($0) } ?? []
    }

    static func texts(_ element: Element, _ className: String? = nil) -> [String] {
        element.all("text").filter { className == nil || $0.attributes["class"] == className }.map(\.text)
    }

    static func textRects(_ element: Element) -> [Rect] { element.all("text").compactMap(rect) }

    /// Where a text is drawn, estimated as the drawing estimates it: from its anchor, its font
    /// (by its class) and its characters; from the ascent above the baseline to the descent below.
    static func rect(of text: Element) -> Rect? {
        guard let font = WorkflowDiagram.Font.all.first(where: { $0.className == text.attributes["class"] }),
            let x = text.attributes["x"].flatMap(Double.init), let y = text.attributes["y"].flatMap(Double.init)
        else { return nil }
        let width = Double(font.width(text.text))
        let left: Double
        switch text.attributes["text-anchor"] {
        case "middle": left = x - width / 2
        case "end": left = x - width
        default: left = x
        }
        let size = Double(font.size)
        return Rect(x: left, y: y - 0.95 * size, width: width, height: 1.25 * size)
    }

    /// Whether a path is an arrowhead's shape, not a line of the drawing.
    func isMarker(_ path: Element) -> Bool {
        root.all("marker").contains { marker in marker.all("path").contains { $0 === path } }
    }
}

struct Rect {
    var x: Double
    var y: Double
    var width: Double
    var height: Double

    init(x: Double, y: Double, width: Double, height: Double) {
        self.x = x
        self.y = y
        self.width = width
        self.height = height
    }

    init?(_ rect: Element) {
        guard let x = rect.attributes["x"].flatMap(Double.init), let y = rect.attributes["y"].flatMap(Double.init),
            let width = rect.attributes["width"].flatMap(Double.init),
            let height = rect.attributes["height"].flatMap(Double.init)
        else { return nil }
        self.init(x: x, y: y, width: width, height: height)
    }

    var maxX: Double { x + width }
    var maxY: Double { y + height }
    var middleY: Double { y + height / 2 }

    func contains(_ other: Rect) -> Bool {
        other.x >= x && other.maxX <= maxX && other.y >= y && other.maxY <= maxY
    }

    /// More than a hair's breadth in common.
    func overlaps(_ other: Rect) -> Bool {
        min(maxX, other.maxX) - max(x, other.x) > 0.5 && min(maxY, other.maxY) - max(y, other.y) > 0.5
    }

    func hasOnEdge(_ point: Point) -> Bool {
        let inX = point.x >= x - 0.5 && point.x <= maxX + 0.5
        let inY = point.y >= y - 0.5 && point.y <= maxY + 0.5
        return (inY && (abs(point.x - x) <= 0.5 || abs(point.x - maxX) <= 0.5))
            || (inX && (abs(point.y - y) <= 0.5 || abs(point.y - maxY) <= 0.5))
    }
}

struct Point {
    let x: Double
    let y: Double
}

/// A path of the drawing (`M`, `H`, `V` and `C` with absolute numbers) as the points it passes,
/// a curve by its control points.
struct Path {
    let points: [Point]
    /// The upright segments, drawn by `V`.
    let uprights: [(x: Double, from: Double, to: Double)]

    init?(_ data: String) {
        var tokens = data.split(separator: " ").map(String.init)[...]
        var points: [Point] = []
        var uprights: [(x: Double, from: Double, to: Double)] = []
        func number() -> Double? { tokens.popFirst().flatMap(Double.init) }
        while let command = tokens.popFirst() {
            let current = points.last
            switch command {
            case "M":
                guard points.isEmpty, let x = number(), let y = number() else { return nil }
                points.append(Point(x: x, y: y))
            case "H":
                guard let current, let x = number() else { return nil }
                points.append(Point(x: x, y: current.y))
            case "V":
                guard let current, let y = number() else { return nil }
                points.append(Point(x: current.x, y: y))
                uprights.append((current.x, min(current.y, y), max(current.y, y)))
            case "C":
                for _ in 0..<3 {
                    guard let x = number(), let y = number() else { return nil }
                    points.append(Point(x: x, y: y))
                }
            default: return nil
            }
        }
        guard !points.isEmpty else { return nil }
        self.points = points
        self.uprights = uprights
    }

    enum Side { case left, right }

    /// Whether all the texts stand beside one upright segment, on `side`: 3 to 12 px from it,
    /// each text's middle within the segment's height.
    func isBeside(_ texts: [Rect], side: Side) -> Bool {
        guard !texts.isEmpty else { return false }
        return uprights.contains { upright in
            texts.allSatisfy { text in
                let gap = side == .right ? text.x - upright.x : upright.x - text.maxX
                return gap >= 3 && gap <= 12 && text.middleY >= upright.from && text.middleY <= upright.to
            }
        }
    }

    var segments: [(Point, Point)] { Array(zip(points, points.dropFirst())) }

    func distance(to rect: Rect) -> Double {
        segments.map { Self.distance($0.0, $0.1, rect) }.min() ?? .infinity
    }

    /// Whether a segment runs through the text's rectangle (less a hair's breadth at its edges).
    func crosses(_ rect: Rect) -> Bool {
        let inner = Rect(x: rect.x + 0.5, y: rect.y + 0.5, width: rect.width - 1, height: rect.height - 1)
        return segments.contains { Self.distance($0.0, $0.1, inner) == 0 }
    }

    private static func distance(_ a: Point, _ b: Point, _ rect: Rect) -> Double {
        if clips(a, b, rect) { return 0 }
        let corners = [
            Point(x: rect.x, y: rect.y), Point(x: rect.maxX, y: rect.y), Point(x: rect.x, y: rect.maxY),
            Point(x: rect.maxX, y: rect.maxY),
        ]
        let fromEnds = [a, b].map { point in
            hypot(max(rect.x - point.x, 0, point.x - rect.maxX), max(rect.y - point.y, 0, point.y - rect.maxY))
        }
        return (fromEnds + corners.map { distance($0, a, b) }).min() ?? .infinity
    }

    private static func distance(_ point: Point, _ a: Point, _ b: Point) -> Double {
        let dx = b.x - a.x
        let dy = b.y - a.y
        let length = dx * dx + dy * dy
        let t = length == 0 ? 0 : max(0, min(1, ((point.x - a.x) * dx + (point.y - a.y) * dy) / length))
        return hypot(point.x - (a.x + t * dx), point.y - (a.y + t * dy))
    }

    /// Liang–Barsky: whether any part of the segment lies inside the rectangle.
    private static func clips(_ a: Point, _ b: Point, _ rect: Rect) -> Bool {
        var low = 0.0
        var high = 1.0
        let dx = b.x - a.x
        let dy = b.y - a.y
        for (p, q) in [(-dx, a.x - rect.x), (dx, rect.maxX - a.x), (-dy, a.y - rect.y), (dy, rect.maxY - a.y)] {
            if p == 0 {
                if q < 0 { return false }
            } else {
                let t = q / p
                if p < 0 { low = max(low, t) } else { high = min(high, t) }
                if low > high { return false }
            }
        }
        return true
    }
}

/// The colours of `pipeline.css`, by selector, with `var(--name)` resolved from `:root`.
struct StyleSheet {
    let rules: [(selectors: [String], declarations: [String: String])]

    init(_ css: String) {
        var rules: [(selectors: [String], declarations: [String: String])] = []
        let css = css.replacingOccurrences(of: #"(?s)/\*.*?\*/"#, with: "", options: .regularExpression)
        for rule in css.split(separator: "}") {
            let parts = rule.split(separator: "{", maxSplits: 1)
            guard parts.count == 2 else { continue }
            let selectors = parts[0].split(separator: ",").map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
            var declarations: [String: String] = [:]
            for declaration in parts[1].split(separator: ";") {
                let pair = declaration.split(separator: ":", maxSplits: 1)
                guard pair.count == 2 else { continue }
                declarations[pair[0].trimmingCharacters(in: .whitespaces)] = pair[1].trimmingCharacters(
                    in: .whitespaces)
            }
            rules.append((selectors, declarations))
        }
        self.rules = rules
    }

    /// The colour `property` of `svg .className` (`stage.done` for two classes): the last rule's.
    func colour(of className: String, _ property: String) -> (Double, Double, Double)? {
        guard
            var value = rules.last(where: {
                $0.selectors.contains("svg .\(className)") && $0.declarations[property] != nil
            })?
            .declarations[property]
        else { return nil }
        if value.hasPrefix("var(") {
            let name = String(value.dropFirst(4).dropLast())
            guard let root = rules.first(where: { $0.selectors == [":root"] })?.declarations[name] else { return nil }
            value = root
        }
        return Self.rgb(value)
    }

    static func rgb(_ hex: String) -> (Double, Double, Double)? {
        var digits = hex.hasPrefix("#") ? String(hex.dropFirst()) : hex
        if digits.count == 3 { digits = digits.map { "\($0)\($0)" }.joined() }
        guard digits.count == 6, let value = Int(digits, radix: 16) else { return nil }
        return (Double(value >> 16 & 0xff) / 255, Double(value >> 8 & 0xff) / 255, Double(value & 0xff) / 255)
    }

    /// WCAG 2's contrast ratio of two colours.
    static func contrast(_ a: (Double, Double, Double), _ b: (Double, Double, Double)) -> Double {
        func luminance(_ colour: (Double, Double, Double)) -> Double {
            func channel(_ value: Double) -> Double {
                value <= 0.03928 ? value / 12.92 : pow((value + 0.055) / 1.055, 2.4)
            }
            return 0.2126 * channel(colour.0) + 0.7152 * channel(colour.1) + 0.0722 * channel(colour.2)
        }
        let (light, dark) = (max(luminance(a), luminance(b)), min(luminance(a), luminance(b)))
        return (light + 0.05) / (dark + 0.05)
    }
}
