import PipelineCore
import Yams

extension WorkflowParser {
    static let adoptionKeys = ["workflow", "outcomes"]

    /// `kind: idea` (the default) or `kind: implementation`.
    func parseKind(_ entry: NodeReader.Entry) {
        guard let text = reader.text(entry, of: "the workflow") else { return }
        guard let parsed = Workflow.Kind(rawValue: text) else {
            reader.error(
                "unknown kind '\(text.clipped)'", at: entry.value.mark,
                hint: "the kinds are 'idea' (the default) and 'implementation'")
            return
        }
        kind = parsed
    }

    /// `adoption: {workflow: ID, outcomes: [FIELD, ...]}`. Whether the workflow exists and the
    /// outcomes are its number fields is checked when all files are loaded together
    /// (``WorkflowDefinition/loadAll(_:)``).
    func parseAdoption(_ entry: NodeReader.Entry) {
        let context = "adoption"
        guard kind == .idea else {
            reader.error(
                "an implementation workflow is not adopted itself; only idea workflows have 'adoption'",
                at: entry.keyMark)
            return
        }
        guard
            let keys = reader.fields(
                entry.value, of: context, allowed: WorkflowParser.adoptionKeys, required: ["workflow"])
        else { return }
        guard let workflowID = reader.text(keys["workflow"], of: context) else { return }
        var outcomes: [String] = []
        var marks: [String: Mark?] = [:]
        if let names = reader.names(keys["outcomes"], of: context) {
            for item in unique(names, in: "outcomes of adoption") {
                let valid =
                    item.name.first.map { $0.isASCII && $0.isLowercase } == true
                    && item.name.allSatisfy { $0.isASCII && ($0.isLowercase || $0.isNumber || $0 == "_") }
                guard valid else {
                    reader.error(
                        "outcome '\(item.name.clipped)' must be a field id of the implementation workflow",
                        at: item.mark)
                    continue
                }
                outcomes.append(item.name)
                marks[item.name] = item.mark
            }
        }
        adoption = Workflow.Adoption(workflowID: workflowID, outcomes: outcomes)
        adoptionMarks = (keys["workflow"]?.value.mark, marks)
    }

    /// An adoptable stage needs `adoption:` to say which workflow the adoptions follow.
    func checkAdoptableStages(adoptionKey: NodeReader.Entry?) {
        guard adoption == nil, adoptionKey == nil, let stage = stages.first(where: \.adoptable) else { return }
        reader.error(
            "stage '\(stage.id)' is adoptable, but the workflow does not say how regions adopt it",
            at: stageMarks[stage.id] ?? nil,
            hint: "add adoption: {workflow: regional-implementation} at the top of the file")
    }

    /// The roll-up's values as fields, for expressions: only in a workflow with `adoption:`.
    var rollupFields: [FieldDefinition] {
        adoption.map { AdoptionRollup.fields(outcomes: $0.outcomes) } ?? []
    }
}
