import PipelineCore
import PipelineDefinition
import Testing

/// `migrate:` in a workflow file: what the file alone can say is checked with the file, at the
/// line and column of the mistake.
@Suite("migrate: in a workflow file")
struct MigrationParsingTests {
    /// Version 3 of a small workflow; `migrate:` starts on line 25.
    static let base = """
        id: demo
        version: 3
        name: Demo
        roles:
          facilitator: Facilitator
        fields:
          cost_eur:
            label: Cost
            type: money
          avg_checked:
            label: AVG
            type: boolean
        stages:
          proposal:
            name: Proposal
            editable: [cost_eur, avg_checked]
          done:
            name: Done
            terminal: true
        gates:
          check:
            name: Check
            from: proposal
            to: done

        """

    static func load(_ migrate: String) -> WorkflowLoadResult {
        WorkflowDefinition.load(WorkflowSource(path: "demo.yml", text: base + "migrate:\n" + migrate))
    }

    @Test("rules for two older versions are read")
    func valid() throws {
        let result = Self.load(
            """
              - from: 1
                stages: {pilot: proposal, old_done: done}
                fields:
                  rename: {privacy_checked: avg_checked, costs: cost_eur}
                  drop: [old_note]
              - from: 2

            """)
        #expect(result.diagnostics == [])
        let workflow = try #require(result.workflow)
        #expect(
            workflow.migrations == [
                WorkflowMigration(
                    from: 1, stages: ["pilot": "proposal", "old_done": "done"],
                    renamedFields: ["privacy_checked": "avg_checked", "costs": "cost_eur"], droppedFields: ["old_note"]),
                WorkflowMigration(from: 2),
            ])
        #expect(workflow.migration(from: 1)?.target(ofStage: "pilot") == "proposal")
        #expect(workflow.migration(from: 1)?.target(ofStage: "proposal") == "proposal")
        #expect(workflow.migration(from: 3) == nil)
    }

    @Test(
        "each mistake at its line and column",
        arguments: [
            (
                "  - from: 3\n",
                "demo.yml:26:11: error: migrate from 3 must name an older version than this file's version 3 "
                    + "(ideas move to version 3 from an older one, such as from: 2)"
            ),
            ("  - from: 0\n", "demo.yml:26:11: error: from must be 1 or more, not 0"),
            (
                "  - from: one\n",
                "demo.yml:26:11: error: 'from' of an entry of migrate must be a whole number, not 'one' "
                    + "(for example from: 1)"
            ),
            ("  - from: 1\n  - from: 1\n", "demo.yml:27:11: error: migrate from 1 is given twice"),
            (
                "  - from: 1\n    stages: {pilot: pilot_run}\n",
                "demo.yml:27:21: error: unknown stage 'pilot_run' (the stages are 'proposal', 'done')"
            ),
            (
                "  - from: 1\n    stages:\n      pilot: proposal\n      pilot: done\n",
                "demo.yml:29:7: error: duplicate key 'pilot'; it is already defined at line 28 "
                    + "(a key appears once in a mapping: rename or remove one of them)"
            ),
            (
                "  - from: 1\n    fields:\n      rename: {privacy_checked: avg_check}\n",
                "demo.yml:28:33: error: unknown field 'avg_check' (did you mean 'avg_checked'?)"
            ),
            (
                "  - from: 1\n    fields:\n      rename: {a: cost_eur, b: cost_eur}\n",
                "demo.yml:28:32: error: 'a' and 'b' are both renamed to 'cost_eur' in migrate from 1 "
                    + "(a field takes the value of one older field)"
            ),
            (
                "  - from: 1\n    fields:\n      rename: {cost_eur: cost_eur}\n",
                "demo.yml:28:26: error: field 'cost_eur' is renamed to itself in migrate from 1 "
                    + "(leave it out: a field that keeps its id keeps its value)"
            ),
            (
                "  - from: 1\n    fields: {rename: {a: cost_eur}, drop: [old_note, a]}\n",
                "demo.yml:27:54: error: field 'a' is both renamed and dropped in migrate from 1 (keep one of the two)"
            ),
            (
                "  - from: 1\n    fields: {drop: [old_note, old_note]}\n",
                "demo.yml:27:31: error: 'old_note' appears twice in drop of migrate from 1"
            ),
            (
                "  - from: 1\n    stage: {pilot: proposal}\n",
                "demo.yml:27:5: error: unknown key 'stage' in an entry of migrate (did you mean 'stages'?)"
            ),
            (
                "  - from: 1\n    fields: {renames: {a: cost_eur}}\n",
                "demo.yml:27:14: error: unknown key 'renames' in fields of migrate from 1 (did you mean 'rename'?)"
            ),
            ("  - stages: {}\n", "demo.yml:26:5: error: an entry of migrate is missing the required key 'from'"),
            ("  from: 1\n", "demo.yml:26:3: error: 'migrate' of the workflow must be a list, not a mapping"),
        ])
    func mistake(migrate: String, expected: String) throws {
        let result = Self.load(migrate)
        #expect(result.workflow == nil)
        #expect(result.diagnostics.map(\.description) == [expected])
    }
}
