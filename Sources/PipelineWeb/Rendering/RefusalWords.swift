import Foundation
import PipelineCore
import PipelineStore

/// A refused command in a person's language: each ``Refusal`` from the label
/// `refusal_<code>`, its values with the workflow's names instead of ids ("Alleen facilitators
/// besluiten bij een poort.", "Een idee gaat alleen terug naar een eerdere fase: Voorstel."), a
/// gate that does not hold as ``GateWords`` words it. The CLI and the API keep the English
/// sentence (`Refusal.message`); the pages say this. The people register's refusals
/// (``RegisterFailure``) are worded the same way, without a workflow.
///
/// ```swift
/// let words = RefusalWords(workflow: workflow, labels: labels)
/// words.message(.refused(.forbidden(.decideNotFacilitator)))  // "Alleen facilitators besluiten bij een poort."
/// words.message(.emailInvalid("anna@", reason: .nothingAfterAt))  // "‘anna@’ is geen e-mailadres: er staat niets na de @."
/// ```
struct RefusalWords {
    /// The idea's workflow, for the names of its stages, gates, roles, fields and criteria;
    /// `nil` where none is at hand (the values are then shown as they are).
    let workflow: Workflow?
    let labels: Labels
    /// Roles' names by id where no workflow is at hand (the people pages show roles by the names
    /// the workflows give them); else the label `role_<id>`.
    var roleNames: [String: String] = [:]

    /// A failed command: a refusal, a version conflict, or the database not answering.
    func message(_ failure: CommandFailure) -> String {
        switch failure {
        case .refused(let error): return message(error)
        case .store(.conflict(_, let expected, let actual)):
            return labels.format("error_version_conflict", ["actual": String(actual), "expected": String(expected)])
        case .store: return labels["error_unavailable"]
        case .unknownWorkflow(let id): return labels.format("error_unknown_workflow", ["id": String(id.prefix(60))])
        }
    }

    func message(_ error: CommandError) -> String {
        switch error {
        case .forbidden(let refusal), .notAllowedNow(let refusal), .invalidInput(let refusal):
            return message(refusal)
        case .notFound(let idea): return labels.format("error_idea_not_found", ["idea": idea])
        case .alreadyExists(let idea): return labels.format("error_idea_exists", ["idea": idea])
        case .invalidFields(let problems):
            // "Kosten (euro): Dit is € 310.000; hoogstens € 250.000; Samenvatting: Dit veld is verplicht."
            let items = problems.map { "\(fieldName($0.field)): \(message($0))" }
            let sentences = items.allSatisfy { $0.hasSuffix(".") }
            return items.map { sentences ? String($0.dropLast()) : $0 }.joined(separator: "; ") + (sentences ? "." : "")
        case .gateNotMet(let evaluation):
            guard let workflow else { return error.description }
            let words = GateWords(workflow: workflow, labels: labels)
            return labels.format(
                "error_gate_not_met",
                [
                    "gate": workflow.gate(evaluation.gate)?.name ?? evaluation.gate,
                    "reasons": evaluation.failures.map(words.message).joined(separator: "; "),
                ])
        }
    }

    func message(_ refusal: Refusal) -> String {
        labels.format("refusal_\(refusal.code.rawValue)", shown(refusal.values, field: nil))
    }

    /// A refusal of the people register; the store's failure as the database being unavailable.
    func message(_ failure: RegisterFailure) -> String {
        failure.refusal.map(message) ?? labels["error_unavailable"]
    }

    /// A field's problem as the form shows it next to the field: its numbers and options as the
    /// field shows its values (`€ 250.000`, a choice's label).
    func message(_ problem: FieldProblem) -> String {
        labels.format(
            "refusal_\(problem.code.rawValue)",
            shown(problem.refusal.values, field: workflow?.field(problem.field)))
    }

    /// The values as people read them: names for ids, words for the fixed words, Dutch days and numbers.
    private func shown(_ values: [String: String], field: FieldDefinition?) -> [String: String] {
        var shown: [String: String] = [:]
        for (name, value) in values {
            shown[name] = self.value(value, named: name, field: field)
        }
        return shown
    }

    private func value(_ value: String, named name: String, field: FieldDefinition?) -> String {
        if Refusal.wordValues[name] != nil { return labels.words["refusal_\(name)_\(value)"] ?? value }
        switch name {
        case "stage": return stageName(value)
        case "stages": return list(value, stageName)
        case "gate": return workflow?.gate(value)?.name ?? value
        case "role", "scorer": return roleName(value)
        case "roles": return list(value, roleName)
        case "field": return fieldName(value)
        case "criterion": return criterionName(value)
        case "criteria": return list(value, criterionName)
        case "status": return labels.words["status_\(value)"] ?? value
        case "types": return list(value) { OrganisationType(rawValue: $0)?.label ?? $0 }
        case "preferences": return list(value) { labels.words["people_notify_\($0)"] ?? $0 }
        case "due": return DutchFormat.day(iso: value)
        case "options":
            let options: [ChoiceOption]
            switch field?.type {
            case .choice(let choices)?, .list(let choices, _, _)?: options = choices
            default: return value
            }
            return list(value) { id in options.first { $0.value == id }?.label ?? id }
        case "value", "min", "max":
            // A number field's value and bounds as the field shows its values (`€ 250.000`).
            guard let field, let number = Double(value) else { return Int(value).map(DutchFormat.number) ?? value }
            return FieldForm.display(.number(number), field: field, labels: labels)
        case "limit", "count", "length":
            return Int(value).map(DutchFormat.number) ?? value
        default: return value
        }
    }

    private func list(_ value: String, _ name: (String) -> String) -> String {
        value.isEmpty ? value : value.components(separatedBy: ", ").map(name).joined(separator: ", ")
    }

    private func stageName(_ id: String) -> String { workflow?.stage(id)?.name ?? id }

    private func fieldName(_ id: String) -> String { workflow?.field(id)?.label ?? id }

    /// A role's name in the workflow, else the label `role_<id>`, else its id.
    private func roleName(_ id: String) -> String {
        workflow?.roles.first { $0.id == id }?.name ?? roleNames[id] ?? labels.words["role_\(id)"] ?? id
    }

    /// A criterion's label in the workflow's scorecards.
    private func criterionName(_ id: String) -> String {
        guard let workflow else { return id }
        for gate in workflow.gates {
            if let criterion = gate.scorecard?.criteria.first(where: { $0.id == id }) { return criterion.label }
        }
        return id
    }
}
