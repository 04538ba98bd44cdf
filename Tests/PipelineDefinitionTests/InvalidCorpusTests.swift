import Foundation
import PipelineDefinition
import Testing

/// Every file under `Corpus/invalid` states the diagnostics it must give in `# expect:` lines;
/// the validator must give exactly those, no more and no fewer, at those lines and columns.
@Suite("Invalid workflow corpus")
struct InvalidCorpusTests {
    @Test("the corpus is large enough to mean something")
    func corpusSize() {
        #expect(Corpus.invalidFiles.count >= 40)
    }

    @Test("each invalid file gives exactly its expected diagnostics", arguments: Corpus.invalidFiles)
    func expectedDiagnostics(file: URL) {
        let text = Corpus.text(file)
        let expected = Corpus.expectations(in: text)
        #expect(!expected.isEmpty, "\(file.lastPathComponent) states no '# expect:' line")
        let result = WorkflowDefinition.load(WorkflowSource(path: file.lastPathComponent, text: text))
        let actual = result.diagnostics.map { "\($0.line):\($0.column): \($0.message)" }
        #expect(actual == expected, "\(file.lastPathComponent)")
        #expect(result.workflow == nil, "an invalid file must never load")
    }
}
