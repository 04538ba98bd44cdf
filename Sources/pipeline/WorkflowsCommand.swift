import ArgumentParser
import Foundation
import PipelineCore
import PipelineServer
import PipelineStore

struct WorkflowsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "workflows",
        abstract: "The workflow versions a database has run.",
        subcommands: [WorkflowVersions.self]
    )
}

struct WorkflowVersions: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "versions",
        abstract: "Every version of a workflow this database has run, with how many ideas each holds.",
        discussion: """
            A version runs the first time a server or command opens the database with its file; the \
            database keeps its text from then on, so that ideas pinned to it keep working after the \
            file changes to a newer version or is deleted. Exit status 3 for a workflow the database \
            has never run.
            """)

    @OptionGroup var store: StoreOptions
    @Argument(help: "The workflow's id.") var workflow: String
    @Flag(help: "Print the versions as JSON.") var json = false

    struct Row: Encodable {
        let version: Int
        let ideas: Int
        let firstRunAt: String
        let path: String
        /// `current`: in the workflow files, new ideas start on the highest; `archived`: only in
        /// the database.
        let state: String

        enum CodingKeys: String, CodingKey {
            case version, ideas, path, state
            case firstRunAt = "first_run_at"
        }
    }

    struct Listing: Encodable {
        let workflow: String
        let versions: [Row]
    }

    func run() async throws {
        try await self.store.withStore { store, handler in
            let versions = try await perform(json: json) { () async throws(CommandFailure) -> [WorkflowVersionText] in
                do throws(StoreError) {
                    return try await store.workflowVersions().filter { $0.workflowID == workflow }
                } catch { throw .store(error) }
            }
            let counts = try await perform(json: json) { () async throws(CommandFailure) -> [Int: Int] in
                do throws(StoreError) { return try await store.ideaCounts(workflowID: workflow) } catch {
                    throw .store(error)
                }
            }
            guard !versions.isEmpty else {
                Output.error("this database has never run a workflow '\(workflow.prefix(80))'")
                throw ExitCode.notFound
            }
            let latest = handler.library.latest(workflow)?.version
            let rows = versions.map { stored in
                Row(
                    version: stored.version, ideas: counts[stored.version] ?? 0,
                    firstRunAt: stored.firstRunAt.map { $0.formatted(.iso8601) } ?? "",
                    path: stored.path,
                    state: handler.library.workflows.contains { $0.id == workflow && $0.version == stored.version }
                        ? (stored.version == latest ? "current" : "in files") : "archived")
            }
            if json {
                Output.json(Listing(workflow: workflow, versions: rows))
                return
            }
            let header = ["VERSION", "IDEAS", "FIRST RUN", "STATE", "FILE"]
            let lines = rows.map { [String($0.version), String($0.ideas), $0.firstRunAt, $0.state, $0.path] }
            print(Printer.columns([header] + lines))
        }
    }
}
