import ArgumentParser
import Foundation
import PipelineCore
import PipelineDefinition
import PipelineServer
import PipelineStore
import PipelineStorePostgres
import PipelineStoreSQLite
import ServiceLifecycle

/// Where the data and the workflows are: `--database` (a SQLite file, `sqlite:PATH`, or a
/// `postgres://` URL; default `data/pipeline.sqlite`, or PIPELINE_DATABASE_URL / PIPELINE_DATABASE)
/// and `--workflows DIR` (default `workflows`, or PIPELINE_WORKFLOWS).
struct StoreOptions: ParsableArguments {
    @Option(
        help:
            "A SQLite file (or sqlite:PATH) or postgres://USER@HOST:PORT/DB (default: data/pipeline.sqlite; or PIPELINE_DATABASE_URL, PIPELINE_DATABASE)."
    )
    var database: String?

    @Option(help: "The folder of workflow files (default: workflows, or PIPELINE_WORKFLOWS).")
    var workflows: String?

    var databasePath: String {
        let environment = ProcessInfo.processInfo.environment
        return database ?? environment["PIPELINE_DATABASE_URL"] ?? environment["PIPELINE_DATABASE"]
            ?? "data/pipeline.sqlite"
    }

    /// Where the data is, for logs: a PostgreSQL URL without its password.
    var databaseDescription: String {
        guard let url = URLComponents(string: databasePath), url.scheme?.hasPrefix("postgres") == true else {
            return databasePath
        }
        return "postgres://\(url.user.map { "\($0)@" } ?? "")\(url.host ?? ""):\(url.port ?? 5432)\(url.path)"
    }

    var workflowsPath: String {
        workflows ?? ProcessInfo.processInfo.environment["PIPELINE_WORKFLOWS"] ?? "workflows"
    }

    /// Why the workflow files make no library: the folder cannot be read, a file is invalid, or
    /// a file changed a version the database ran (``WorkflowArchive``).
    enum WorkflowsRefused: Error {
        case unreadable(String)
        case invalid([Diagnostic], sources: [WorkflowSource])
        case changed([Diagnostic], sources: [WorkflowSource])

        /// For a person at a terminal: each diagnostic with its line quoted, every one of them.
        var rendered: [String] {
            switch self {
            case .unreadable(let message): [message]
            case .invalid(let diagnostics, let sources), .changed(let diagnostics, let sources):
                diagnostics.map { diagnostic in
                    DiagnosticRenderer.render(diagnostic, source: sources.first { $0.path == diagnostic.path }?.text)
                }
            }
        }

        /// For a running server's reload: the errors, one line each (`path:line:col: error: message`).
        var errors: [String] {
            switch self {
            case .unreadable(let message): [message]
            case .invalid(let diagnostics, _), .changed(let diagnostics, _):
                diagnostics.filter { $0.severity == .error }.map(\.description)
            }
        }
    }

    /// The workflow files read and checked, all valid: never partly loaded.
    private func checkedWorkflowFiles() throws(WorkflowsRefused) -> (
        catalog: WorkflowCatalog, sources: [WorkflowSource]
    ) {
        let sources: [WorkflowSource]
        do { sources = try WorkflowFiles.sources(at: [workflowsPath]) } catch {
            throw .unreadable((error as? UsageError)?.description ?? "\(error)")
        }
        let catalog = WorkflowDefinition.loadAll(sources)
        guard catalog.isValid else { throw .invalid(catalog.diagnostics, sources: sources) }
        return (catalog, sources)
    }

    /// The workflows to run on `store`: the files' versions, stored the first time they run, and
    /// the versions only the database still holds (``WorkflowArchive``). Throws
    /// ``WorkflowsRefused``, or the store's error.
    private func loadLibrary(on store: any Store, clock: any WallClock, readOnly: Bool) async throws -> WorkflowLibrary
    {
        let (catalog, sources) = try checkedWorkflowFiles()
        do {
            return try await WorkflowArchive.library(
                catalog, sources: sources, store: store, now: clock.now(), readOnly: readOnly)
        } catch let changed as WorkflowArchive.Changed {
            throw WorkflowsRefused.changed(changed.diagnostics, sources: sources)
        }
    }

