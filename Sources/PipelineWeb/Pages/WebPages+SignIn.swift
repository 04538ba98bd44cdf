import Foundation
import Hummingbird
import PipelineCore

extension WebPages {
    /// The sign-in form; `next` is where to go afterwards (a path on this site only).
    func signInForm(_ request: Request, message: String? = nil, status: HTTPResponse.Status = .ok) async throws
        -> Response
    {
        let next = Self.safeNext(request.uri.queryParameters["next"].map(String.init))
        return html(
            "signin", ["next": next, "message": message ?? ""], visitor: nil, title: labels["signin_title"],
            status: status)
    }

    /// Checks the token with the API's check, then keeps only its hash in a new session.
    func signIn(_ request: Request) async throws -> Response {
        let form = try await readForm(request)
        let token = (form["token"] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        let next = Self.safeNext(form["next"])
        guard !token.isEmpty, token.count <= 500 else {
            return html(
                "signin", ["next": next, "message": labels["signin_missing"]], visitor: nil,
                title: labels["signin_title"], status: .unauthorized)
        }
        let checked: (actor: Actor, tokenHash: String)?
        do { checked = try await authentication.verifyToken(token) } catch {
            throw PageError(.serviceUnavailable, labels["error_unavailable"])
        }
        guard let checked else {
            return html(
                "signin", ["next": next, "message": labels["signin_unknown"]], visitor: nil,
                title: labels["signin_title"], status: .unauthorized)
        }
        let (id, _) = sessions.create(tokenHash: checked.tokenHash, now: Date())
        return PageResponse.redirect(next, cookies: [PageResponse.sessionCookie(id, request: request)])
    }

    func signOut(_ request: Request, _ visitor: Visitor) async throws -> Response {
        sessions.remove(visitor.sessionID)
        return PageResponse.redirect("/signin", cookies: [PageResponse.sessionCookie("", request: request, maxAge: 0)])
    }

    /// Only a path of this site: never `//elsewhere` or `https://elsewhere` (no open redirect).
    static func safeNext(_ next: String?) -> String {
        guard let next, next.hasPrefix("/"), !next.hasPrefix("//"), !next.contains("\\"), next.count <= 500,
            !next.contains(where: { $0.isNewline })
        else { return "/" }
        return next
    }
}
