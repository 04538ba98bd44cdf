import PipelineCore

/// A whole run of `pipeline test`: the workflows loaded together, each test file loaded against
/// them, every case of the valid files run.
///
/// ```swift
/// let report = FixtureSuite.run(workflows: workflowSources, tests: testSources)
/// print(report.summary)  // "42 cases, 0 failed"
/// ```
public enum FixtureSuite {
    public static func run(workflows: [WorkflowSource], tests: [FixtureSource]) -> FixtureReport {
        let catalog = WorkflowDefinition.loadAll(workflows)
        let library = WorkflowLibrary(catalog.entries.map(\.workflow))
        var diagnostics = catalog.diagnostics
        var results: [FixtureResult] = []
        var files: [FixtureReport.File] = []
        for source in tests {
            let loaded = FixtureDefinition.load(source, library: library, workflowsHaveErrors: !catalog.isValid)
            diagnostics += loaded.diagnostics
            files.append(
                .init(
                    path: source.path, workflow: loaded.file?.workflow.id,
                    valid: loaded.diagnostics.allSatisfy { $0.severity != .error }))
            if let file = loaded.file { results += FixtureRunner.run(file) }
        }
        var texts: [String: String] = [:]
        for source in workflows { texts[source.path] = source.text }
        for source in tests { texts[source.path] = source.text }
        return FixtureReport(
            files: files, results: results, diagnostics: diagnostics, sourceTexts: texts,
            workflows: library.workflows)
    }
}

/// The results of a run, and its words: for a terminal, as JSON and as JUnit XML.
public struct FixtureReport: Sendable {
    public struct File: Sendable, Hashable {
        public let path: String
        /// The workflow the file tests, when it names a known one and is valid.
        public let workflow: String?
        public let valid: Bool
    }

    public let files: [File]
    public let results: [FixtureResult]
    /// Problems of the workflow files and the test files, which keep cases from running.
    public let diagnostics: [Diagnostic]
    /// The text of every file read, for showing a diagnostic's line.
    public let sourceTexts: [String: String]
    /// The workflows that loaded.
    public let workflows: [Workflow]

    public init(
        files: [File], results: [FixtureResult], diagnostics: [Diagnostic], sourceTexts: [String: String],
        workflows: [Workflow]
    ) {
        self.files = files
        self.results = results
        self.diagnostics = diagnostics
        self.sourceTexts = sourceTexts
        self.workflows = workflows
    }

    public var failed: [FixtureResult] { results.filter { !$0.passed } }

    /// Several runs (on different workflow folders) as one.
    public static func merged(_ reports: [FixtureReport]) -> FixtureReport {
        var texts: [String: String] = [:]
        for report in reports { texts.merge(report.sourceTexts) { first, _ in first } }
        return FixtureReport(
            files: reports.flatMap(\.files), results: reports.flatMap(\.results),
            diagnostics: reports.flatMap(\.diagnostics), sourceTexts: texts, workflows: reports.flatMap(\.workflows))
    }
    public var hasErrors: Bool { diagnostics.contains { $0.severity == .error } }

    /// 0 when every case passed, 1 when a case failed, 2 when a file could not be read or checked.
    public var exitStatus: Int32 { hasErrors ? 2 : failed.isEmpty ? 0 : 1 }

    /// `42 cases, 0 failed`, and the files with errors when there are any.
    public var summary: String {
        var text = "\(Self.plural(results.count, "case")), \(failed.count) failed"
        let broken = Set(diagnostics.filter { $0.severity == .error }.map(\.path)).count
        if broken > 0 { text += ", \(Self.plural(broken, "file")) with errors" }
        return text
    }

    static func plural(_ count: Int, _ noun: String) -> String { "\(count) \(noun)\(count == 1 ? "" : "s")" }

    /// Each failing case: a line per expectation that did not come true, at its place in the test
    /// file, then the gate's checklist.
    ///
    /// ```text
    /// workflows/tests/primary-care-innovation.yml:23:7: case 'Go naar de pilot': expected go to 'pilot', got refused: gate 'business_case_review' does not hold
    ///     gate 'business_case_review' (Beoordeling businesscase) does not hold
    ///       ✗ average_below_pass_mark 'gatekeeper': 3 of 3 reviews by gatekeeper, average 4, pass mark 4.5
    /// ```
    public func failureText(_ result: FixtureResult) -> String {
        var lines = result.mismatches.map { mismatch in
            "\(result.path):\(mismatch.location.line):\(mismatch.location.column): case '\(result.name)': "
                + "expected \(mismatch.expected), got \(mismatch.actual)"
        }
        lines += result.checklist.map { "    " + $0 }
        return lines.joined(separator: "\n")
    }

    /// One line per test file: `workflows/tests/quick-wins.yml: 12 cases, 0 failed`.
    public var fileLines: [String] {
        files.map { file in
            guard file.valid else { return "\(file.path): not run: the file has errors" }
            let cases = results.filter { $0.path == file.path }
            return "\(file.path): \(Self.plural(cases.count, "case")), \(cases.filter { !$0.passed }.count) failed"
        }
    }
}
