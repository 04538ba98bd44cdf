import Foundation
import HTTPTypes
import Hummingbird

/// HTML responses, redirects and cookies, each with the security headers every page carries.
enum PageResponse {
    static let sessionCookie = "pipeline_session"

    /// No inline script or style anywhere: one stylesheet, served from here.
    static let securityHeaders: HTTPFields = [
        HTTPField.Name("Content-Security-Policy")!:
            "default-src 'self'; script-src 'self'; style-src 'self'; frame-ancestors 'none'; form-action 'self'",
        HTTPField.Name("X-Content-Type-Options")!: "nosniff",
        HTTPField.Name("Referrer-Policy")!: "same-origin",
        HTTPField.Name("X-Frame-Options")!: "DENY",
    ]

    static func html(_ text: String, status: HTTPResponse.Status = .ok) -> Response {
        var headers = securityHeaders
        headers[.contentType] = "text/html; charset=utf-8"
        headers[.cacheControl] = "no-store"
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(string: text)))
    }

    /// 303 See Other: after a form, the browser GETs the result.
    static func redirect(_ location: String, cookies: [String] = []) -> Response {
        var headers = securityHeaders
        headers[.location] = location
        headers[.cacheControl] = "no-store"
        for cookie in cookies { headers.append(HTTPField(name: .setCookie, value: cookie)) }
        return Response(status: .seeOther, headers: headers)
    }

    static func download(_ text: String, contentType: String, filename: String) -> Response {
        var headers = securityHeaders
        headers[.contentType] = contentType
        headers[.contentDisposition] = "attachment; filename=\"\(filename)\""
        headers[.cacheControl] = "no-store"
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: text)))
    }

    /// The session cookie: HttpOnly and SameSite=Strict always; Secure unless the page is served
    /// over plain http to this machine (`make run`), where a browser would drop a Secure cookie.
    static func sessionCookie(_ id: String, request: Request, maxAge: Int? = nil) -> String {
        var cookie = "\(sessionCookie)=\(id); Path=/; HttpOnly; SameSite=Strict"
        if let maxAge { cookie += "; Max-Age=\(maxAge)" }
        if !isPlainHTTPToThisMachine(request) { cookie += "; Secure" }
        return cookie
    }

    /// The person's choice of language (`PageLanguages`), kept a year: HttpOnly, SameSite=Lax (a
    /// link from an e-mail opens the page in it too), Secure as the session cookie is.
    static func languageCookie(_ language: String, request: Request) -> String {
        var cookie = "\(PageLanguages.cookie)=\(language); Path=/; Max-Age=31536000; HttpOnly; SameSite=Lax"
        if !isPlainHTTPToThisMachine(request) { cookie += "; Secure" }
        return cookie
    }

    static func isPlainHTTPToThisMachine(_ request: Request) -> Bool {
        if let forwarded = request.headers[HTTPField.Name("X-Forwarded-Proto")!], forwarded.lowercased() == "https" {
            return false
        }
        var host = (request.head.authority ?? "").lowercased()
        if host.hasPrefix("[") {
            host = String(host.prefix { $0 != "]" }.dropFirst())
        } else if let colon = host.lastIndex(of: ":") {
            host = String(host[..<colon])
        }
        return host == "127.0.0.1" || host == "localhost" || host == "::1"
    }

    /// A cookie's value from the request's Cookie headers.
    static func cookie(_ name: String, in request: Request) -> String? {
        for header in request.headers[values: .cookie] {
            for part in header.split(separator: ";") {
                let pair = part.trimmingCharacters(in: .whitespaces)
                if pair.hasPrefix(name + "=") { return String(pair.dropFirst(name.count + 1)) }
            }
        }
        return nil
    }

    /// A value for a URL query: letters, digits and `-._~/` stay, the rest is percent-encoded.
    static func queryEscaped(_ text: String) -> String {
        let allowed = CharacterSet(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~/")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? ""
    }
}
