/// How ideas on an older version of a workflow move to this one: `migrate:` in the newer
/// version's file, one entry per older version.
///
/// ```yaml
/// migrate:
///   - from: 1
///     stages: {pilot: pilot_run}          # a stage not listed keeps its id
///     fields:
///       rename: {privacy_checked: avg_checked}
///       drop: [expected_fte_saved]
/// ```
///
/// The file's validation checks what it can alone (the stages and fields on the right are this
/// version's, `from` is older); what needs the older version too (its stages and fields on the
/// left, a field it has that this version lacks) is checked when ideas are planned to move
/// (``problems(from:to:)``), because the older version may only be in a database.
public struct WorkflowMigration: Sendable, Hashable {
    /// The older version whose ideas these rules move.
    public let from: Int
    /// An older stage's id to the id of the stage its ideas land in.
    public let stages: [String: String]
    /// An older field's id to the id of the field that takes its value.
    public let renamedFields: [String: String]
    /// Older fields whose values are dropped.
    public let droppedFields: [String]

    public init(
        from: Int, stages: [String: String] = [:], renamedFields: [String: String] = [:], droppedFields: [String] = []
    ) {
        self.from = from
        self.stages = stages
        self.renamedFields = renamedFields
        self.droppedFields = droppedFields
    }

    /// The stage an idea in `stage` of the older version lands in: the mapped one, or the same id.
    public func target(ofStage stage: String) -> String { stages[stage] ?? stage }

    /// What keeps the ideas of `old` from moving to `new` at all, in words that say what to write
    /// in `new`'s file; empty when its `migrate:` covers `old`.
    ///
    /// - `new` has no `migrate:` entry `from: old.version`;
    /// - a stage, renamed field or dropped field on the left is not `old`'s;
    /// - a field of `old` is not in `new` and neither renamed nor dropped;
    /// - a field of `old` that `new` keeps under its id and a renamed field would both land in it.
    public static func problems(from old: Workflow, to new: Workflow) -> [String] {
        guard let rules = new.migration(from: old.version) else {
            return [
                "version \(new.version) of \(new.id) does not say how ideas move from version \(old.version): "
                    + "add 'migrate: [{from: \(old.version)}]' to its file, with the stages and fields that change"
            ]
        }
        let context = "migrate from \(old.version)"
        var problems: [String] = []
        for stage in rules.stages.keys.sorted() where old.stage(stage) == nil {
            problems.append("\(context) maps stage '\(stage)', which version \(old.version) does not have")
        }
        for field in rules.renamedFields.keys.sorted() where old.field(field) == nil {
            problems.append("\(context) renames field '\(field)', which version \(old.version) does not have")
        }
        for field in rules.droppedFields where old.field(field) == nil {
            problems.append("\(context) drops field '\(field)', which version \(old.version) does not have")
        }
        let handled = Set(rules.renamedFields.keys).union(rules.droppedFields)
        for field in old.fields where !handled.contains(field.id) {
            if new.field(field.id) == nil {
                problems.append(
                    "field '\(field.id)' of version \(old.version) is not in version \(new.version), and \(context) "
                        + "neither renames nor drops it: add it to fields: rename: {\(field.id): NEW} or fields: drop: "
                        + "[\(field.id)]")
            } else if let renamed = rules.renamedFields.first(where: { $0.value == field.id })?.key {
                problems.append(
                    "\(context) renames '\(renamed)' to '\(field.id)', which version \(old.version) has too and keeps: "
                        + "rename or drop '\(field.id)' as well")
            }
        }
        return problems
    }
}

extension Workflow {
    /// How ideas on `version` move to this version, when the file says.
    public func migration(from version: Int) -> WorkflowMigration? {
        migrations.first { $0.from == version }
    }

    /// The same workflow without its `migrate:` rules: what a version means for the ideas that run
    /// on it. A database that ran a version refuses a file that changes this, not one that only
    /// changes how ideas come to the version.
    public var withoutMigrations: Workflow {
        Workflow(
            id: id, version: version, name: name, description: description, roles: roles, fields: fields,
            stages: stages, gates: gates, kind: kind, adoption: adoption)
    }
}
