import Foundation
import PipelineDefinition
import Testing

/// Random mutations of the bundled files must never crash the validator, and every diagnostic
/// must point inside the mutated file.
@Suite("Mutations of the bundled workflows")
struct MutationTests {
    static let rounds = 400

    enum Mutation: CaseIterable {
        case deleteCharacter, insertCharacter, duplicateLine, deleteLine, swapLines, replaceWord, indentLine
    }

    static let insertable = Array(" :-[]{}\"'#&*!|>%@`\t\n0x~,?é")
    static let words = ["true", "proposal", "cost_eur", "and", "==", "- ", "terminal", "0", "-1", "null", "[", "9e999"]

    func mutate(_ text: String, using generator: inout SeededGenerator) -> String {
        var characters = Array(text)
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let mutations = Int.random(in: 1...3, using: &generator)
        for _ in 0..<mutations {
            switch Mutation.allCases.randomElement(using: &generator)! {
            case .deleteCharacter where !characters.isEmpty:
                characters.remove(at: Int.random(in: 0..<characters.count, using: &generator))
                lines = String(characters).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            case .insertCharacter:
                let at = Int.random(in: 0...characters.count, using: &generator)
                characters.insert(Self.insertable.randomElement(using: &generator)!, at: at)
                lines = String(characters).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            case .duplicateLine where !lines.isEmpty:
                let at = Int.random(in: 0..<lines.count, using: &generator)
                lines.insert(lines[at], at: at)
                characters = Array(lines.joined(separator: "\n"))
            case .deleteLine where !lines.isEmpty:
                lines.remove(at: Int.random(in: 0..<lines.count, using: &generator))
                characters = Array(lines.joined(separator: "\n"))
            case .swapLines where lines.count > 1:
                let a = Int.random(in: 0..<lines.count, using: &generator)
                let b = Int.random(in: 0..<lines.count, using: &generator)
                lines.swapAt(a, b)
                characters = Array(lines.joined(separator: "\n"))
            case .replaceWord where !lines.isEmpty:
                let at = Int.random(in: 0..<lines.count, using: &generator)
                var parts = lines[at].split(separator: " ", omittingEmptySubsequences: false).map(String.init)
                if !parts.isEmpty {
                    parts[Int.random(in: 0..<parts.count, using: &generator)] = Self.words.randomElement(
                        using: &generator)!
                }
                lines[at] = parts.joined(separator: " ")
                characters = Array(lines.joined(separator: "\n"))
            case .indentLine where !lines.isEmpty:
                let at = Int.random(in: 0..<lines.count, using: &generator)
                lines[at] =
                    (Bool.random(using: &generator) ? "  " : "")
                    + lines[at].drop { $0 == " " && Bool.random(using: &generator) }
                characters = Array(lines.joined(separator: "\n"))
            default:
                continue
            }
        }
        return String(characters)
    }

    @Test("mutated bundled files give a workflow or diagnostics, never a crash", arguments: Corpus.bundledWorkflows)
    func neverCrashes(file: URL) {
        let original = Corpus.text(file)
        var generator = SeededGenerator(seed: UInt64(original.utf8.count))
        var invalid = 0
        for round in 0..<Self.rounds {
            let text = mutate(original, using: &generator)
            let result = WorkflowDefinition.load(WorkflowSource(path: "mutant.yml", text: text))
            let lineCount = text.unicodeScalars.split(separator: "\n", omittingEmptySubsequences: false).count
            if result.workflow == nil {
                invalid += 1
                #expect(!result.diagnostics.isEmpty, "round \(round): invalid without a diagnostic")
            }
            for diagnostic in result.diagnostics {
                #expect(diagnostic.line >= 1 && diagnostic.line <= lineCount + 1, "round \(round): \(diagnostic)")
                #expect(diagnostic.column >= 1, "round \(round): \(diagnostic)")
            }
            _ = result.diagnostics.map { DiagnosticRenderer.render($0, source: text) }
        }
        // Most mutations break something; if none did, the mutator is broken.
        #expect(invalid > Self.rounds / 4)
    }
}
