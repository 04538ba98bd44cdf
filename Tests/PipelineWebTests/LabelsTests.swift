import Foundation
import PipelineTestSupport
import Testing

@Suite("Labels and templates")
struct LabelsTests {
    static let web = WebFixture.packageRoot.appendingPathComponent("Sources/PipelineWeb")

    /// Every `{{t.name}}` of every template is in the English labels (and so in every language:
    /// `everyLanguageHasTheSameKeys`).
    @Test func everyLabelATemplateUsesExists() throws {
        let labels = try JSONDecoder().decode(
            [String: String].self, from: Data(contentsOf: Self.web.appendingPathComponent("Labels/en.json")))
        let folder = Self.web.appendingPathComponent("Templates")
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter {
            $0.hasSuffix(".mustache")
        }
        #expect(files.count >= 10)
        var used = 0
        for file in files {
            let text = try String(contentsOf: folder.appendingPathComponent(file), encoding: .utf8)
            var rest = text[...]
            while let range = rest.range(of: "{{t.") {
                let name = String(rest[range.upperBound...].prefix { $0 != "}" })
                #expect(labels[name] != nil, "\(file) uses t.\(name)")
                used += 1
                rest = rest[range.upperBound...]
            }
        }
        #expect(used > 50)
    }

    /// Every key the Swift code asks for by name (`labels["name"]`, `labels.format("name", ...)`)
    /// is in the English labels too.
    @Test func everyLabelTheCodeUsesExists() throws {
        let labels = try JSONDecoder().decode(
            [String: String].self, from: Data(contentsOf: Self.web.appendingPathComponent("Labels/en.json")))
        let calls = try NSRegularExpression(
            pattern: #"labels\[(.*?)\]|labels\.format\(\s*(.*?),\s*\["#, options: [.dotMatchesLineSeparators])
        let literal = try NSRegularExpression(pattern: #""([a-z][a-z0-9_]*)""#)
        var used = 0
        let enumerator = try #require(FileManager.default.enumerator(atPath: Self.web.path))
        for case let file as String in enumerator where file.hasSuffix(".swift") {
            let text = try String(contentsOf: Self.web.appendingPathComponent(file), encoding: .utf8)
            let whole = NSRange(text.startIndex..., in: text)
            for call in calls.matches(in: text, range: whole) {
                for group in 1...2 {
                    guard let range = Range(call.range(at: group), in: text) else { continue }
                    let key = String(text[range])
                    for match in literal.matches(in: key, range: NSRange(key.startIndex..., in: key)) {
                        let name = String(key[Range(match.range(at: 1), in: key)!])
                        #expect(labels[name] != nil, "\(file) uses \(name)")
                        used += 1
                    }
                }
            }
        }
        #expect(used > 60)
    }

    /// Every language's labels, by file name: `en.json`, `nl.json`, ...
    static func languages() throws -> [String: [String: String]] {
        let folder = web.appendingPathComponent("Labels")
        var languages: [String: [String: String]] = [:]
        for file in try FileManager.default.contentsOfDirectory(atPath: folder.path) where file.hasSuffix(".json") {
            languages[file] = try JSONDecoder().decode(
                [String: String].self, from: Data(contentsOf: folder.appendingPathComponent(file)))
        }
        return languages
    }

    /// A translation has every key of the English file, and no other.
    @Test func everyLanguageHasTheSameKeys() throws {
        let languages = try Self.languages()
        #expect(Set(languages.keys).isSuperset(of: ["en.json", "nl.json"]))
        let english = try #require(languages["en.json"])
        for (file, other) in languages {
            let missing = Set(english.keys).subtracting(other.keys).sorted()
            let extra = Set(other.keys).subtracting(english.keys).sorted()
            #expect(missing.isEmpty, "\(file) lacks \(missing)")
            #expect(extra.isEmpty, "\(file) has keys English lacks: \(extra)")
        }
    }

    /// The code fills a label's `{placeholders}` by name: every language has the same ones.
    @Test func everyLanguageHasTheSamePlaceholders() throws {
        let languages = try Self.languages()
        let english = try #require(languages["en.json"])
        let placeholder = try NSRegularExpression(pattern: #"\{([a-z_]+)\}"#)
        func placeholders(_ text: String) -> Set<String> {
            Set(
                placeholder.matches(in: text, range: NSRange(text.startIndex..., in: text)).map {
                    String(text[Range($0.range(at: 1), in: text)!])
                })
        }
        var compared = 0
        for (file, other) in languages where file != "en.json" {
            for (key, text) in english {
                guard let translated = other[key] else { continue }
                #expect(placeholders(translated) == placeholders(text), "\(file): \(key)")
                compared += 1
            }
        }
        #expect(compared > 400)
    }

    /// Each language names itself for the language switch, in its own words.
    @Test func everyLanguageNamesItself() throws {
        let languages = try Self.languages()
        #expect(languages["nl.json"]?["language_name"] == "Nederlands")
        #expect(languages["en.json"]?["language_name"] == "English")
    }

    /// Triple braces skip escaping: only for the SVG the pages draw (and escape) themselves.
    @Test func onlyDrawingsAreUnescaped() throws {
        let folder = Self.web.appendingPathComponent("Templates")
        for file in try FileManager.default.contentsOfDirectory(atPath: folder.path) {
            let text = try String(contentsOf: folder.appendingPathComponent(file), encoding: .utf8)
            var rest = text[...]
            while let range = rest.range(of: "{{{") {
                let name = String(rest[range.upperBound...].prefix { $0 != "}" })
                #expect(["diagram", "chart"].contains(name), "\(file) leaves {{{\(name)}}} unescaped")
                rest = rest[range.upperBound...]
            }
            #expect(!text.contains("style="), "\(file)")
            #expect(!text.contains("<script"), "\(file)")
        }
    }
}
