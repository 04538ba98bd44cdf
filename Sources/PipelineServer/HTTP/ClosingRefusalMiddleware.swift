import Hummingbird
import NIOCore

/// After refusing a body that is too large (413), answers and ends the connection, so that the
/// rest of a refused body is not waited for. The answer says `Connection: close`; once it is
/// written the server ends its side (FIN), drops what the client is still sending for a moment,
/// then closes: closing at once with unread data would reset the connection, and a reset can
/// destroy the answer before the client reads it (a lingering close, as web servers do).
struct ClosingRefusalMiddleware: RouterMiddleware {
    typealias Context = PipelineRequestContext

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        var response = try await next(request, context)
        guard response.status == .contentTooLarge else { return response }
        response.headers[.connection] = "close"
        let body = response.body
        let channel = context.channel
        response.body = ResponseBody(contentLength: body.contentLength) { writer in
            try await body.write(writer)
            channel.close(mode: .output, promise: nil)
            channel.eventLoop.scheduleTask(in: .seconds(2)) { channel.close(promise: nil) }
        }
        return response
    }
}
