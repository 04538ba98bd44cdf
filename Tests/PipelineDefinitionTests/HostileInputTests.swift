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

/// Bytes that are not a workflow text are refused where they start, never decoded lossily.
@Suite("Workflow file bytes")
struct WorkflowBytesTests {
    func diagnostics(_ bytes: [UInt8]) -> [String] {
        WorkflowDefinition.load(WorkflowSource(path: "bytes.yml", bytes: bytes)).diagnostics.map {
            "\($0.line):\($0.column): \($0.message)"
        }
    }

    @Test("invalid UTF-8 is an error at its line and column")
    func invalidUTF8() {
        #expect(diagnostics(Array("id: x\nname: é".utf8) + [0xC3]) == ["2:8: the file is not valid UTF-8 here"])
        #expect(diagnostics(Array("id: ".utf8) + [0x80]) == ["1:5: the file is not valid UTF-8 here"])
    }

    @Test("NUL bytes and UTF-16 are errors")
    func nulAndUTF16() {
        #expect(diagnostics(Array("id: a\0".utf8)) == ["1:6: the file holds a NUL byte"])
        #expect(diagnostics([0xFE, 0xFF, 0, 0x69]) == ["1:1: the file is UTF-16, not UTF-8"])
    }

    @Test("more than 1 MiB of bytes is refused before decoding")
    func tooLarge() {
        let bytes = [UInt8](repeating: 0x41, count: WorkflowSource.maximumBytes + 1)
        #expect(diagnostics(bytes) == ["1:1: workflow file is larger than 1 MiB (1048577 bytes)"])
        #expect(
            WorkflowDefinition.load(.tooLarge(path: "big.yml", byteCount: 50_000_000)).diagnostics.map(\.message)
                == ["workflow file is larger than 1 MiB (50000000 bytes)"])
    }
}
