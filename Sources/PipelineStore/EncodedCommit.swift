import Foundation
import PipelineCore

/// A command's rows, encoded before they reach the database: JSON encoding runs on the callers'
/// threads in parallel, the writer only binds and executes. Every backend stores the same text.
public struct EncodedCommit: Sendable {
    public struct EncodedEvent: Sendable {
        public let event: Event
        public let actor: String
        /// The change's flat wire object; the event's type goes in a column of its own.
        public let change: String
        /// The webhook message body, the same for every subscription.
        public let message: String
    }

    public let commit: CommandCommit
    public let state: String
    public let events: [EncodedEvent]
    /// When the command happened, in milliseconds: its events' time (the engine's `now`), or
    /// the idea's last change for a commit without events. It stamps the timers the command
    /// schedules, fires and cancels.
    public let milliseconds: Int64
    /// Each notification's content as JSON, in the order of `commit.notifications`.
    public let notifications: [String]

    public init(_ commit: CommandCommit) throws(StoreError) {
        self.commit = commit
        milliseconds = (commit.events.last?.at ?? commit.idea.updatedAt).milliseconds
        do {
            state = try StoredJSON.encode(commit.idea)
            events = try commit.events.enumerated().map { offset, event in
                let message = EventMessage(
                    event: event, sequence: commit.expectedVersion + offset + 1, idea: commit.idea,
                    link: EventLinks.record(commit.idea))
                return EncodedEvent(
                    event: event, actor: try StoredJSON.encode(event.actor),
                    change: try StoredJSON.encode(event.change),
                    message: String(decoding: try message.encoded(), as: UTF8.self))
            }
            notifications = try commit.notifications.map { try StoredJSON.encode($0.content) }
        } catch {
            throw .corrupt("an idea does not encode")
        }
    }
}
