import PipelineCore
import Synchronization

/// The workflows a running server uses, replaced as a whole when it reloads its files: every
/// reader takes the library as it is at that moment, never half of an old set and half of a new.
///
/// ```swift
/// let shelf = WorkflowShelf(library)
/// shelf.library.latest("primary-care-innovation")
/// shelf.replace(with: reloaded)
/// ```
public final class WorkflowShelf: Sendable {
    private let current: Mutex<WorkflowLibrary>

    public init(_ library: WorkflowLibrary) {
        current = Mutex(library)
    }

    public var library: WorkflowLibrary { current.withLock { $0 } }

    public func replace(with library: WorkflowLibrary) {
        current.withLock { $0 = library }
    }
}
