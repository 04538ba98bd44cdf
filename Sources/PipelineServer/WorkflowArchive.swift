import Foundation
import PipelineCore
import PipelineDefinition
import PipelineStore

/// The workflows a server runs on a database: the versions in the files, and every version the
/// database ran before that the files no longer hold. Each version in the files is stored with
/// its text the first time it runs; a stored version loads from that text, so ideas pinned to it
/// keep working after its file changes to a newer version or is deleted.
///
/// A file that changes a version the database has run, without raising `version:`, is refused:
/// the ideas on that version would otherwise move by rules they did not start under.
///
/// ```swift
/// let library = try await WorkflowArchive.library(catalog, sources: sources, store: store, now: clock.now())
/// library.archived  // versions only the database still holds
/// ```
public enum WorkflowArchive {
    /// Versions in the files that differ from what the database ran under the same number.
    public struct Changed: Error, Sendable, CustomStringConvertible {
        public let diagnostics: [Diagnostic]
        public var description: String { diagnostics.map(\.description).joined(separator: "\n") }
    }

    /// With `readOnly`, versions the database has not run yet are not stored: the library of a
    /// command that must write nothing (`pipeline migrate plan`).
    public static func library(
        _ catalog: WorkflowCatalog, sources: [WorkflowSource], store: any WorkflowVersionStore, now: Date,
        readOnly: Bool = false
    ) async throws -> WorkflowLibrary {
        let text = Dictionary(sources.map { ($0.path, $0.text) }, uniquingKeysWith: { first, _ in first })
        let running = catalog.entries.map { entry in
            WorkflowVersionText(
                workflowID: entry.workflow.id, version: entry.workflow.version, path: entry.path,
                source: text[entry.path] ?? "")
        }
        let stored =
            readOnly
            ? try await store.workflowVersions() : try await store.archiveWorkflowVersions(running, at: now)
        let inFiles = Dictionary(
            catalog.entries.map { ("\($0.workflow.id)@\($0.workflow.version)", $0) }, uniquingKeysWith: { a, _ in a })
        var changed: [Diagnostic] = []
        var archivedSources: [WorkflowSource] = []
        for version in stored {
            let key = "\(version.workflowID)@\(version.version)"
            guard let entry = inFiles[key] else {
                archivedSources.append(WorkflowSource(path: "archive:\(version.path)", text: version.source))
                continue
            }
            let fileText = text[entry.path] ?? ""
            guard fileText != version.source else { continue }
            // Comments and layout may change; what the version means may not.
            let ran = WorkflowDefinition.load(WorkflowSource(path: version.path, text: version.source)).workflow
            // Nor may `migrate:`: it says how ideas come to the version, not how they move on it.
            if ran?.withoutMigrations != entry.workflow.withoutMigrations {
                changed.append(changedVersion(entry, text: fileText, since: version.firstRunAt))
            }
        }
        if !changed.isEmpty { throw Changed(diagnostics: changed) }
        // Archived versions may name other workflows (`adoption:`): resolve them against the files.
        let archive = WorkflowDefinition.loadAll(archivedSources, context: sources)
        if !archive.isValid { throw Changed(diagnostics: archive.diagnostics.filter { $0.severity == .error }) }
        return WorkflowLibrary(catalog.entries.map(\.workflow), archived: archive.entries.map(\.workflow))
    }

    private static func changedVersion(_ entry: WorkflowCatalog.Entry, text: String, since: Date?) -> Diagnostic {
        let line =
            text.split(separator: "\n", omittingEmptySubsequences: false).firstIndex {
                $0.hasPrefix("version:")
            }.map { $0 + 1 } ?? 1
        let version = entry.workflow.version
        let day = since.map { " since \(CalendarDay.text($0))" } ?? ""
        return Diagnostic(
            path: entry.path, line: line, column: 1,
            message:
                "workflow '\(entry.workflow.id)' version \(version) is not the version \(version) this database has run\(day)",
            hint:
                "raise 'version:' to \(version + 1) for the change (ideas on version \(version) keep its rules), or undo it"
        )
    }
}
