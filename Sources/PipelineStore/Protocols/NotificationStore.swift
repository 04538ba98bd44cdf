import Foundation
import PipelineCore

/// People's notifications: the inbox, and the mail queue a delivery loop drains. Notifications
/// are written by ``IdeaStore/commit(_:)`` with the events that cause them; this protocol reads
/// them, marks them read, and claims and records their mail.
///
/// ```swift
/// let page = try await store.inbox(personID: "per_k3f9x2m7qa", unreadOnly: false, cursor: nil, limit: 50)
/// let jobs = try await store.claimMail(now: now, digestBefore: sevenOClock, limit: 100, leaseUntil: now + 60)
/// ```
public protocol NotificationStore: Sendable {
    /// The active people an audience names (see ``Notice/Audience``). For
    /// `.facilitators(region:)`: the facilitators serving the region, or, when nobody serves
    /// it, the facilitators who serve no region in particular (national ones).
    func recipients(_ audience: Notice.Audience) async throws(StoreError) -> [Recipient]

    /// A person's notifications, newest first; `before` is the sequence of the last one of the
    /// previous page.
    func notifications(personID: String, unreadOnly: Bool, before: Int64?, limit: Int) async throws(StoreError)
        -> [NotificationRecord]

    /// One notification, whoever it is for (a mail's unsubscribe link names it).
    func notification(id: String) async throws(StoreError) -> NotificationRecord?

    func unreadNotificationCount(personID: String) async throws(StoreError) -> Int

    /// Marks one of the person's notifications read (once: a second time keeps the first time);
    /// false when the person has no such notification.
    func markNotificationRead(id: String, personID: String, at time: Date) async throws(StoreError) -> Bool

    /// Marks all the person's notifications read; how many were unread.
    func markAllNotificationsRead(personID: String, at time: Date) async throws(StoreError) -> Int

    /// Claims mail that is due, oldest first, until `leaseUntil`: notifications to send at once
    /// whose next attempt has come, and digest notifications written before `digestBefore`
    /// (the last digest hour). A claim whose lease ran out (a loop that died) is claimed again.
    /// No two claims take one notification at once. Mail for a person who has since turned mail
    /// off, or is no longer active, is not claimed but set to ``MailStatus/none``.
    func claimMail(now: Date, digestBefore: Date, limit: Int, leaseUntil: Date) async throws(StoreError) -> [MailJob]

    /// Records what became of claimed mail, each with its attempt in the log, in one
    /// transaction. A notification that is no longer claimed is left as it is.
    func recordMail(_ outcomes: [(id: String, disposition: MailDisposition)], at time: Date) async throws(StoreError)

    /// A notification's attempts, oldest first.
    func mailAttempts(notificationID: String) async throws(StoreError) -> [MailAttempt]

    /// Notifications whose mail failed for good, newest first, with the person's address: what
    /// admins look at.
    func failedMail(limit: Int) async throws(StoreError) -> [MailJob]
}

extension NotificationStore {
    /// A page of a person's inbox, newest first: at most `limit` notifications after `cursor`
    /// (the previous page's ``NotificationPage/nextCursor``); `.invalidCursor` for a cursor this
    /// store did not hand out.
    public func inbox(personID: String, unreadOnly: Bool, cursor: String?, limit: Int) async throws(StoreError)
        -> NotificationPage
    {
        let before = try cursor.map { (text) throws(StoreError) in try NotificationCursor(encoded: text).sequence }
        let size = max(1, limit)
        let found = try await notifications(personID: personID, unreadOnly: unreadOnly, before: before, limit: size + 1)
        let page = Array(found.prefix(size))
        let next = found.count > size ? page.last.map { NotificationCursor(sequence: $0.sequence).encoded } : nil
        return NotificationPage(notifications: page, nextCursor: next)
    }
}
