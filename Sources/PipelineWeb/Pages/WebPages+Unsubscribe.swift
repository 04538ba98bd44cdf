import Foundation
import Hummingbird
import PipelineCore
import PipelineStore

extension WebPages {
    /// The page behind the link every mail carries (`/unsubscribe/{notification id}`, also in the
    /// mail's `List-Unsubscribe` header): a question and a button, no sign-in needed. Opening it
    /// changes nothing, so that a mail scanner that follows links unsubscribes nobody.
    func unsubscribePage(id: String) async throws -> Response {
        let person = try await unsubscribingPerson(id)
        return html(
            "unsubscribe", ["id": id, "email": person.email, "already_off": person.notify == .off],
            visitor: nil, title: labels["unsubscribe_title"])
    }

    /// Sets the preference of the notification's person to `off`, through the people register:
    /// the page's button, and RFC 8058's one-click unsubscribe, a mail program's POST with the
    /// form body `List-Unsubscribe=One-Click`. Both answer 200 with the same page.
    ///
    /// No session and no CSRF token is asked for, on purpose: a mail program's one-click POST
    /// carries neither (RFC 8058 forbids cookies and authorisation on it), and the pages' CSRF
    /// check would refuse it. The link itself is the proof: a notification's id carries 100
    /// random bits, so nobody can forge the request for another person's address without the
    /// mail in hand. The body is read within the size limit and otherwise ignored; a POST does
    /// nothing but this one thing, and doing it twice changes nothing more.
    func unsubscribe(_ request: Request, id: String) async throws -> Response {
        do { _ = try await request.body.collect(upTo: maximumBodySize) } catch {
            throw PageError(.contentTooLarge, labels["error_too_large"])
        }
        let person = try await unsubscribingPerson(id)
        if person.notify != .off {
            do {
                _ = try await register.updatePerson(id: person.id, PeopleRegister.PersonChanges(notify: "off"))
            } catch {
                throw Self.pageError(error, labels)
            }
        }
        return html(
            "unsubscribe", ["id": id, "email": person.email, "done": true], visitor: nil,
            title: labels["unsubscribe_done_title"])
    }

    /// The person a notification is for; a 404 page for an id no notification has.
    private func unsubscribingPerson(_ id: String) async throws -> PersonRecord {
        // Ids are `ntf_` and 20 characters; anything much longer is not one.
        guard id.utf8.count <= 100 else { throw PageError(.notFound, labels["unsubscribe_unknown"]) }
        let person: PersonRecord?
        do {
            guard let notification = try await store.notification(id: id) else {
                throw PageError(.notFound, labels["unsubscribe_unknown"])
            }
            person = try await store.person(id: notification.personID)
        } catch let error as PageError {
            throw error
        } catch {
            throw PageError(.serviceUnavailable, labels["error_unavailable"])
        }
        guard let person else { throw PageError(.notFound, labels["unsubscribe_unknown"]) }
        return person
    }
}
