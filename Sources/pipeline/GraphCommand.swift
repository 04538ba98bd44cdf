import ArgumentParser
import PipelineDefinition

extension WorkflowGraph.Format: ExpressibleByArgument {}

struct GraphCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "graph",
        abstract: "Print a workflow's stages and gates as a mermaid or Graphviz diagram."
    )

    @Argument(help: "The workflow file (or a folder: every workflow in it).")
    var file: String

    @Option(help: "mermaid or dot.")
    var format: WorkflowGraph.Format = .mermaid

    func run() throws {
        let sources: [WorkflowSource]
        do {
            sources = try WorkflowFiles.sources(at: [file])
        } catch let error as UsageError {
            Output.error(error.description)
            throw ExitCode.usage
        }
        let catalog = WorkflowDefinition.loadAll(sources, context: WorkflowFiles.context(for: sources))
        guard catalog.isValid, !catalog.entries.isEmpty else {
            for diagnostic in catalog.diagnostics {
                Output.error(
                    DiagnosticRenderer.render(diagnostic, source: sources.first { $0.path == diagnostic.path }?.text))
            }
            throw ExitCode.invalid
        }
        let comment = format == .mermaid ? "%%" : "//"
        for entry in catalog.entries {
            if catalog.entries.count > 1 { print("\(comment) \(entry.path)") }
            print(WorkflowGraph.render(entry.workflow, as: format), terminator: "")
        }
    }
}
