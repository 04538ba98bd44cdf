import Foundation
import PipelineCore

/// One thing one person is told: a row of their inbox and, unless they asked for no mail, a
/// message to send (at once, or in the next daily digest). Written in the transaction of the
/// command that caused it.
public struct NotificationRecord: Sendable, Hashable {
    /// `ntf_` and two ``ShortID``s: 100 random bits, so that a mail's unsubscribe link, which
    /// names it, cannot be guessed.
    public let id: String
    /// Increasing over all notifications: the inbox's order and cursor.
    public let sequence: Int64
    public let personID: String
    public let ideaID: String
    public let content: NotificationContent
    public let createdAt: Date
    public var readAt: Date?
    /// How the person wanted to be told when it was written: at once, in the daily digest, or
    /// not by mail (the inbox only).
    public let mail: NotificationPreference
    public var mailStatus: MailStatus

    public init(
        id: String, sequence: Int64 = 0, personID: String, ideaID: String, content: NotificationContent,
        createdAt: Date, readAt: Date? = nil, mail: NotificationPreference, mailStatus: MailStatus? = nil
    ) {
        self.id = id
        self.sequence = sequence
        self.personID = personID
        self.ideaID = ideaID
        self.content = content
        self.createdAt = createdAt
        self.readAt = readAt
        self.mail = mail
        self.mailStatus = mailStatus ?? (mail == .off ? .none : .pending)
    }
}

/// Where a notification's mail is.
public enum MailStatus: String, Sendable, Hashable, CaseIterable {
    /// Waiting to be sent (at once, after a failed attempt's back-off, or at the digest's hour).
    case pending
    /// Claimed by a delivery loop until its lease ends.
    case sending
    case sent
    /// Given up: refused for good (5xx) or too many attempts. Shown to admins.
    case failed
    /// No mail: the person asked for none.
    case none
}

/// A notification whose mail is due, claimed by a delivery loop, with what it takes to send it.
public struct MailJob: Sendable, Hashable {
    public let notification: NotificationRecord
    public let name: String
    public let email: String
    /// Attempts before this one.
    public let attempts: Int

    public init(notification: NotificationRecord, name: String, email: String, attempts: Int) {
        self.notification = notification
        self.name = name
        self.email = email
        self.attempts = attempts
    }
}

/// What became of one attempt to send a notification's mail.
public enum MailDisposition: Sendable, Hashable {
    case sent
    /// Not sent this time (the server was down, 4xx); tried again at `at`.
    case retry(at: Date, reason: String)
    /// Given up for good.
    case failed(reason: String)

    public var name: String {
        switch self {
        case .sent: return "sent"
        case .retry: return "retry"
        case .failed: return "failed"
        }
    }

    public var reason: String? {
        switch self {
        case .sent: return nil
        case .retry(_, let reason), .failed(let reason): return reason
        }
    }
}

/// One attempt to send a notification's mail, for the attempt log admins read.
public struct MailAttempt: Sendable, Hashable {
    public let notificationID: String
    public let at: Date
    public let outcome: String
    public let detail: String?

    public init(notificationID: String, at: Date, outcome: String, detail: String?) {
        self.notificationID = notificationID
        self.at = at
        self.outcome = outcome
        self.detail = detail
    }
}

/// A person of the register who may be told something, with their organisation's name (what
/// visibility and recusal compare with an idea's organisations).
public struct Recipient: Sendable, Hashable {
    public let person: PersonRecord
    public let organisation: String?

    public init(person: PersonRecord, organisation: String?) {
        self.person = person
        self.organisation = organisation
    }
}

/// One page of a person's inbox, newest first.
public struct NotificationPage: Sendable, Hashable {
    public let notifications: [NotificationRecord]
    /// Pass as `cursor` for the next page; `nil` on the last page.
    public let nextCursor: String?

    public init(notifications: [NotificationRecord], nextCursor: String?) {
        self.notifications = notifications
        self.nextCursor = nextCursor
    }
}

/// Where the next page of an inbox starts: after the notification with this sequence. Opaque to
/// callers: `n.<sequence>` in base64url.
public struct NotificationCursor: Sendable, Hashable {
    public let sequence: Int64

    public init(sequence: Int64) {
        self.sequence = sequence
    }

    public var encoded: String { Base64URL.encode(Array("n.\(sequence)".utf8)) }

    /// A cursor this store handed out; `.invalidCursor` for anything else.
    public init(encoded: String) throws(StoreError) {
        guard encoded.utf8.count <= 200, let bytes = Base64URL.decode(encoded),
            let text = String(bytes: bytes, encoding: .utf8), text.hasPrefix("n."),
            text.dropFirst(2).allSatisfy({ ("0"..."9").contains($0) }), let sequence = Int64(text.dropFirst(2)),
            sequence > 0
        else { throw .invalidCursor }
        self.init(sequence: sequence)
    }
}
