import Foundation
import PipelineCore
import PipelineDefinition

/// A small workflow whose first stage has a whole SLA ladder of hours, and whose first gate
/// allows a go with conditions: for tests that make timers due by moving a clock a little.
public enum TimedWorkflow {
    public static let fileName = "timed.yml"

    public static let text = """
        id: timed
        version: 1
        name: Getimede proef
        roles:
          submitter: Indienende organisatie
          facilitator: Facilitator
        fields:
          title:
            label: Titel
            type: text
            required: true
        stages:
          intake:
            name: Intake
            editable: [title]
            sla:
              remind: 1h
              escalate: 2h
              hold: 3h
          review:
            name: Beoordeling
            on_review: resume
            sla:
              remind: 1d
          done:
            name: Klaar
            terminal: true
        gates:
          intake_gate:
            name: Intake
            from: intake
            to: review
            conditional_go: true
            max_conditions: 3
          review_gate:
            name: Beoordeling
            from: review
            to: done

        """

    /// The workflow, validated as the server validates it.
    public static let workflow: Workflow = {
        let loaded = WorkflowDefinition.loadAll([WorkflowSource(path: fileName, text: text)])
        guard let workflow = loaded.entries.first?.workflow else {
            preconditionFailure("the timed test workflow does not load: \(loaded)")
        }
        return workflow
    }()

    /// The bundled workflows and this one.
    public static let library = WorkflowLibrary(
        [workflow] + ["primary-care-innovation", "quick-wins"].compactMap { BundledWorkflows.library.latest($0) })

    /// A folder of workflow files for `pipeline serve --workflows`: this one only.
    public static func folder(in parent: URL) throws -> URL {
        let folder = parent.appendingPathComponent("workflows-timed")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try text.write(to: folder.appendingPathComponent(fileName), atomically: true, encoding: .utf8)
        return folder
    }
}
