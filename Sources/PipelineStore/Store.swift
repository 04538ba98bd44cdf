import Foundation
import PipelineCore

/// Where everything lives. One protocol for every backend (SQLite, PostgreSQL), made of one
/// protocol per concern, so that a part that needs only one concern can say so:
///
/// - ``IdeaStore``: ideas, their events and the counts read from them;
/// - ``OutboxStore``: webhook subscriptions, the outbox and its deliveries;
/// - ``AccessStore``: tokens and idempotency records;
/// - ``SessionStore``: the web pages' sessions;
/// - ``TimerStore``: the ideas' timers and their claims;
/// - ``PeopleStore``: the organisations and people registers;
/// - ``NotificationStore``: people's notifications (the inbox) and their mail;
/// - ``StoreLifecycle``: health and closing.
///
/// What only tests and tools need to look into is ``StoreInspection``, not part of `Store`.
///
/// ```swift
/// try await store.commit(CommandCommit(ideaID: idea.id, expectedVersion: 3, events: events, idea: next))
/// ```
public protocol Store: IdeaStore, OutboxStore, AccessStore, SessionStore, TimerStore, PeopleStore, NotificationStore,
    WorkflowVersionStore,
    StoreLifecycle
{}
