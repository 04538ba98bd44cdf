import Foundation
import PipelineDefinition
import Testing

/// Input nobody should write, that the validator must still answer with diagnostics, not a crash.
@Suite("Hostile workflow files")
struct HostileInputTests {
    func diagnostics(_ text: String) -> [Diagnostic] {
        let result = WorkflowDefinition.load(WorkflowSource(path: "hostile.yml", text: text))
        #expect(result.workflow == nil)
        return result.diagnostics
    }

    @Test("deeply nested flow collections are refused before the YAML parser recurses")
    func deepFlow() {
        let text = "id: " + String(repeating: "[", count: 100_000)
        #expect(diagnostics(text).first?.message == "more than 64 levels of '[' and '{'")
    }

    @Test("a long chain of '- ' items on one line is refused")
    func deepSequence() {
        let text = String(repeating: "- ", count: 50_000) + "x\n"
        #expect(diagnostics(text).first?.message == "too many nested '- ' items on one line")
    }

    @Test("deep indentation is refused")
    func deepIndent() {
        var text = ""
        for level in 0..<300 { text += String(repeating: " ", count: level) + "k\(level):\n" }
        #expect(diagnostics(text).first?.message.hasPrefix("line is indented 201 columns") == true)
    }

    @Test("a file over 1 MiB is refused")
    func hugeFile() {
        let text = "description: " + String(repeating: "x", count: 1 << 20)
        #expect(diagnostics(text).map(\.message) == ["workflow file is larger than 1 MiB"])
    }

    @Test("an alias bomb is bounded")
    func aliasBomb() {
        var text = "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n"
        for level in 1..<9 {
            text +=
                "a\(level): &a\(level) [" + Array(repeating: "*a\(level - 1)", count: 10).joined(separator: ", ")
                + "]\n"
        }
        text += "fields:\n  f:\n    label: x\n    type: choice\n    options: *a8\n"
        #expect(!diagnostics(text).isEmpty)
    }

    @Test("binary junk, invalid UTF-8 and control characters give diagnostics")
    func junk() {
        let junk = String(decoding: (0..<2_000).map { UInt8(truncatingIfNeeded: $0 &* 7919) }, as: UTF8.self)
        #expect(!diagnostics(junk).isEmpty)
        #expect(!diagnostics("id: \u{0}\u{7}\u{1B}[31m").isEmpty)
        #expect(!diagnostics("\u{FEFF}").isEmpty)
    }

    @Test("YAML that is not a mapping at the top is refused", arguments: ["- a\n- b\n", "just text\n", "42\n", "~\n"])
    func notAMapping(text: String) {
        #expect(diagnostics(text).count == 1)
    }

    @Test("a huge number of unknown keys gives one diagnostic each, with no slowdown per key")
    func manyUnknownKeys() {
        let text = (0..<5_000).map { "unknown_\($0): 1" }.joined(separator: "\n")
        let found = diagnostics(text)
        #expect(found.filter { $0.message.hasPrefix("unknown key") }.count == 5_000)
    }
}
