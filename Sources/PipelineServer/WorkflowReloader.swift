import Foundation
import Logging
import PipelineCore
import PipelineStore
import ServiceLifecycle
import Synchronization
import UnixSignals

/// Reloads a running server's workflow files, on SIGHUP and on `POST /v1/workflows/reload`: a
/// valid set replaces the old one at once for everything that reads it afterwards (new ideas start
/// on its latest versions; ideas in flight keep their pinned version, from the files or the
/// database's archive); an invalid set is refused with its diagnostics, and the running set stays.
///
/// ```swift
/// let reloader = WorkflowReloader(library: library) { try await loadFromFiles() }
/// configuration.reloader = reloader
/// ```
public final class WorkflowReloader: Sendable {
    /// Why a set of files could not be loaded: compiler-style diagnostics, one per line.
    public struct Refused: Error, Sendable, CustomStringConvertible {
        public let diagnostics: [String]
        public init(diagnostics: [String]) { self.diagnostics = diagnostics }
        public var description: String { diagnostics.joined(separator: "\n") }
    }

    public let shelf: WorkflowShelf
    private let load: @Sendable () async throws -> WorkflowLibrary
    /// The reload before this one: a signal and a request together load the files in turn, and
    /// the later load is the one that stays.
    private let previous = Mutex<Task<Void, Never>?>(nil)

    public init(library: WorkflowLibrary, load: @escaping @Sendable () async throws -> WorkflowLibrary) {
        self.shelf = WorkflowShelf(library)
        self.load = load
    }

    /// Loads the files again and puts the new library on the shelf; throws ``Refused`` (or the
    /// store's error) and leaves the running set as it was when they do not load.
    @discardableResult
    public func reload() async throws -> WorkflowLibrary {
        let task = previous.withLock { before -> Task<WorkflowLibrary, any Error> in
            let waitFor = before
            let task = Task { [load, shelf] () async throws -> WorkflowLibrary in
                await waitFor?.value
                let library = try await load()
                shelf.replace(with: library)
                return library
            }
            before = Task { _ = try? await task.value }
            return task
        }
        return try await task.value
    }
}

/// Reloads the workflows each time the process gets SIGHUP, until the server stops; what it did
/// goes to the log, diagnostics and all.
struct WorkflowReloadService: Service {
    let reloader: WorkflowReloader
    let logger: Logger

    func run() async throws {
        let signals = await UnixSignalsSequence(trapping: .sighup)
        await withGracefulShutdownHandler {
            for await _ in signals.cancelOnGracefulShutdown() {
                do {
                    let library = try await reloader.reload()
                    logger.info(
                        "workflows reloaded",
                        metadata: [
                            "workflows": "\(library.workflows.map { "\($0.id)@\($0.version)" }.joined(separator: ","))"
                        ])
                } catch {
                    logger.error(
                        "workflows not reloaded; the running set stays",
                        metadata: ["diagnostics": "\(String(describing: error))"])
                }
            }
        } onGracefulShutdown: {
        }
    }
}
