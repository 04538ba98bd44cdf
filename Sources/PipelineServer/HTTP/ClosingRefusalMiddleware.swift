import Hummingbird
import NIOCore

/// After refusing a body that is too large (413), answers and ends the connection: otherwise
/// the server would read (or wait for) the rest of a body it has already refused, and a client
/// still sending it would be held up. The answer says `Connection: close`; once it is written the
/// connection stops reading, and the server closes it.
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
            channel.close(mode: .input, promise: nil)
        }
        return response
    }
}
