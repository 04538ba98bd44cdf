import Foundation
import PipelineCore
import PipelineDefinition

/// The workflows of `workflows/`, loaded as the server loads them.
public enum BundledWorkflows {
    public static let files = ["primary-care-innovation.yml", "quick-wins.yml", "regional-implementation.yml"]

    /// Every bundled workflow, validated; a file that does not load is left out (and the tests
    /// that need it fail on the missing workflow).
    public static let library: WorkflowLibrary = {
        let sources = files.map { name in
            WorkflowSource(
                path: name,
                text: (try? String(contentsOf: TestPaths.workflows.appendingPathComponent(name), encoding: .utf8)) ?? ""
            )
        }
        return WorkflowLibrary(WorkflowDefinition.loadAll(sources).entries.map(\.workflow))
    }()
}
