import PipelineCore
import PipelineWeb

/// `GET /v1/ideas/{id}/gate`: the gate of the idea's current stage, every check with its stable
/// code and data (field, role, expected, actual, a rule's reasons) and, encoded with
/// ``APIJSON/encoder(wording:)``, each check's `label` and `message` in the asked language.
struct GateResource: Encodable {
    let idea: String
    let stage: String
    let gate: String
    let name: String
    let holds: Bool
    let language: String
    /// "De poort staat open" / "Nog 2 punten open" in the asked language.
    let summary: String
    let checks: [GateCheck]

    init(idea: Idea, gate: Gate, evaluation: GateEvaluation, words: GateWords) {
        self.idea = idea.id
        self.stage = idea.stage
        self.gate = gate.id
        self.name = gate.name
        self.holds = evaluation.holds
        self.language = words.language
        self.summary = words.summary(evaluation)
        self.checks = evaluation.checks
    }
}
