import ArgumentParser
import Foundation
import PipelineCore
import PipelineDefinition
import PipelineStore
import PipelineStoreSQLite

/// Where the data and the workflows are: `--database PATH` (default `data/pipeline.sqlite`, or
/// PIPELINE_DATABASE) and `--workflows DIR` (default `workflows`, or PIPELINE_WORKFLOWS).
struct StoreOptions: ParsableArguments {
    @Option(help: "The SQLite database file (default: data/pipeline.sqlite, or PIPELINE_DATABASE).")
    var database: String?

    @Option(help: "The folder of workflow files (default: workflows, or PIPELINE_WORKFLOWS).")
    var workflows: String?

    var databasePath: String {
        database ?? ProcessInfo.processInfo.environment["PIPELINE_DATABASE"] ?? "data/pipeline.sqlite"
    }

    var workflowsPath: String {
        workflows ?? ProcessInfo.processInfo.environment["PIPELINE_WORKFLOWS"] ?? "workflows"
    }

    /// The workflows, all valid, or the diagnostics and exit status 1: never partly loaded.
    func library() throws -> WorkflowLibrary {
        let sources: [WorkflowSource]
        do {
            sources = try WorkflowFiles.sources(at: [workflowsPath])
        } catch let error as UsageError {
            Output.error(error.description)
            throw ExitCode.usage
        }
        let catalog = WorkflowDefinition.loadAll(sources)
        guard catalog.isValid else {
            for diagnostic in catalog.diagnostics {
                Output.error(
                    DiagnosticRenderer.render(diagnostic, source: sources.first { $0.path == diagnostic.path }?.text))
            }
            Output.error("the workflow files are invalid; fix them first (pipeline validate \(workflowsPath))")
            throw ExitCode.invalid
        }
        return WorkflowLibrary(catalog.entries.map(\.workflow))
    }

    /// Opens the store and a command handler on it.
    func open() throws -> (store: any Store, handler: CommandHandler) {
        let library = try library()
        do {
            let store = try SQLiteStore(path: databasePath)
            return (store, CommandHandler(store: store, library: library))
        } catch {
            Output.error(error.description)
            throw ExitCode.unavailable
        }
    }
}
