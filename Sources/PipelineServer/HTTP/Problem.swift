import Foundation
import Hummingbird
import PipelineCore
import PipelineStore

/// An RFC 9457 problem: every error the API answers with. The `type` is stable per kind of
/// error; `detail` says what to change; `code` names the refusal of the engine or of the people
/// register (``Refusal/Code``), stable, for a client that words it itself; extra members carry
/// the gate evaluation or the fields.
public struct Problem: Error, Sendable {
    public enum Kind: String, Sendable, CaseIterable {
        case invalidBody = "invalid-body"
        case unsupportedMediaType = "unsupported-media-type"
        case payloadTooLarge = "payload-too-large"
        case unauthorized
        case forbidden
        case notFound = "not-found"
        case noPerson = "no-person"
        case methodNotAllowed = "method-not-allowed"
        case alreadyExists = "already-exists"
        case invalidFields = "invalid-fields"
        case invalidInput = "invalid-input"
        case notAllowedNow = "not-allowed-now"
        case gateNotMet = "gate-not-met"
        case preconditionRequired = "precondition-required"
        case preconditionFailed = "precondition-failed"
        case idempotencyKeyReused = "idempotency-key-reused"
        case invalidWorkflows = "invalid-workflows"
        case unavailable
        case internalError = "internal-error"

        public var status: HTTPResponse.Status {
            switch self {
            case .invalidBody: return .badRequest
            case .unsupportedMediaType: return .unsupportedMediaType
            case .payloadTooLarge: return .contentTooLarge
            case .unauthorized: return .unauthorized
            case .forbidden: return .forbidden
            case .notFound, .noPerson: return .notFound
            case .methodNotAllowed: return .methodNotAllowed
            case .alreadyExists, .notAllowedNow, .gateNotMet: return .conflict
            case .invalidFields, .invalidInput, .idempotencyKeyReused, .invalidWorkflows: return .unprocessableContent
            case .preconditionRequired: return .preconditionRequired
            case .preconditionFailed: return .preconditionFailed
            case .unavailable: return .serviceUnavailable
            case .internalError: return .internalServerError
            }
        }

        public var title: String {
            switch self {
            case .invalidBody: return "The request body is not valid"
            case .unsupportedMediaType: return "The request body must be JSON"
            case .payloadTooLarge: return "The request body is too large"
            case .unauthorized: return "A valid bearer token is required"
            case .forbidden: return "Your role or organisation does not allow this"
            case .notFound: return "Not found"
            case .noPerson: return "The token belongs to no person"
            case .methodNotAllowed: return "Method not allowed"
            case .alreadyExists: return "It already exists"
            case .invalidFields: return "Field values do not fit the workflow"
            case .invalidInput: return "The request does not fit"
            case .notAllowedNow: return "Not possible in the idea's current state"
            case .gateNotMet: return "The gate does not hold"
            case .preconditionRequired: return "If-Match is required"
            case .preconditionFailed: return "The idea has changed"
            case .idempotencyKeyReused: return "The Idempotency-Key was used for another request"
            case .invalidWorkflows: return "The workflow files do not load"
            case .unavailable: return "The service is unavailable"
            case .internalError: return "Internal error"
            }
        }

        /// The stable URI of this kind, documented in docs/api.md.
        public var typeURI: String { "https://pipeline.invalid/problems/\(rawValue)" }
    }

    public let kind: Kind
    public let detail: String
    /// The refusal's code (`decide_not_facilitator`, `email_taken`), for a refusal of the engine
    /// or of the people register.
    public var code: String?
    /// Headers the answer carries besides its content type (`Allow` on a 405).
    var headers: HTTPFields = [:]
    public var evaluation: GateEvaluation?
    public var fields: [FieldProblem]?
    /// Why workflow files do not load, compiler-style (`path:line:col: error: ...`).
    public var diagnostics: [String]?

    public init(_ kind: Kind, _ detail: String, evaluation: GateEvaluation? = nil, fields: [FieldProblem]? = nil) {
        self.kind = kind
        self.detail = detail
        self.evaluation = evaluation
        self.fields = fields
    }

    struct Body: Encodable {
        let type: String
        let title: String
        let status: Int
        let detail: String
        let code: String?
        let instance: String?
        let gate: GateEvaluation?
        let invalidFields: [FieldProblem]?
        let diagnostics: [String]?

        enum CodingKeys: String, CodingKey {
            case type, title, status, detail, code, instance, gate, diagnostics
            case invalidFields = "invalid_fields"
        }
    }

    /// The problem document as JSON.
    func encoded(instance: String?) -> Data {
        let body = Body(
            type: kind.typeURI, title: kind.title, status: Int(kind.status.code), detail: detail, code: code,
            instance: instance,
            gate: evaluation, invalidFields: fields, diagnostics: diagnostics)
        return (try? APIJSON.encoder.encode(body)) ?? Data()
    }

    func response(instance: String?) -> Response {
        let data = encoded(instance: instance)
        return Response(
            status: kind.status, headers: headers + [.contentType: "application/problem+json"],
            body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}

extension Problem {
    /// The problem for a command the engine refused or the store could not do.
    init(_ failure: CommandFailure) {
        switch failure {
        case .refused(let error):
            switch error {
            case .forbidden(let refusal): self.init(.forbidden, refusal)
            case .notFound(let idea): self.init(.notFound, "idea '\(idea)' not found")
            case .alreadyExists(let idea): self.init(.alreadyExists, "idea '\(idea)' already exists")
            case .invalidFields(let problems):
                self.init(.invalidFields, error.description, fields: problems)
            case .notAllowedNow(let refusal): self.init(.notAllowedNow, refusal)
            case .gateNotMet(let evaluation): self.init(.gateNotMet, error.description, evaluation: evaluation)
            case .invalidInput(let refusal): self.init(.invalidInput, refusal)
            }
        case .store(.conflict(_, let expected, let actual)):
            self.init(.preconditionFailed, "the idea is at version \(actual), not \(expected); fetch it again")
        case .store(.invalidCursor):
            self.init(.invalidInput, "the cursor is not valid; start from the first page")
        case .store(let error):
            self.init(.unavailable, error.description)
        case .unknownWorkflow(let id):
            self.init(.notFound, "unknown workflow '\(id)'")
        }
    }

    /// The problem for a refusal: its English sentence as `detail`, its code as `code`.
    init(_ kind: Kind, _ refusal: Refusal) {
        self.init(kind, refusal.message)
        code = refusal.code.rawValue
    }
}
