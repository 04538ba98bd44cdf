import Foundation
import Hummingbird

extension WebPages {
    /// The language switch of the footer: keeps the person's choice in a cookie, which wins over
    /// the server's default, and goes back to the page it was on.
    func chooseLanguage(_ request: Request, _ visitor: Visitor) throws -> Response {
        let language = visitor.form["language"] ?? ""
        guard languages[language] != nil else {
            throw PageError(
                .unprocessableContent,
                labels.format("language_unknown", ["languages": languages.codes.joined(separator: ", ")]))
        }
        return PageResponse.redirect(
            Self.safeNext(visitor.form["next"]), cookies: [PageResponse.languageCookie(language, request: request)])
    }
}
