import Foundation
import Hummingbird
import PipelineCore
import PipelineStore

/// Checks `Authorization: Bearer <token>` against the stored hashes and puts the caller in the
/// context. A missing, unknown or revoked token is a 401 problem; nothing else runs.
struct AuthMiddleware: RouterMiddleware {
    typealias Context = PipelineRequestContext
    let tokens: TokenCheck

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        guard let header = request.headers[.authorization], header.count <= 500,
            header.prefix(7).lowercased() == "bearer "
        else {
            throw Problem(.unauthorized, "send Authorization: Bearer <token>; create one with 'pipeline tokens create'")
        }
        // Spaces and tabs around the token are not part of it (Foundation's trimming cost more
        // than the rest of the check).
        var token = header.dropFirst(7)
        while let first = token.first, first == " " || first == "\t" { token.removeFirst() }
        while let last = token.last, last == " " || last == "\t" { token.removeLast() }
        let record: TokenRecord?
        do { record = try await tokens.record(hash: TokenAuthority.hash(String(token))) } catch {
            throw Problem(.unavailable, "the database is unavailable")
        }
        guard let record else {
            throw Problem(.unauthorized, "the token is unknown or revoked, or its person is no longer active")
        }
        var context = context
        context.actor = record.actor
        context.principal = record.id
        context.personID = record.personID
        return try await next(request, context)
    }
}
