import ArgumentParser
import PipelineCore
import PipelineStore

/// Prints why a command failed, in words or as JSON, and picks the exit status.
enum Failure {
    static func report(_ failure: CommandFailure, json: Bool) -> ExitCode {
        let code: ExitCode
        var evaluation: GateEvaluation?
        switch failure {
        case .refused(.notFound): code = .notFound
        case .refused(.gateNotMet(let gate)):
            code = .invalid
            evaluation = gate
        case .refused: code = .invalid
        case .store(.conflict): code = .conflict
        case .store: code = .unavailable
        case .unknownWorkflow: code = .notFound
        }
        if json {
            Output.json(ErrorReport(error: kind(of: failure), message: failure.description, gate: evaluation))
        } else if let evaluation {
            Output.error("refused: gate '\(evaluation.gate)' does not hold")
            Output.error(Printer.evaluation(evaluation, withHeader: false))
        } else {
            Output.error("refused: \(failure.description)")
        }
        return code
    }

    private static func kind(of failure: CommandFailure) -> String {
        switch failure {
        case .refused(.forbidden): return "forbidden"
        case .refused(.notFound): return "not_found"
        case .refused(.alreadyExists): return "already_exists"
        case .refused(.invalidFields): return "invalid_fields"
        case .refused(.notAllowedNow): return "not_allowed_now"
        case .refused(.gateNotMet): return "gate_not_met"
        case .refused(.invalidInput): return "invalid_input"
        case .store(.conflict): return "conflict"
        case .store: return "store_unavailable"
        case .unknownWorkflow: return "unknown_workflow"
        }
    }

    struct ErrorReport: Encodable {
        let error: String
        let message: String
        let gate: GateEvaluation?
    }
}

/// Runs a handler call and turns its failure into a printed message and an exit status.
func perform<T>(json: Bool, _ body: () async throws(CommandFailure) -> T) async throws -> T {
    do {
        return try await body()
    } catch {
        throw Failure.report(error, json: json)
    }
}
