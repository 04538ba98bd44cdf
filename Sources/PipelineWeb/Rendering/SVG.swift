/// Small SVG documents built as text. Every piece of text goes through `escape`, so a stage name
/// or a region cannot break out of the drawing.
struct SVG {
    private(set) var body = ""
    /// Whether the drawing has links: then it is a group a screen reader can enter, not one image.
    private(set) var hasLinks = false
    let width: Int
    let height: Int
    let title: String

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
        body += "<path d=\"\(data)\" class=\"\(className)\"\(arrow ? " marker-end=\"url(#arrow)\"" : "")/>"
    }

    /// A link around what `content` draws, with a `<title>` a screen reader says for it.
    mutating func link(_ href: String, title: String, _ content: (inout SVG) -> Void) {
        hasLinks = true
        body += "<a href=\"\(Self.escape(href))\"><title>\(Self.escape(title))</title>"
        content(&self)
        body += "</a>"
    }

    /// The whole document: labelled for screen readers by its title, scalable to the page width. A
    /// drawing without links is one image; one with links is a group, since the children of an
    /// image are hidden from screen readers, and a link a screen reader cannot find is one the
    /// keyboard reaches without a name.
    var document: String {
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(width) \(height)\" role=\"\(hasLinks ? "group" : "img")\" "
            + "aria-labelledby=\"svg-title\" class=\"chart\"><title id=\"svg-title\">\(Self.escape(title))</title>"
            + "<defs><marker id=\"arrow\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" markerWidth=\"7\" "
            + "markerHeight=\"7\" orient=\"auto-start-reverse\"><path d=\"M 0 0 L 10 5 L 0 10 z\" class=\"arrowhead\"/>"
            + "</marker></defs>" + body + "</svg>"
    }
}
