import Foundation
import PipelineTestSupport
import Testing

@Suite("Labels and templates")
struct LabelsTests {
    static let web = WebFixture.packageRoot.appendingPathComponent("Sources/PipelineWeb")

    /// Every `{{t.name}}` of every template is in the English labels: a translation copies that file.
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

    /// A translation has every key of the English file, and no other.
    @Test func everyLanguageHasTheSameKeys() throws {
        let folder = Self.web.appendingPathComponent("Labels")
        let english = try JSONDecoder().decode(
            [String: String].self, from: Data(contentsOf: folder.appendingPathComponent("en.json")))
        for file in try FileManager.default.contentsOfDirectory(atPath: folder.path) where file.hasSuffix(".json") {
            let other = try JSONDecoder().decode(
                [String: String].self, from: Data(contentsOf: folder.appendingPathComponent(file)))
            #expect(Set(other.keys) == Set(english.keys), "\(file)")
        }
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
