import Foundation
import Hummingbird
import PipelineCore
import PipelineStore

extension WebPages {
    /// Notifications per page of the inbox.
    static let inboxPageSize = 20

    /// The signed-in person's notifications, newest first, a page at a time (as `GET
    /// /v1/me/notifications`): all of them, or only the unread ones (`?show=unread`). A token
    /// that belongs to no person of the register has no inbox: the page says so.
    func inbox(_ request: Request, _ visitor: Visitor) async throws -> Response {
        guard let person = visitor.personID else {
            return html("inbox", ["no_person": true], visitor: visitor, title: labels["inbox_title"])
        }
        let unreadOnly = request.uri.queryParameters["show"] == "unread"
        let cursor = request.uri.queryParameters["cursor"].map(String.init)
        let page: NotificationPage
        do {
            page = try await store.inbox(
                personID: person, unreadOnly: unreadOnly, cursor: cursor, limit: Self.inboxPageSize)
        } catch .invalidCursor {
            throw PageError(.unprocessableContent, labels["inbox_bad_cursor"])
        } catch {
            throw PageError(.serviceUnavailable, labels["error_unavailable"])
        }
        let show = unreadOnly ? "unread" : ""
        let unread = visitor.unread ?? 0
        let values: [String: Any] = [
            "done": doneMessage(request),
            "show_unread": unreadOnly, "show": show, "cursor": cursor ?? "",
            "unread_summary": unread == 0
                ? labels["inbox_none_unread"]
                : labels.format(unread == 1 ? "inbox_one_unread" : "inbox_some_unread", ["count": String(unread)]),
            "has_unread": unread > 0,
            "has_items": !page.notifications.isEmpty,
            "items": page.notifications.map { notification -> [String: Any] in
                [
                    "id": notification.id, "idea": notification.ideaID,
                    "subject": NotificationText.subject(notification.content),
                    "paragraphs": NotificationText.paragraphs(notification.content).map { ["text": $0] },
                    "when": Self.moment(notification.createdAt), "when_iso": Self.isoMoment(notification.createdAt),
                    "unread": notification.readAt == nil,
                ]
            },
            "empty": unreadOnly ? labels["inbox_empty_unread"] : labels["inbox_empty"],
            "next": page.nextCursor.map { Self.inboxLink(show: show, cursor: $0) } ?? "",
            "first": cursor == nil ? "" : Self.inboxLink(show: show, cursor: nil),
        ]
        return html("inbox", values, visitor: visitor, title: labels["inbox_title"])
    }

    /// Marks one of the person's notifications read, and shows the page it was on again.
    /// Another person's notification, or one that does not exist, is not found.
    func markRead(_ visitor: Visitor, id: String) async throws -> Response {
        guard let person = visitor.personID else { throw PageError(.notFound, labels["inbox_no_person"]) }
        let marked: Bool
        do { marked = try await store.markNotificationRead(id: id, personID: person, at: clock.now()) } catch {
            throw PageError(.serviceUnavailable, labels["error_unavailable"])
        }
        guard marked else { throw PageError(.notFound, labels["inbox_not_found"]) }
        return PageResponse.redirect(
            Self.inboxLink(show: visitor.form["show"] ?? "", cursor: visitor.form["cursor"], done: "inbox_read"))
    }

    /// Marks all the person's notifications read.
    func markAllRead(_ visitor: Visitor) async throws -> Response {
        guard let person = visitor.personID else { throw PageError(.notFound, labels["inbox_no_person"]) }
        do { _ = try await store.markAllNotificationsRead(personID: person, at: clock.now()) } catch {
            throw PageError(.serviceUnavailable, labels["error_unavailable"])
        }
        return PageResponse.redirect(
            Self.inboxLink(show: visitor.form["show"] ?? "", cursor: nil, done: "inbox_all_read"))
    }

