/// Small SVG documents built as text. Every piece of text goes through `escape`, so a stage name
/// or a region cannot break out of the drawing.
struct SVG {
    private(set) var body = ""
    /// Whether the drawing has links: then it is a group a screen reader can enter, not one image.
    private(set) var hasLinks = false
    let width: Int
    let height: Int
    let title: String
    /// What the drawing shows, in words, for screen readers (`<desc>`); `nil` for none.
    var description: String?
    /// The prefix of the ids in the document (its title, description and arrowheads), so that two
    /// drawings on one page do not share them.
    var id = "svg"
    /// Whether the document says its size in pixels: drawn at that size where there is room,
    /// scaled down (by the page's `max-width: 100%`) where there is not, never up.
    var natural = false
    var className = "chart"
    /// Arrowheads besides `arrow`, each with its class and size (in line widths; `arrow`'s is 7):
    /// `(id: "stop", className: "stop-head", size: 7)`.
    var markers: [(id: String, className: String, size: Int)] = []

    init(width: Int, height: Int, title: String) {
        self.width = width
        self.height = height
        self.title = title
    }

    static func escape(_ text: String) -> String {
        var output = ""
        output.reserveCapacity(text.utf8.count)
        for character in text {
            switch character {
            case "&": output += "&amp;"
            case "<": output += "&lt;"
            case ">": output += "&gt;"
            case "\"": output += "&quot;"
            case "'": output += "&#39;"
            default: output.append(character)
            }
        }
        return output
    }

    mutating func rect(x: Int, y: Int, width: Int, height: Int, className: String, rounded: Int = 0) {
        body +=
            "<rect x=\"\(x)\" y=\"\(y)\" width=\"\(width)\" height=\"\(height)\" rx=\"\(rounded)\" class=\"\(className)\"/>"
    }

    mutating func text(_ text: String, x: Int, y: Int, className: String, anchor: String = "start") {
        body +=
            "<text x=\"\(x)\" y=\"\(y)\" class=\"\(className)\" text-anchor=\"\(anchor)\">\(Self.escape(text))</text>"
    }

    mutating func path(_ data: String, className: String, arrow: Bool = true) {
        path(data, className: className, marker: arrow ? "arrow" : nil)
    }

    /// A path that ends in the arrowhead `marker` (one of `markers`, or `arrow`), or in none.
    mutating func path(_ data: String, className: String, marker: String?) {
        let end = marker.map { " marker-end=\"url(#\(id == "svg" ? "" : id + "-")\($0))\"" } ?? ""
        body += "<path d=\"\(data)\" class=\"\(className)\"\(end)/>"
    }

    /// A group with a tooltip (`<title>`), its class and `data-` attributes, around what `content`
    /// draws.
    mutating func group(
        className: String, data: KeyValuePairs<String, String> = [:], title: String, _ content: (inout SVG) -> Void
    ) {
        body += "<g class=\"\(className)\""
        for (name, value) in data { body += " data-\(name)=\"\(Self.escape(value))\"" }
        body += "><title>\(Self.escape(title))</title>"
        content(&self)
        body += "</g>"
    }

    /// A link around what `content` draws, with a `<title>` a screen reader says for it.
    mutating func link(_ href: String, title: String, _ content: (inout SVG) -> Void) {
        hasLinks = true
        body += "<a href=\"\(Self.escape(href))\"><title>\(Self.escape(title))</title>"
        content(&self)
        body += "</a>"
    }

    /// The whole document: labelled for screen readers by its title (and described by its
    /// description), scalable to the page width. A drawing without links is one image; one with
    /// links is a group, since the children of an image are hidden from screen readers, and a link
    /// a screen reader cannot find is one the keyboard reaches without a name.
    var document: String {
        let prefix = id == "svg" ? "" : id + "-"
        var head = "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(width) \(height)\""
        if natural { head += " width=\"\(width)\" height=\"\(height)\"" }
        head += " role=\"\(hasLinks ? "group" : "img")\" aria-labelledby=\"\(id)-title\""
        if description != nil { head += " aria-describedby=\"\(id)-desc\"" }
        head += " class=\"\(className)\"><title id=\"\(id)-title\">\(Self.escape(title))</title>"
        if let description { head += "<desc id=\"\(id)-desc\">\(Self.escape(description))</desc>" }
        var defs = ""
        for (name, className, size) in [(id: "arrow", className: "arrowhead", size: 7)] + markers {
            defs +=
                "<marker id=\"\(prefix)\(name)\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" markerWidth=\"\(size)\" "
                + "markerHeight=\"\(size)\" orient=\"auto-start-reverse\"><path d=\"M 0 0 L 10 5 L 0 10 z\" "
                + "class=\"\(className)\"/></marker>"
        }
        return head + "<defs>" + defs + "</defs>" + body + "</svg>"
    }
}
