import Foundation
import PipelineCore

/// Turns the engine's notices (who should hear of a command, by audience) into notifications
/// for people of the register, to be written in the command's transaction: each audience's
/// active people, less the one who did it, those who may not see the idea, and gatekeepers who
/// could not act on it (recusal); one notification per person per command, however many
/// audiences they are in; mailed as each person asked (at once, daily, or not).
///
/// The people are read just before the commit, outside its transaction: someone added to the
/// register at that very moment hears of the next command, not of this one.
struct NotificationPlanner: Sendable {
    let store: any NotificationStore

    func notifications(
        after events: [Event], idea: Idea, workflow: Workflow, now: Date
    ) async throws(StoreError) -> [NotificationRecord] {
        let notices = IdeaEngine.notices(after: events, idea: idea, workflow: workflow)
        guard !notices.isEmpty else { return [] }
        var audiences: [Notice.Audience: [Recipient]] = [:]
        var told: Set<String> = []
        var notifications: [NotificationRecord] = []
        for notice in notices {
            if audiences[notice.audience] == nil {
                audiences[notice.audience] = try await store.recipients(notice.audience)
            }
            for recipient in audiences[notice.audience] ?? [] where !told.contains(recipient.person.id) {
                guard recipient.person.name != notice.excluding, Self.mayRead(idea, recipient, workflow, notice) else {
                    continue
                }
                told.insert(recipient.person.id)
                notifications.append(
                    NotificationRecord(
                        id: "ntf_" + ShortID.generate() + ShortID.generate(), personID: recipient.person.id,
                        ideaID: idea.id,
                        content: NotificationContent(notice: notice, events: events, idea: idea, workflow: workflow),
                        createdAt: now, mail: recipient.person.notify))
            }
        }
        return notifications
    }

    /// Whether the person may see the idea in one of their roles, and, for a gate that waits for
    /// them, may act on it.
    private static func mayRead(_ idea: Idea, _ recipient: Recipient, _ workflow: Workflow, _ notice: Notice) -> Bool {
        let person = recipient.person
        let sees = person.roles.contains { role in
            Access.canView(
                idea, actor: Actor(name: person.name, role: role, organisation: recipient.organisation),
                workflow: workflow)
        }
        guard sees else { return false }
        guard notice.topic == .gateWaiting || notice.topic == .gatekeeperAssigned,
            let gate = workflow.gate(leaving: idea.stage)
        else { return true }
        return Access.recusal(of: recipient.organisation, from: idea, at: gate) == nil
    }
}
