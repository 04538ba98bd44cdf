import ArgumentParser
import Foundation
import PipelineCore
import PipelineDefinition

struct ValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check workflow files like a compiler and report every problem at once.",
        discussion: """
            Prints each problem as path:line:column: error: message. Exit status: 0 when every \
            file is valid, 1 when a file is invalid, 2 for a usage error.
            """
    )

    @Argument(help: "Workflow files or folders of them.")
    var paths: [String] = ["workflows"]

    @Flag(help: "Print the result as JSON, for editors and CI.")
    var json = false

    func run() throws {
        let sources: [WorkflowSource]
        do {
            sources = try WorkflowFiles.sources(at: paths)
        } catch let error as UsageError {
            Output.error(error.description)
            throw ExitCode.usage
        }
        let catalog = WorkflowDefinition.loadAll(sources, context: WorkflowFiles.context(for: sources))
        if json {
            Output.json(ValidationReport(sources: sources, catalog: catalog))
        } else {
            let texts = Dictionary(sources.map { ($0.path, $0.text) }, uniquingKeysWith: { first, _ in first })
            for diagnostic in catalog.diagnostics {
                Output.error(DiagnosticRenderer.render(diagnostic, source: texts[diagnostic.path]))
            }
            for entry in catalog.entries {
                let workflow = entry.workflow
                print(
                    "\(entry.path): valid: \(workflow.id) version \(workflow.version), \(plural(workflow.stages.count, "stage")), \(plural(workflow.gates.count, "gate"))"
                )
            }
            let invalid = Set(catalog.diagnostics.filter { $0.severity == .error }.map(\.path)).count
            print(
                invalid == 0
                    ? "\(plural(sources.count, "workflow file")) valid"
                    : "\(invalid) of \(plural(sources.count, "workflow file")) invalid, \(plural(catalog.errorCount, "error"))"
            )
        }
        if !catalog.isValid { throw ExitCode.invalid }
    }
}

/// `1 gate`, `5 gates`.
func plural(_ count: Int, _ noun: String) -> String {
    "\(count) \(noun)\(count == 1 ? "" : "s")"
}

/// The `--json` form of a validation.
struct ValidationReport: Encodable {
    struct File: Encodable {
        let path: String
        let valid: Bool
        let workflow: String?
        let version: Int?
    }

    let valid: Bool
    let files: [File]
    let diagnostics: [Diagnostic]

    init(sources: [WorkflowSource], catalog: WorkflowCatalog) {
        let loaded = Dictionary(catalog.entries.map { ($0.path, $0.workflow) }, uniquingKeysWith: { first, _ in first })
        valid = catalog.isValid
        files = sources.map {
            File(
                path: $0.path, valid: loaded[$0.path] != nil, workflow: loaded[$0.path]?.id,
                version: loaded[$0.path]?.version)
        }
        diagnostics = catalog.diagnostics
    }
}
