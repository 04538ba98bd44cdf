import PipelineCore
import Yams

/// Reads one workflow file into a ``Workflow``, reporting every problem it finds.
///
/// The file is read in the order a person reads it: roles and fields first, then stages
/// (which name fields), then gates (which name stages, fields and roles), then the graph.
/// Nothing is returned unless the whole file is valid.
final class WorkflowParser {
    let reader: NodeReader
    var roles: [Workflow.Role] = []
    var fields: [FieldDefinition] = []
    var stages: [Stage] = []
    var gates: [Gate] = []
    /// Where each stage's key stands, for diagnostics about the graph.
    var stageMarks: [String: Mark?] = [:]
    var fieldMarks: [String: Mark?] = [:]
    /// Each deliverable as written, to check that some stage lets people fill it.
    var deliverableReferences: [(gate: String, from: [String], field: String, mark: Mark?)] = []
    /// The gate that already leaves each stage.
    var gateLeaving: [String: String] = [:]
    private(set) var idMark: Mark?
    /// Kinds (`field`, `stage`, `role`) whose declarations could not be read: references to
    /// them are not reported again, so one mistake gives one diagnostic, not a cascade.
    var unreadable: Set<String> = []
    /// Ids declared under `roles`, `fields` and `stages`, by kind, even when their definition
    /// has an error: a reference to one is not "unknown", so one mistake gives one diagnostic.
    var declared: [String: Set<String>] = [:]

    static let workflowKeys = [
        "id", "version", "name", "description", "kind", "adoption", "roles", "fields", "stages", "gates", "migrate",
    ]
    /// `kind:` of the file: ideas, or the implementations of adopted ideas.
    var kind: Workflow.Kind = .idea
    /// `adoption:`, read before the gates so that their rules may use the roll-up.
    var adoption: Workflow.Adoption?
    /// Where `adoption.workflow` and each outcome stand, for the checks across files.
    var adoptionMarks: (workflow: Mark?, outcomes: [String: Mark?])?
    /// `migrate:`: how ideas on older versions move to this one.
    var migrations: [WorkflowMigration] = []

    init(path: String, text: String) {
        reader = NodeReader(path: path, source: SourceText(text))
    }

    func parse(_ root: Node) -> Workflow? {
        guard
            let top = reader.fields(
                root, of: "the workflow", allowed: WorkflowParser.workflowKeys,
                required: ["id", "version", "name", "roles", "fields", "stages", "gates"])
        else { return nil }
        idMark = top["id"]?.value.mark
        let id = workflowID(top["id"])
        if id == "reload", let mark = idMark {
            // `/v1/workflows/reload` reloads the files; no workflow may stand at that address.
            reader.error("the workflow id 'reload' is reserved; choose another", at: mark)
        }
        let version = reader.integer(top["version"], of: "the workflow")
        if let version, version < 1, let entry = top["version"] {
            reader.error("version must be 1 or more, not \(version)", at: entry.value.mark)
        }
        let name = reader.text(top["name"], of: "the workflow")
        let description = top["description"].flatMap { reader.text($0, of: "the workflow") }
        for (key, kind) in [("roles", "role"), ("fields", "field"), ("stages", "stage")] {
            if case .mapping? = top[key]?.value {} else { unreadable.insert(kind) }
        }
        if let entry = top["kind"] { parseKind(entry) }
        if let entry = top["roles"] { parseRoles(entry) }
        if let entry = top["fields"] { parseFields(entry) }
        if let entry = top["adoption"] { parseAdoption(entry) }
        if let entry = top["stages"] { parseStages(entry) }
        checkAdoptableStages(adoptionKey: top["adoption"])
        if let entry = top["gates"] { parseGates(entry) }
        if let entry = top["migrate"] { parseMigrations(entry, version: version) }
        if unreadable.isEmpty, top["gates"] != nil, !reader.hasErrors {
            checkGraph()
            checkFieldsCanBeFilled()
        }

        guard !reader.hasErrors, let id, let version, let name else { return nil }
        return Workflow(
            id: id, version: version, name: name, description: description, roles: roles, fields: fields,
            stages: stages, gates: gates, kind: kind, adoption: adoption, migrations: migrations)
    }

    private func workflowID(_ entry: NodeReader.Entry?) -> String? {
        guard let entry, let id = reader.text(entry, of: "the workflow") else { return nil }
        let allowed = "abcdefghijklmnopqrstuvwxyz0123456789-"
        guard (1...64).contains(id.count), id.first != "-", id.allSatisfy({ allowed.contains($0) }) else {
            reader.error(
                "workflow id '\(id.clipped)' must be lower-case letters, digits and '-'", at: entry.value.mark,
                hint: "for example id: primary-care-innovation")
            return nil
        }
        return id
    }

    private func parseRoles(_ entry: NodeReader.Entry) {
        guard let entries = reader.entries(entry.value, of: "roles") else { return }
        if entries.isEmpty { reader.error("roles is empty; name at least one role", at: entry.keyMark) }
        declared["role"] = Set(entries.flatMap { [$0.key, $0.key.lowercased()] })
        for role in entries where isIdentifier(role, kind: "role") {
            guard let name = reader.text(role, of: "roles") else { continue }
            roles.append(Workflow.Role(id: role.key, name: name))
        }
    }

    /// Ids of roles, fields, stages, gates and criteria: `lower_case`, so that expressions can name them.
    func isIdentifier(_ entry: NodeReader.Entry, kind: String) -> Bool {
        let key = entry.key
        let valid =
            (1...64).contains(key.count) && key.first.map { $0.isASCII && $0.isLowercase } == true
            && key.allSatisfy { $0.isASCII && ($0.isLowercase || $0.isNumber || $0 == "_") }
        guard valid else {
            let suggestion = key.lowercased().map { $0.isLetter || $0.isNumber ? $0 : "_" }
            reader.error(
                "\(kind) id '\(key.clipped)' must be lower-case letters, digits and '_', starting with a letter",
                at: entry.keyMark, hint: "for example '\(String(suggestion).clipped)'")
            return false
        }
        if kind == "field", ExpressionParser.reservedWords.contains(key) {
            reader.error("'\(key)' is a word of the expression language and cannot name a field", at: entry.keyMark)
            return false
        }
        return true
    }

    /// Checks that `name` is one of `known` (a field, stage or role), reporting it otherwise.
    func reference(_ name: String, at mark: Mark?, kind: String, known: [String]) -> Bool {
        guard known.contains(name) else {
            if unreadable.contains(kind) || declared[kind, default: []].contains(name) { return false }
            reader.error(
                "unknown \(kind) '\(name.clipped)'", at: mark,
                hint: Suggestion.hint(for: name, in: known)
                    ?? (known.isEmpty
                        ? nil : "the \(kind)s are " + known.prefix(12).map { "'\($0)'" }.joined(separator: ", ")))
            return false
        }
        return true
    }

    /// Names that must each appear once, such as the fields of `editable`.
    func unique(_ names: [(name: String, mark: Mark?)], in context: String) -> [(name: String, mark: Mark?)] {
        var seen: Set<String> = []
        var result: [(name: String, mark: Mark?)] = []
        for item in names {
            if seen.insert(item.name).inserted {
                result.append(item)
            } else {
                reader.error("'\(item.name.clipped)' appears twice in \(context)", at: item.mark)
            }
        }
        return result
    }
}
