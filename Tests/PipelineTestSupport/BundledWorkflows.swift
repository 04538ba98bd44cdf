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

    /// Version 2 of the main workflow, the worked example of docs/workflows.md
    /// (`docs/examples/primary-care-innovation-v2.yml`).
    public static let version2Example = TestPaths.packageRoot.appendingPathComponent(
        "docs/examples/primary-care-innovation-v2.yml")

    /// The bundled workflows and version 2 of the main one, as a server runs them when the file
    /// of version 2 is put beside version 1.
    public static let libraryWithVersion2: WorkflowLibrary = {
        let text = (try? String(contentsOf: version2Example, encoding: .utf8)) ?? ""
        let version2 = WorkflowDefinition.load(WorkflowSource(path: "primary-care-innovation-v2.yml", text: text))
        return WorkflowLibrary(library.workflows + (version2.workflow.map { [$0] } ?? []))
    }()
}
