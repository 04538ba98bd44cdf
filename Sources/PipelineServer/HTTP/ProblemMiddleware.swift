import Hummingbird
import Logging

/// Turns every error into an `application/problem+json` response. Errors a client cannot cause
/// are logged and answered as 500 without internals.
struct ProblemMiddleware: RouterMiddleware {
    typealias Context = PipelineRequestContext

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        do {
            return try await next(request, context)
        } catch let problem as Problem {
            return problem.response(instance: request.uri.path)
        } catch let error as HTTPError {
            return Self.problem(for: error).response(instance: request.uri.path)
        } catch {
            context.logger.error("unexpected error", metadata: ["error": "\(String(describing: type(of: error)))"])
            return Problem(.internalError, "the server failed; the request may be retried").response(
                instance: request.uri.path)
        }
    }

    static func problem(for error: HTTPError) -> Problem {
        switch error.status.code {
        case 404: return Problem(.notFound, "no such resource")
        case 405: return Problem(.methodNotAllowed, "this resource does not take that method")
        case 413: return Problem(.payloadTooLarge, "the body is too large")
        case 400..<500: return Problem(.invalidBody, error.body ?? "the request is not valid")
        default: return Problem(.internalError, "the server failed")
        }
    }
}
