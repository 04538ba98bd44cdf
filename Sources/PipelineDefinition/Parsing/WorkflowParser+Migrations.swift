import PipelineCore
import Yams

extension WorkflowParser {
    static let migrationKeys = ["from", "stages", "fields"]
    static let migrationFieldKeys = ["rename", "drop"]

    /// `migrate:`, a list with one entry per older version whose ideas may move to this one:
    ///
    /// ```yaml
    /// migrate:
    ///   - from: 1
    ///     stages: {pilot: pilot_run}
    ///     fields: {rename: {privacy_checked: avg_checked}, drop: [expected_fte_saved]}
    /// ```
    ///
    /// Checked here: `from` is an older version, once; the stages and fields on the right are this
    /// file's; a field is renamed to another once and not also dropped. The names on the left are
    /// the older version's, which may only be in a database: they are checked when ideas are
    /// planned to move (``WorkflowMigration/problems(from:to:)``).
    func parseMigrations(_ entry: NodeReader.Entry, version: Int?) {
        guard let items = reader.items(entry, of: "the workflow") else { return }
        var seen: Set<Int> = []
        for item in items {
            guard
                let keys = reader.fields(
                    item, of: "an entry of migrate", allowed: WorkflowParser.migrationKeys, required: ["from"]),
                let fromEntry = keys["from"], let from = reader.integer(fromEntry, of: "an entry of migrate")
            else { continue }
            let context = "migrate from \(from)"
            if from < 1 {
                reader.error("from must be 1 or more, not \(from)", at: fromEntry.value.mark)
                continue
            }
            if let version, from >= version {
                reader.error(
                    "\(context) must name an older version than this file's version \(version)",
                    at: fromEntry.value.mark,
                    hint: version > 1
                        ? "ideas move to version \(version) from an older one, such as from: \(version - 1)"
                        : "version 1 is the first: there is nothing to migrate from")
                continue
            }
            guard seen.insert(from).inserted else {
                reader.error("\(context) is given twice", at: fromEntry.value.mark)
                continue
            }
            let stageMap = keys["stages"].flatMap { parseStageMap($0, context: context) } ?? [:]
            var renamed: [String: String] = [:]
            var dropped: [String] = []
            if let fieldsEntry = keys["fields"],
                let fieldKeys = reader.fields(
                    fieldsEntry.value, of: "fields of \(context)", allowed: WorkflowParser.migrationFieldKeys)
            {
                if let rename = fieldKeys["rename"] { renamed = parseRenames(rename, context: context) }
                if let names = reader.names(fieldKeys["drop"], of: "fields of \(context)") {
                    for item in unique(names, in: "drop of \(context)") {
                        if renamed[item.name] != nil {
                            reader.error(
                                "field '\(item.name.clipped)' is both renamed and dropped in \(context)", at: item.mark,
                                hint: "keep one of the two")
                            continue
                        }
                        dropped.append(item.name)
                    }
                }
            }
            migrations.append(
                WorkflowMigration(from: from, stages: stageMap, renamedFields: renamed, droppedFields: dropped))
        }
    }

    /// `stages: {old: new, ...}`: any old name; each new one a stage of this file.
    private func parseStageMap(_ entry: NodeReader.Entry, context: String) -> [String: String]? {
        guard let entries = reader.entries(entry.value, of: "stages of \(context)") else { return nil }
        var map: [String: String] = [:]
        for item in entries {
            // A key twice is refused when the YAML is read.
            guard let target = reader.text(item, of: "stages of \(context)") else { continue }
            if reference(target, at: item.value.mark, kind: "stage", known: stages.map(\.id)) {
                map[item.key] = target
            }
        }
        return map
    }

    /// `rename: {old: new, ...}`: any old name; each new one a field of this file, given once.
    private func parseRenames(_ entry: NodeReader.Entry, context: String) -> [String: String] {
        guard let entries = reader.entries(entry.value, of: "rename of \(context)") else { return [:] }
        var renamed: [String: String] = [:]
        var targets: [String: String] = [:]
        for item in entries {
            guard let target = reader.text(item, of: "rename of \(context)") else { continue }
            if target == item.key {
                reader.error(
                    "field '\(target.clipped)' is renamed to itself in \(context)", at: item.value.mark,
                    hint: "leave it out: a field that keeps its id keeps its value")
                continue
            }
            guard reference(target, at: item.value.mark, kind: "field", known: fields.map(\.id)) else { continue }
            if let other = targets[target] {
                reader.error(
                    "'\(other.clipped)' and '\(item.key.clipped)' are both renamed to '\(target.clipped)' in \(context)",
                    at: item.value.mark, hint: "a field takes the value of one older field")
                continue
            }
            targets[target] = item.key
            renamed[item.key] = target
        }
        return renamed
    }
}