    /// How the signed-in person wants to be told: at once, a daily digest, or by no mail at all.
    func notificationSettings(_ request: Request, _ visitor: Visitor) async throws -> Response {
        guard let personID = visitor.personID else {
            return html("settings", ["no_person": true], visitor: visitor, title: labels["settings_title"])
        }
        let found: PersonRecord?
        do { found = try await register.person(id: personID) } catch {
            throw PageError(.serviceUnavailable, labels["error_unavailable"])
        }
        guard let person = found else { throw PageError(.notFound, labels["inbox_no_person"]) }
        let values: [String: Any] = [
            "done": doneMessage(request), "email": person.email,
            "options": NotificationPreference.allCases.map { preference -> [String: Any] in
                [
                    "value": preference.rawValue, "label": labels["settings_\(preference.rawValue)"],
                    "hint": labels["settings_\(preference.rawValue)_hint"], "checked": preference == person.notify,
                ]
            },
        ]
        return html("settings", values, visitor: visitor, title: labels["settings_title"])
    }

    /// Saves the preference through the people register, as `PUT /v1/me/notification-preference`.
    func saveNotificationSettings(_ visitor: Visitor) async throws -> Response {
        guard let personID = visitor.personID else { throw PageError(.notFound, labels["inbox_no_person"]) }
        let notify = visitor.form["notify"] ?? ""
        guard NotificationPreference(rawValue: notify) != nil else {
            throw PageError(.unprocessableContent, labels["settings_choose"])
        }
        do {
            _ = try await register.updatePerson(id: personID, PeopleRegister.PersonChanges(notify: notify))
        } catch {
            throw Self.pageError(error, labels)
        }
        return PageResponse.redirect("/settings/notifications?done=settings_saved")
    }

    /// The failed mail, for admins (as `GET /v1/mail/failures`): to whom, about what, how often
    /// it was tried and why the last attempt failed.
    func mailFailures(_ visitor: Visitor) async throws -> Response {
        guard Access.isAdmin(visitor.actor) else { throw PageError(.forbidden, labels["mail_admins_only"]) }
        var rows: [[String: Any]] = []
        do {
            for job in try await store.failedMail(limit: 100) {
                let attempts = try await store.mailAttempts(notificationID: job.notification.id)
                rows.append([
                    "name": job.name, "email": job.email, "idea": job.notification.ideaID,
                    "subject": NotificationText.subject(job.notification.content),
                    "when": Self.moment(job.notification.createdAt),
                    "attempts": max(job.attempts, attempts.count),
                    "reason": attempts.last(where: { $0.detail != nil })?.detail ?? "",
                ])
            }
        } catch {
            throw PageError(.serviceUnavailable, labels["error_unavailable"])
        }
        return html(
            "mail", ["failures": rows, "has_failures": !rows.isEmpty], visitor: visitor, title: labels["mail_title"])
    }

    // MARK: -

    /// `/inbox` with the filter, the page and a done message, as far as they are given.
    static func inboxLink(show: String, cursor: String?, done: String? = nil) -> String {
        var query: [String] = []
        if show == "unread" { query.append("show=unread") }
        if let cursor, !cursor.isEmpty { query.append("cursor=" + PageResponse.queryEscaped(cursor)) }
        if let done { query.append("done=" + done) }
        return "/inbox" + (query.isEmpty ? "" : "?" + query.joined(separator: "&"))
    }

    /// A register's refusal as a page: the API's status, and why in the page's language.
    static func pageError(_ failure: RegisterFailure, _ labels: Labels) -> PageError {
        switch failure {
        case .invalid(let refusal):
            return PageError(.unprocessableContent, RefusalWords(workflow: nil, labels: labels).message(refusal))
        case .notFound: return PageError(.notFound, labels["inbox_no_person"])
        case .duplicate(let refusal):
            return PageError(.conflict, RefusalWords(workflow: nil, labels: labels).message(refusal))
        case .store: return PageError(.serviceUnavailable, labels["error_unavailable"])
        }
    }

    /// `1 maart 2027 14:05 UTC`: when a notification came.
    static func moment(_ date: Date) -> String {
        let parts = utc.dateComponents([.hour, .minute], from: date)
        return DutchFormat.day(date) + " " + String(format: "%02d:%02d", parts.hour ?? 0, parts.minute ?? 0) + " UTC"
    }

    /// The same moment for `<time datetime>`.
    static func isoMoment(_ date: Date) -> String {
        let parts = utc.dateComponents([.hour, .minute, .second], from: date)
        return CalendarDay.text(date) + "T"
            + String(format: "%02d:%02d:%02d", parts.hour ?? 0, parts.minute ?? 0, parts.second ?? 0) + "Z"
    }

    private static let utc: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        return calendar
    }()
}
