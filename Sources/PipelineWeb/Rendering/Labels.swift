import Foundation

/// The words of the page chrome, from `Labels/<language>.json`: a translation is one more file.
/// Names of workflows, stages, fields and choices are not here: they come from the workflow files.
struct Labels: Sendable {
    let language: String
    let words: [String: String]

    init(language: String) throws {
        guard let url = Bundle.module.url(forResource: language, withExtension: "json", subdirectory: "Labels")
        else { throw WebSetupError("no labels for language '\(language)' in Labels/") }
        let data = try Data(contentsOf: url)
        self.language = language
        self.words = try JSONDecoder().decode([String: String].self, from: data)
    }

    /// The languages with a file in `Labels/`, by code (`en`, `nl`), sorted.
    static var available: [String] {
        guard let folder = Bundle.module.resourceURL?.appendingPathComponent("Labels"),
            let files = try? FileManager.default.contentsOfDirectory(atPath: folder.path)
        else { return [] }
        return files.filter { $0.hasSuffix(".json") }.map { String($0.dropLast(".json".count)) }.sorted()
    }

    /// The label, or its key when the file lacks it (a test checks that none is lacking).
    subscript(_ key: String) -> String { words[key] ?? key }

    /// `"{count} days"` with the placeholders filled in.
    func format(_ key: String, _ values: [String: String]) -> String {
        var text = self[key]
        for (name, value) in values { text = text.replacingOccurrences(of: "{\(name)}", with: value) }
        return text
    }
}

/// A page set-up problem: templates or labels missing from the bundle.
struct WebSetupError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