    /// The workflow files, all valid, or the diagnostics and exit status 1 (2 for a folder that
    /// cannot be read): never partly loaded.
    @discardableResult
    func workflowFiles() throws -> (catalog: WorkflowCatalog, sources: [WorkflowSource]) {
        do { return try checkedWorkflowFiles() } catch { throw exit(error) }
    }

    /// The workflows to run on `store` (``loadLibrary(on:clock:readOnly:)``); a file that changed a
    /// version the database ran is refused with exit status 1.
    func library(on store: any Store, clock: any WallClock, readOnly: Bool = false) async throws -> WorkflowLibrary {
        do { return try await loadLibrary(on: store, clock: clock, readOnly: readOnly) } catch let refused
            as WorkflowsRefused
        {
            throw exit(refused)
        } catch let error as StoreError {
            Output.error(error.description)
            throw ExitCode.unavailable
        }
    }

    /// The workflow files read again for a running server (``WorkflowReloader``): their
    /// diagnostics (`path:line:col: error: message`) when they do not load.
    func reloadedLibrary(on store: any Store, clock: any WallClock) async throws -> WorkflowLibrary {
        do { return try await loadLibrary(on: store, clock: clock, readOnly: false) } catch let refused
            as WorkflowsRefused
        {
            throw WorkflowReloader.Refused(diagnostics: refused.errors)
        }
    }

    /// Prints why the files were refused and gives the exit status for it.
    private func exit(_ refused: WorkflowsRefused) -> ExitCode {
        refused.rendered.forEach(Output.error)
        switch refused {
        case .unreadable: return .usage
        case .invalid:
            Output.error("the workflow files are invalid; fix them first (pipeline validate \(workflowsPath))")
            return .invalid
        case .changed: return .invalid
        }
    }

    /// Opens the store (running the migrations it lacks), runs `body` with it and a command
    /// handler on it, and closes it again, also when `body` throws. A PostgreSQL pool runs just
    /// as long as `body`. With `readOnly`, workflow versions the database has not run are not
    /// stored (a migrated database is otherwise left as it is: the caller writes nothing).
    func withStore<T: Sendable>(
        clock: any WallClock = SystemClock(), readOnly: Bool = false,
        _ body: (any Store, CommandHandler) async throws -> T
    ) async throws -> T {
        try workflowFiles()  // invalid files are refused before the database is opened
        let location = databasePath
        if StoreOptions.isPostgres(location) {
            do {
                return try await PostgresStore.withStore(url: location, clock: clock) { store in
                    let library = try await library(on: store, clock: clock, readOnly: readOnly)
                    return try await body(store, CommandHandler(store: store, library: library, clock: clock))
                }
            } catch let error as StoreError {
                Output.error(error.description)
                throw ExitCode.unavailable
            }
        }
        let store: SQLiteStore
        do throws(StoreError) {
            store = try SQLiteStore(path: StoreOptions.sqlitePath(location), clock: clock)
        } catch {
            Output.error(error.description)
            throw ExitCode.unavailable
        }
        do {
            let library = try await library(on: store, clock: clock, readOnly: readOnly)
            let result = try await body(store, CommandHandler(store: store, library: library, clock: clock))
            try await store.close()
            return result
        } catch {
            try? await store.close()
            throw error
        }
    }

    /// The store for `pipeline serve` and the services it needs run (a PostgreSQL pool). The
    /// database must be migrated already: open it once with ``withStore(clock:_:)`` first.
    func servingStore(clock: any WallClock) throws -> (store: any Store, services: [any Service]) {
        let location = databasePath
        do throws(StoreError) {
            if StoreOptions.isPostgres(location) {
                let (store, pool) = try PostgresStore.serving(url: location, clock: clock)
                return (store, [pool])
            }
            return (try SQLiteStore(path: StoreOptions.sqlitePath(location), clock: clock), [])
        } catch {
            Output.error(error.description)
            throw ExitCode.unavailable
        }
    }

    /// `postgres://` or `postgresql://` selects PostgreSQL; `sqlite:PATH` or a plain path, SQLite.
    static func isPostgres(_ location: String) -> Bool {
        location.hasPrefix("postgres://") || location.hasPrefix("postgresql://")
    }

    static func sqlitePath(_ location: String) -> String {
        location.hasPrefix("sqlite:") ? String(location.dropFirst("sqlite:".count)) : location
    }
}
