import Foundation
import PipelineCore
import PipelineMail
import PipelineStore

/// Turns claimed mail into messages: a notification to send at once is one message; the digest
/// notifications of one person claimed together are one digest, grouped by idea. Every message
/// greets the person by name, says what happened in the words of ``NotificationText``, and links
/// to the idea, to the person's notification settings and to a one-click unsubscribe (also in its
/// `List-Unsubscribe` header), all absolute, made from the ``PublicURL``.
///
/// ```swift
/// let composer = try MailComposer(from: Mailbox(parsing: "Innovatiepijplijn <pipeline@example.org>"),
///                                 publicURL: PublicURL("https://pipeline.example.org"))
/// let batch = composer.compose(jobs, date: clock.now())
/// // batch.messages: [(notificationIDs, message)], batch.unsendable: an address that is no address
/// ```
///
/// Each message carries the ids of its notifications in `X-Pipeline-Notification` (and of its
/// ideas in `X-Pipeline-Idea`), and `Auto-Submitted: auto-generated`.
public struct MailComposer: Sendable {
    public let from: Mailbox
    public let publicURL: PublicURL
    private let templates: MailTemplates

    public init(from: Mailbox, publicURL: PublicURL) throws(MailSetupError) {
        self.from = from
        self.publicURL = publicURL
        templates = try MailTemplates.load()
    }

    /// One message and the notifications it carries.
    public struct Composed: Sendable {
        public let notificationIDs: [String]
        public let message: MailMessage
    }

    /// Notifications no message can be made for (an address that is not one), and why.
    public struct Unsendable: Error, Sendable, Equatable {
        public let notificationIDs: [String]
        public let reason: String
    }

    public struct Batch: Sendable {
        public var messages: [Composed] = []
        public var unsendable: [Unsendable] = []
    }

    /// The messages for `jobs`, in the order of their first notification: one per notification
    /// to send at once, one digest per person for the digest ones.
    public func compose(_ jobs: [MailJob], date: Date) -> Batch {
        var batch = Batch()
        for group in Self.groups(jobs) {
            switch message(of: group, date: date) {
            case .success(let composed): batch.messages.append(composed)
            case .failure(let unsendable): batch.unsendable.append(unsendable)
            }
        }
        return batch
    }

    /// The jobs by message: each one to send at once alone, each person's digest ones together,
    /// in the order of their first job.
    static func groups(_ jobs: [MailJob]) -> [[MailJob]] {
        var groups: [[MailJob]] = []
        var digestOf: [String: Int] = [:]
        for job in jobs {
            if job.notification.mail == .daily {
                if let index = digestOf[job.notification.personID] {
                    groups[index].append(job)
                } else {
                    digestOf[job.notification.personID] = groups.count
                    groups.append([job])
                }
            } else {
                groups.append([job])
            }
        }
        return groups
    }

    /// The message of one group of ``groups(_:)``.
    func message(of group: [MailJob], date: Date) -> Result<Composed, Unsendable> {
        let ids = group.map(\.notification.id)
        do {
            let message =
                group[0].notification.mail == .daily
                ? try digest(group, date: date) : try message(for: group[0], date: date)
            return .success(Composed(notificationIDs: ids, message: message))
        } catch {
            return .failure(Unsendable(notificationIDs: ids, reason: "\(error)"))
        }
    }

    /// The message of one notification.
    public func message(for job: MailJob, date: Date) throws -> MailMessage {
        let notification = job.notification
        let subject = NotificationText.subject(notification.content)
        var values = links(unsubscribing: notification.id)
        values["name"] = job.name
        values["subject"] = subject
        values["paragraphs"] = Self.paragraphs(notification.content)
        values["idea_url"] = publicURL.idea(notification.ideaID)
        return try message(
            to: job, subject: subject, text: templates.render("notification-text", values),
            html: templates.render("notification-html", values), messageID: notification.id,
            notifications: [notification.id], ideas: [notification.ideaID], date: date)
    }

