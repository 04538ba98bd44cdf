import Foundation
import Hummingbird

/// The languages the pages speak, one `Labels/<language>.json` each, and which one a request
/// gets: the person's own choice (the `pipeline_language` cookie, set by the switch in the
/// footer) over the server's default (`pipeline serve --language`, Dutch unless told otherwise).
///
/// ```swift
/// let languages = try PageLanguages(default: "nl")
/// languages.labels(for: request).language  // "en" with the cookie pipeline_language=en, else "nl"
/// ```
struct PageLanguages: Sendable {
    static let cookie = "pipeline_language"

    /// The server's default: the language of a person who has not chosen one.
    let preferred: Labels
    private let all: [String: Labels]

    init(default language: String) throws {
        var all: [String: Labels] = [:]
        for code in Labels.available { all[code] = try Labels(language: code) }
        guard let preferred = all[language] else {
            let known = all.keys.sorted().joined(separator: ", ")
            throw WebSetupError("no labels for language '\(language)' in Labels/; choose one of \(known)")
        }
        self.preferred = preferred
        self.all = all
    }

    /// Every language by code, the server's default first: the choices of the language switch.
    var codes: [String] { [preferred.language] + all.keys.sorted().filter { $0 != preferred.language } }

    subscript(_ code: String) -> Labels? { all[code] }

    /// The person's choice if it is a language the pages speak, else the server's default.
    func labels(for request: Request) -> Labels {
        PageResponse.cookie(Self.cookie, in: request).flatMap { all[$0] } ?? preferred
    }
}
