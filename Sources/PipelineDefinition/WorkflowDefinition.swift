import PipelineCore
import Yams

/// What loading a workflow file gave: the workflow when the file is valid, and the diagnostics.
public struct WorkflowLoadResult: Sendable {
    /// `nil` whenever there is an error: a file that does not validate is never partly loaded.
    public let workflow: Workflow?
    /// Sorted by line and column.
    public let diagnostics: [Diagnostic]
    /// Where the workflow's `id` value stands, for diagnostics that span files.
    let idLocation: (line: Int, column: Int)?
    /// Where `adoption.workflow` and each outcome stand, for the checks across files.
    var adoptionMarks: (workflow: Mark?, outcomes: [String: Mark?])? = nil

    public var isValid: Bool { workflow != nil }
}

/// Loads workflow files: YAML text in, a validated ``Workflow`` or compiler-style diagnostics out.
///
/// ```swift
/// let result = WorkflowDefinition.load(WorkflowSource(path: "workflows/quick-wins.yml", text: text))
/// if let workflow = result.workflow { print(workflow.stages.map(\.id)) }
/// else { result.diagnostics.forEach { print($0) } }
/// ```
public enum WorkflowDefinition {
    public static func load(_ source: WorkflowSource) -> WorkflowLoadResult {
        if let unreadable = source.unreadable {
            return WorkflowLoadResult(workflow: nil, diagnostics: [unreadable], idLocation: nil)
        }
        let root: Yams.Node
        do {
            root = try YAMLDocument.compose(source.text, path: source.path)
        } catch {
            return WorkflowLoadResult(workflow: nil, diagnostics: [error], idLocation: nil)
        }
        let parser = WorkflowParser(path: source.path, text: source.text)
        let workflow = parser.parse(root)
        let location = parser.idMark.map { (line: $0.line, column: $0.column) }
        return WorkflowLoadResult(
            workflow: workflow, diagnostics: parser.reader.diagnostics.sorted(), idLocation: location,
            adoptionMarks: parser.adoptionMarks)
    }

    /// Loads several files together, which also finds two files that define the same
    /// workflow id and version, and checks what one file names in another (`adoption:`).
    /// `context` holds files that are not checked but may be named (the other workflows of the
    /// folder a single file is validated from).
    public static func loadAll(_ sources: [WorkflowSource], context: [WorkflowSource] = []) -> WorkflowCatalog {
        var entries: [WorkflowCatalog.Entry] = []
        var diagnostics: [Diagnostic] = []
        var defined: [String: String] = [:]
        var adopting:
            [(source: WorkflowSource, workflow: Workflow, marks: (workflow: Mark?, outcomes: [String: Mark?]))] =
                []
        for source in sources {
            let result = load(source)
            if let workflow = result.workflow, let marks = result.adoptionMarks {
                adopting.append((source, workflow, marks))
            }
            diagnostics += result.diagnostics
            guard let workflow = result.workflow else { continue }
            let key = "\(workflow.id)@\(workflow.version)"
            if let other = defined[key] {
                diagnostics.append(
                    Diagnostic(
                        path: source.path, line: result.idLocation?.line ?? 1, column: result.idLocation?.column ?? 1,
                        message: "workflow '\(workflow.id)' version \(workflow.version) is already defined in \(other)",
                        hint: "raise the version of the newer file"))
                continue
            }
            defined[key] = source.path
            entries.append(WorkflowCatalog.Entry(path: source.path, workflow: workflow))
        }
        let known = Set(entries.map { "\($0.workflow.id)@\($0.workflow.version)" })
        let others = context.compactMap { load($0).workflow }.filter { !known.contains("\($0.id)@\($0.version)") }
        let library = WorkflowLibrary(entries.map(\.workflow) + others)
        for item in adopting {
            diagnostics += adoptionProblems(item.workflow, marks: item.marks, path: item.source.path, library: library)
        }
        let failed = Set(diagnostics.filter { $0.severity == .error }.map(\.path))
        return WorkflowCatalog(entries: entries.filter { !failed.contains($0.path) }, diagnostics: diagnostics)
    }
}

extension WorkflowDefinition {
    /// What a workflow's `adoption:` names must be among the files loaded with it: an
    /// implementation workflow, whose fields include each outcome as a number.
    static func adoptionProblems(
        _ workflow: Workflow, marks: (workflow: Mark?, outcomes: [String: Mark?]), path: String,
        library: WorkflowLibrary
    ) -> [Diagnostic] {
        guard let adoption = workflow.adoption else { return [] }
        func problem(_ message: String, _ mark: Mark?, hint: String? = nil) -> Diagnostic {
            Diagnostic(path: path, line: mark?.line ?? 1, column: mark?.column ?? 1, message: message, hint: hint)
        }
        let implementations = library.workflows.filter { $0.kind == .implementation }.map(\.id)
        guard let target = library.latest(adoption.workflowID) else {
            return [
                problem(
                    "unknown implementation workflow '\(adoption.workflowID.clipped)'", marks.workflow,
                    hint: Suggestion.hint(for: adoption.workflowID, in: implementations)
                        ?? (implementations.isEmpty
                            ? "add a workflow file with kind: implementation"
                            : "the implementation workflows are "
                                + implementations.map { "'\($0)'" }.joined(separator: ", ")))
            ]
        }
        guard target.kind == .implementation else {
            return [
                problem(
                    "workflow '\(target.id)' is not an implementation workflow", marks.workflow,
                    hint: "its file needs kind: implementation")
            ]
        }
        return adoption.outcomes.compactMap { outcome in
            guard let field = target.field(outcome) else {
                return problem(
                    "'\(outcome)' is not a field of implementation workflow '\(target.id)'",
                    marks.outcomes[outcome] ?? nil,
                    hint: Suggestion.hint(for: outcome, in: target.fields.map(\.id)))
            }
            guard field.valueType == .number else {
                return problem(
                    "outcome '\(outcome)' is a \(field.type.name) field; outcomes are numbers (number, integer or money)",
                    marks.outcomes[outcome] ?? nil)
            }
            return nil
        }
    }
}

/// A set of workflow files loaded together.
public struct WorkflowCatalog: Sendable {
    public struct Entry: Sendable {
        public let path: String
        public let workflow: Workflow
    }

    /// The valid workflows, in the order of the sources.
    public let entries: [Entry]
    public let diagnostics: [Diagnostic]

    public var errorCount: Int { diagnostics.filter { $0.severity == .error }.count }
    public var isValid: Bool { errorCount == 0 }
}
