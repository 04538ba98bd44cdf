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
