import Foundation
import Mustache

/// Renders the Mustache templates of `Templates/` with the chrome labels of one language. Templates
/// only ever use `{{ }}`, which escapes; `{{{ }}}` is kept for SVG that the pages build and escape
/// themselves.
struct PageRenderer: Sendable {
    let library: MustacheLibrary
    let stylesheet: String

    init() throws {
        guard let folder = Bundle.module.resourceURL?.appendingPathComponent("Templates") else {
            throw WebSetupError("the Templates folder is missing from the bundle")
        }
        var library = MustacheLibrary()
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter {
            $0.hasSuffix(".mustache")
        }
        for file in files {
            let text = try String(contentsOf: folder.appendingPathComponent(file), encoding: .utf8)
            try library.register(text, named: String(file.dropLast(".mustache".count)))
        }
        self.library = library
        guard let css = Bundle.module.url(forResource: "pipeline", withExtension: "css", subdirectory: "Static") else {
            throw WebSetupError("Static/pipeline.css is missing from the bundle")
        }
        self.stylesheet = try String(contentsOf: css, encoding: .utf8)
    }

    /// The page `template` with `values`, the labels as `t` and their language as `lang`.
    func render(_ template: String, _ values: [String: Any], labels: Labels) -> String {
        var context = Self.pruned(values)
        context["t"] = labels.words
        context["lang"] = labels.language
        return library.render(context, withTemplate: template) ?? ""
    }

    /// The values without empty strings: Mustache renders `{{#error}}` for any string, even an
    /// empty one, so "no error" must be no value at all.
    static func pruned(_ values: [String: Any]) -> [String: Any] {
        var result: [String: Any] = [:]
        result.reserveCapacity(values.count)
        for (key, value) in values {
            switch value {
            case let text as String where text.isEmpty: continue
            case let nested as [String: Any]: result[key] = pruned(nested)
            case let list as [[String: Any]]: result[key] = list.map(pruned)
            default: result[key] = value
            }
        }
        return result
    }
}
