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
            workflow: workflow, diagnostics: parser.reader.diagnostics.sorted(), idLocation: location)
    }

    /// Loads several files together, which also finds two files that define the same
    /// workflow id and version.
    public static func loadAll(_ sources: [WorkflowSource]) -> WorkflowCatalog {
        var entries: [WorkflowCatalog.Entry] = []
        var diagnostics: [Diagnostic] = []
        var defined: [String: String] = [:]
        for source in sources {
            let result = load(source)
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
        let failed = Set(diagnostics.filter { $0.severity == .error }.map(\.path))
        return WorkflowCatalog(entries: entries.filter { !failed.contains($0.path) }, diagnostics: diagnostics)
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