    /// The digest of one person's notifications (at least one), grouped by idea in the order
    /// of each idea's first notification, oldest first within an idea.
    public func digest(_ jobs: [MailJob], date: Date) throws -> MailMessage {
        precondition(!jobs.isEmpty, "a digest of nothing")
        let notifications = jobs.map(\.notification).sorted { $0.sequence < $1.sequence }
        var ideaOrder: [String] = []
        var byIdea: [String: [NotificationRecord]] = [:]
        for notification in notifications {
            if byIdea[notification.ideaID] == nil { ideaOrder.append(notification.ideaID) }
            byIdea[notification.ideaID, default: []].append(notification)
        }
        let count = notifications.count
        let subject = "Dagoverzicht: \(DutchFormat.number(count)) \(count == 1 ? "melding" : "meldingen")"
        var values = links(unsubscribing: notifications[0].id)
        values["name"] = jobs[0].name
        values["subject"] = subject
        values["summary"] =
            "\(DutchFormat.number(count)) \(count == 1 ? "melding" : "meldingen") over "
            + "\(DutchFormat.number(ideaOrder.count)) "
            + (ideaOrder.count == 1 ? "idee" : "ideeën")
        values["ideas"] = ideaOrder.map { id -> [String: Any] in
            let items = byIdea[id] ?? []
            return [
                "title": items.last?.content.title ?? id,
                "idea_url": publicURL.idea(id),
                "items": items.map { notification -> [String: Any] in
                    [
                        "subject": NotificationText.subject(notification.content),
                        "paragraphs": Self.paragraphs(notification.content),
                    ]
                },
            ]
        }
        return try message(
            to: jobs[0], subject: subject, text: templates.render("digest-text", values),
            html: templates.render("digest-html", values), messageID: "digest." + notifications[0].id,
            notifications: notifications.map(\.id), ideas: ideaOrder, date: date)
    }

    private func links(unsubscribing notificationID: String) -> [String: Any] {
        ["settings_url": publicURL.notificationSettings, "unsubscribe_url": publicURL.unsubscribe(notificationID)]
    }

    private func message(
        to job: MailJob, subject: String, text: String, html: String, messageID: String, notifications: [String],
        ideas: [String], date: Date
    ) throws -> MailMessage {
        let unsubscribe = publicURL.unsubscribe(notifications[0])
        guard let unsubscribeURL = URL(string: unsubscribe) else {
            throw MailSetupError("the unsubscribe link '\(MailSetupError.shown(unsubscribe))' is not a URL")
        }
        return MailMessage(
            from: from, to: Mailbox(try MailAddress(job.email), name: job.name), subject: subject, text: text,
            html: html, messageID: try Self.messageID(messageID, host: publicURL.host), date: date,
            listUnsubscribe: try ListUnsubscribe(unsubscribeURL),
            headers: [
                try MailHeader(name: "X-Pipeline-Notification", value: notifications.joined(separator: " ")),
                try MailHeader(name: "X-Pipeline-Idea", value: ideas.joined(separator: " ")),
                MailHeader.autoSubmitted,
            ])
    }

    /// `<ntf_…@host>`, or `@pipeline.invalid` when the host is not a plain name (an IPv6 address).
    private static func messageID(_ local: String, host: String) throws -> MessageID {
        if let id = try? MessageID(local: local, domain: host) { return id }
        return try MessageID(local: local, domain: "pipeline.invalid")
    }

    /// A notification's paragraphs for the templates: each its text, and its lines for HTML
    /// (where a line break becomes `<br>`).
    static func paragraphs(_ content: NotificationContent) -> [[String: Any]] {
        NotificationText.paragraphs(content).map { paragraph in
            let lines = paragraph.split(separator: "\n", omittingEmptySubsequences: false)
            return [
                "text": paragraph,
                "lines": lines.enumerated().map { ["text": String($1), "br": $0 > 0] as [String: Any] },
            ]
        }
    }
}
