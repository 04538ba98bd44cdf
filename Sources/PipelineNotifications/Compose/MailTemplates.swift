import Foundation
import Mustache

/// The Mustache templates of the mails, in Dutch (`Templates/` of this module): a text and an
/// HTML version of one notification (`notification-text`, `notification-html`) and of the daily
/// digest (`digest-text`, `digest-html`), with their shared header and footer.
///
/// The HTML templates only use `{{ }}`, which escapes `<`, `>`, `&` and quotes; the text templates
/// declare `{{% CONTENT_TYPE: TEXT }}`, so that their text stays as it is.
struct MailTemplates: Sendable {
    let library: MustacheLibrary

    /// The templates, read once from the module's bundle.
    static func load() throws(MailSetupError) -> MailTemplates {
        switch loaded {
        case .success(let templates): return templates
        case .failure(let error): throw error
        }
    }

    private static let loaded: Result<MailTemplates, MailSetupError> = {
        guard let folder = Bundle.module.resourceURL?.appendingPathComponent("Templates") else {
            return .failure(MailSetupError("the mail templates are missing from the bundle"))
        }
        do {
            var library = MustacheLibrary()
            let files = try FileManager.default.contentsOfDirectory(atPath: folder.path)
                .filter { $0.hasSuffix(".mustache") }
            for file in files {
                let text = try String(contentsOf: folder.appendingPathComponent(file), encoding: .utf8)
                try library.register(text, named: String(file.dropLast(".mustache".count)))
            }
            for name in ["notification-text", "notification-html", "digest-text", "digest-html"]
            where library.getTemplate(named: name) == nil {
                return .failure(MailSetupError("the mail template \(name).mustache is missing from the bundle"))
            }
            return .success(MailTemplates(library: library))
        } catch {
            return .failure(MailSetupError("the mail templates cannot be read: \(error)"))
        }
    }()

    /// The template `name` filled with `values`.
    func render(_ name: String, _ values: [String: Any]) -> String {
        library.render(values, withTemplate: name) ?? ""
    }
}
