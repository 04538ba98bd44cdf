import Foundation
import PipelineCore
import Yams

/// What loading a test file gave: the file when it is valid, and the diagnostics.
public struct FixtureLoadResult: Sendable {
    /// `nil` whenever there is an error: a test file with a mistake runs no case at all.
    public let file: FixtureFile?
    /// Sorted by line and column.
    public let diagnostics: [Diagnostic]
}

/// Loads test files: YAML text in, checked cases of a known workflow or compiler-style
/// diagnostics out, with the same limits and messages as workflow files (`did you mean ...?`).
///
/// ```swift
/// let result = FixtureDefinition.load(FixtureSource(path: "workflows/tests/quick-wins.yml", text: text), library: library)
/// if let file = result.file { let results = FixtureRunner.run(file) }
/// ```
public enum FixtureDefinition {
    /// `workflowsHaveErrors` says that some workflow file did not load, so that a test file naming
    /// an unknown workflow is told why.
    public static func load(_ source: FixtureSource, library: WorkflowLibrary, workflowsHaveErrors: Bool = false)
        -> FixtureLoadResult
    {
        if let unreadable = source.unreadable { return FixtureLoadResult(file: nil, diagnostics: [unreadable]) }
        let root: Yams.Node
        do {
            root = try YAMLDocument.compose(
                source.text, path: source.path, noun: "test file",
                emptyHint: "start with 'workflow:' and 'cases:'")
        } catch {
            return FixtureLoadResult(file: nil, diagnostics: [error])
        }
        let parser = FixtureParser(path: source.path, text: source.text, library: library)
        parser.workflowsHaveErrors = workflowsHaveErrors
        let file = parser.parse(root)
        // A mapping merged into several cases (`<<: *name`) reports its problems once.
        return FixtureLoadResult(file: file, diagnostics: Array(Set(parser.reader.diagnostics)).sorted())
    }
}

/// Reads one test file. Names are checked against the workflow the file names, as the workflow
/// validator checks them: unknown stages, fields, roles, criteria and codes are reported with
/// `did you mean ...?`.
final class FixtureParser {
    let reader: NodeReader
    let library: WorkflowLibrary
    /// The workflow under test, once `workflow:` is read.
    var workflow: Workflow!
    /// Whether a workflow file did not load (an unknown workflow may be that one).
    var workflowsHaveErrors = false

    static let fileKeys = ["workflow", "version", "description", "cases"]
    static let caseKeys = [
        "name", "stage", "fields", "adoptions", "conditions", "approvals", "reviews", "decide", "after", "expect",
    ]
    /// Limits that keep a hostile file from making the runner work for long.
    static let maximumApprovals = 100
    static let maximumReviews = 100
    static let maximumSteps = 20
    static let maximumConditions = 20

    init(path: String, text: String, library: WorkflowLibrary) {
        reader = NodeReader(path: path, source: SourceText(text), noun: "test file")
        self.library = library
    }

    func parse(_ root: Node) -> FixtureFile? {
        guard
            let top = reader.fields(
                root, of: "the test file", allowed: FixtureParser.fileKeys, required: ["workflow", "cases"])
        else { return nil }
        if let entry = top["description"] { _ = reader.text(entry, of: "the test file") }
        guard let workflow = resolveWorkflow(top["workflow"], version: top["version"]) else { return nil }
        self.workflow = workflow
        guard let entry = top["cases"], let items = reader.items(entry, of: "the test file") else { return nil }
        if items.isEmpty { reader.error("'cases' lists no case", at: entry.keyMark, hint: "add a case: - name: ...") }
        var cases: [FixtureCase] = []
        var names: [String: Int] = [:]
        for item in items {
            guard let parsed = parseCase(item) else { continue }
            if let line = names[parsed.name] {
                reader.error(
                    "case '\(parsed.name.clipped)' appears twice; the first is at line \(line)", at: item.mark,
                    hint: "give each case its own name")
                continue
            }
            names[parsed.name] = parsed.location.line
            cases.append(parsed)
        }
        guard !reader.hasErrors else { return nil }
        return FixtureFile(path: reader.path, workflow: workflow, cases: cases)
    }

    /// `workflow: id` (and `version: N`), one of the loaded workflows.
    private func resolveWorkflow(_ entry: NodeReader.Entry?, version: NodeReader.Entry?) -> Workflow? {
        guard let entry, let id = reader.text(entry, of: "the test file") else { return nil }
        let number = version.flatMap { reader.integer($0, of: "the test file") }
        let ids = Array(Set(library.workflows.map(\.id))).sorted()
        guard let latest = library.latest(id) else {
            reader.error(
                "unknown workflow '\(id.clipped)'", at: entry.value.mark,
                hint: Suggestion.hint(for: id, in: ids)
                    ?? (workflowsHaveErrors ? "a workflow file has errors; fix it first" : nil)
                    ?? (ids.isEmpty
                        ? "no workflow was loaded"
                        : "the workflows are " + ids.map { "'\($0)'" }.joined(separator: ", ")))
            return nil
        }
        guard let number, let versionEntry = version else { return version == nil ? latest : nil }
        guard let workflow = library.workflow(id, version: number) else {
            let versions = library.workflows.filter { $0.id == id }.map(\.version).sorted().map(String.init)
            reader.error(
                "workflow '\(id)' has no version \(number)", at: versionEntry.value.mark,
                hint: "its versions are " + versions.joined(separator: ", "))
            return nil
        }
        return workflow
    }

