import Foundation
import Hummingbird
import PipelineCore
import PipelineStore

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

    /// Checks the token with the API's check, then keeps only its hash in a new session, stored
    /// in the database so that any instance knows it.
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
        let id: String
        do { id = try await sessions.create(tokenHash: checked.tokenHash, now: clock.now()).id } catch {
            throw PageError(.serviceUnavailable, labels["error_unavailable"])
        }
        return PageResponse.redirect(next, cookies: [PageResponse.sessionCookie(id, request: request)])
    }

    /// Ends the session on every instance.
    func signOut(_ request: Request, _ visitor: Visitor) async throws -> Response {
        do { try await sessions.remove(visitor.sessionID) } catch {
            throw PageError(.serviceUnavailable, labels["error_unavailable"])
        }
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