    private func parseCase(_ node: Node) -> FixtureCase? {
        let location = at(node.mark)
        let errorsBefore = reader.diagnostics.count
        guard
            let keys = reader.fields(
                node, of: "a case", allowed: FixtureParser.caseKeys, required: ["name", "expect"])
        else { return nil }
        let name = reader.text(keys["name"], of: "a case")
        let context = name.map { "case '\($0.clipped)'" } ?? "a case"
        let stage = parseStage(keys["stage"], context: context)
        let fields = keys["fields"].map { parseFields($0, context: context) } ?? [:]
        let adoptions = keys["adoptions"].flatMap { parseAdoptions($0, context: context) }
        let gate = stage.flatMap { workflow.gate(leaving: $0) }
        let conditions = keys["conditions"].map { parseConditions($0, stage: stage, gate: gate, context: context) }
        let approvals = keys["approvals"].map { parseApprovals($0, context: context) } ?? []
        let reviews = keys["reviews"].map { parseReviews($0, stage: stage, gate: gate, context: context) } ?? []
        var steps = keys["decide"].map { parseSteps($0, context: context) } ?? []
        if let entry = keys["after"], let duration = duration(entry, of: context) {
            steps.append(Located(value: .wait(duration), location: at(entry.keyMark)))
        }
        let expectations = keys["expect"].map { parseExpectations($0, steps: steps, context: context) } ?? []
        guard reader.diagnostics.count == errorsBefore, let name, let stage else { return nil }
        return FixtureCase(
            name: name, location: location, stage: stage, fields: fields, adoptions: adoptions,
            conditions: conditions ?? [], approvals: approvals, reviews: reviews, steps: steps,
            expectations: expectations)
    }

    /// `stage: id`, a working stage; the first stage when it is left out.
    private func parseStage(_ entry: NodeReader.Entry?, context: String) -> String? {
        guard let entry else { return workflow.initialStage?.id }
        guard let id = reader.text(entry, of: context),
            let stage = reference(id, at: entry.value.mark, kind: "stage", known: workflow.stages.map(\.id))
        else { return nil }
        if workflow.stage(stage)?.isTerminal == true {
            reader.error(
                "stage '\(stage)' is an end stage; a case starts in a working stage", at: entry.value.mark,
                hint: "start in the stage before it and decide go (or kill)")
            return nil
        }
        return stage
    }

    // MARK: - Shared readers

    func at(_ mark: Mark?) -> FixtureLocation {
        FixtureLocation(line: mark?.line ?? 1, column: mark?.column ?? 1)
    }

    /// `name` when it is one of `known`; otherwise reported (`unknown stage 'pilto'`, `did you mean 'pilot'?`).
    func reference(_ name: String, at mark: Mark?, kind: String, known: [String]) -> String? {
        if known.contains(name) { return name }
        let plural = ["status": "statuses", "criterion": "criteria"][kind] ?? "\(kind)s"
        reader.error(
            "unknown \(kind) '\(name.clipped)'", at: mark,
            hint: Suggestion.hint(for: name, in: known)
                ?? (known.isEmpty
                    ? nil : "the \(plural) are " + known.prefix(12).map { "'\($0)'" }.joined(separator: ", ")))
        return nil
    }

    /// A duration such as `45d`, as in workflow files.
    func duration(_ entry: NodeReader.Entry, of context: String) -> StageDuration? {
        guard let text = reader.text(entry, of: context) else { return nil }
        if let duration = StageDuration(text) { return duration }
        reader.error(
            "'\(entry.key)' of \(context) is '\(text.clipped)', not a duration", at: entry.value.mark,
            hint: "write a whole number and h, d or w, e.g. \(entry.key): 30d")
        return nil
    }

    /// A whole number from `range`, from a scalar node.
    func wholeNumber(_ node: Node, _ what: String, in range: ClosedRange<Int>) -> Int? {
        guard reader.spend() else { return nil }
        guard case .scalar(let scalar) = node, !scalar.isNull, !scalar.isQuoted,
            let number = Int(scalar.string.replacingUnderscores), !scalar.string.hasPrefix("_")
        else {
            reader.error("\(what) must be a whole number, not \(node.kindName)", at: node.mark)
            return nil
        }
        guard range.contains(number) else {
            reader.error("\(what) must be \(range.lowerBound) to \(range.upperBound), not \(number)", at: node.mark)
            return nil
        }
        return number
    }

    /// The text of a scalar node; reported when it is a list, a mapping or empty.
    func text(_ node: Node, _ what: String) -> String? {
        guard reader.spend() else { return nil }
        guard case .scalar(let scalar) = node, !scalar.isNull,
            !scalar.string.trimmingCharacters(in: .whitespaces).isEmpty
        else {
            reader.error("\(what) must be text, not \(node.kindName)", at: node.mark)
            return nil
        }
        return scalar.string
    }

    /// The items of a list node, or of a single scalar as a list of one when `single` allows.
    func list(_ entry: NodeReader.Entry, of context: String, single: Bool = false) -> [Node]? {
        if single, case .scalar(let scalar) = entry.value, !scalar.isNull { return [entry.value] }
        return reader.items(entry, of: context)
    }
}
