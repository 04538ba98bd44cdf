import Foundation
import Hummingbird
import PipelineCore
import PipelineStore

/// `/v1/me/notifications`, `/v1/me/notification-preference` and `/v1/mail/failures`: a person's
/// inbox and how they want to be told, and the mail that failed for good (admins).
///
/// The inbox belongs to the token's person: a token that belongs to nobody (the tokens made
/// before the people register, tokens for scripts) has none, and gets a 404 `no-person` problem
/// that says so. A person only ever reaches their own notifications: another person's id is as
/// unknown as an id that does not exist (404).
struct NotificationRoutes {
    let api: APIContext

    func register(on group: RouteTable.Group) {
        group.on("me/notifications", .get, list)
        group.on("me/notifications/read", .post) { request, context in
            let person = try requirePerson(context)
            _ = try await api.readBody(request, allowed: [], emptyAllowed: true)
            let marked = try await api.query { () async throws(StoreError) in
                try await api.store.markAllNotificationsRead(personID: person, at: api.clock.now())
            }
            return try APIContext.json(["marked": marked])
        }
        group.on("me/notifications/{id}/read", .post) { request, context in
            let person = try requirePerson(context)
            let id = try context.parameters.require("id")
            _ = try await api.readBody(request, allowed: [], emptyAllowed: true)
            let notification = try await api.query { () async throws(StoreError) -> NotificationRecord? in
                // Marked only when it is the person's; a second time keeps the first time.
                guard try await api.store.markNotificationRead(id: id, personID: person, at: api.clock.now()) else {
                    return nil
                }
                return try await api.store.notification(id: id)
            }
            guard let notification, notification.personID == person else {
                throw Problem(.notFound, "you have no notification '\(id.prefix(60))'")
            }
            return try APIContext.json(NotificationResource(notification))
        }
        group.on("me/notification-preference", .put) { request, context in
            let person = try requirePerson(context)
            let (_, body) = try await api.readBody(request, allowed: ["notify"])
            let notify = try body.string("notify", required: true, limit: 20) ?? ""
            let (updated, names) = try await perform { () async throws(RegisterFailure) in
                let updated = try await api.register.updatePerson(
                    id: person, PeopleRegister.PersonChanges(notify: notify))
                let names = try await api.register.organisations().map { ($0.id, $0.name) }
                return (updated, Dictionary(names, uniquingKeysWith: { first, _ in first }))
            }
            return try APIContext.json(PersonResource(updated, organisations: names))
        }
        group.on("mail/failures", .get) { request, context in
            guard Access.isAdmin(try context.requireActor()) else {
                throw Problem(.forbidden, "only admins read the failed mail")
            }
            let parameters = request.uri.queryParameters
            for (name, _) in parameters where name != "limit" {
                throw Problem(.invalidBody, "unknown query parameter '\(String(name).prefix(40))'")
            }
            let limit = try Self.limit(parameters["limit"].map(String.init), default: 100)
            let failures = try await api.query { () async throws(StoreError) in
                var failures: [MailFailureResource] = []
                for job in try await api.store.failedMail(limit: limit) {
                    let attempts = try await api.store.mailAttempts(notificationID: job.notification.id)
                    failures.append(MailFailureResource(job, attempts: attempts))
                }
                return failures
            }
            return try APIContext.json(["failures": failures])
        }
    }

    @Sendable func list(_ request: Request, context: PipelineRequestContext) async throws -> Response {
        let person = try requirePerson(context)
        let parameters = request.uri.queryParameters
        let known: Set<String> = ["unread", "limit", "cursor"]
        for (name, _) in parameters where !known.contains(String(name)) {
            throw Problem(.invalidBody, "unknown query parameter '\(String(name).prefix(40))'")
        }
        var unreadOnly = false
        if let text = parameters["unread"] {
            guard let flag = Bool(String(text)) else { throw Problem(.invalidBody, "unread is true or false") }
            unreadOnly = flag
        }
        let limit = try Self.limit(parameters["limit"].map(String.init), default: 50)
        let cursor = parameters["cursor"].map(String.init)
        let (page, unread) = try await api.query { () async throws(StoreError) in
            (
                try await api.store.inbox(personID: person, unreadOnly: unreadOnly, cursor: cursor, limit: limit),
                try await api.store.unreadNotificationCount(personID: person)
            )
        }
        return try APIContext.json(
            NotificationListResource(
                items: page.notifications.map(NotificationResource.init), unread: unread,
                nextCursor: page.nextCursor))
    }

    /// The person the token belongs to; a 404 `no-person` problem for a token of nobody.
    private func requirePerson(_ context: PipelineRequestContext) throws -> String {
        _ = try context.requireActor()
        guard let person = context.personID else {
            throw Problem(
                .noPerson,
                "this token belongs to no person of the register, so it has no notifications or preference; use a token made with 'pipeline people create --token' or 'pipeline tokens create --person'"
            )
        }
        return person
    }

    /// `limit`: a whole number from 1 to 500.
    static func limit(_ text: String?, default value: Int) throws -> Int {
        guard let text else { return value }
        guard let parsed = Int(text), (1...500).contains(parsed) else {
            throw Problem(.invalidBody, "limit is a whole number from 1 to 500")
        }
        return parsed
    }

    /// Runs a register call, turning its failure into a problem (as ``PeopleRoutes`` does).
    private func perform<T>(_ body: () async throws(RegisterFailure) -> T) async throws -> T {
        do {
            return try await body()
        } catch {
            switch error {
            case .invalid(let refusal): throw Problem(.invalidInput, refusal)
            case .notFound: throw Problem(.noPerson, "the token's person is no longer in the register")
            case .duplicate(let refusal): throw Problem(.alreadyExists, refusal)
            case .store(let error): throw Problem(.store(error))
            }
        }
    }
}

/// A notification as the API shows it: its words (Dutch, as the mail says them) and what they
/// are made of (`content`), when it came, whether it was read, and how it is mailed.
struct NotificationResource: Encodable {
    let id: String
    let ideaID: String
    let topic: String
    let eventType: String
    let subject: String
    let paragraphs: [String]
    let content: NotificationContentResource
    let createdAt: Date
    let readAt: Date?
    let mail: String
    let mailStatus: String

    enum CodingKeys: String, CodingKey {
        case id, topic, subject, paragraphs, content, mail
        case ideaID = "idea_id"
        case eventType = "event_type"
        case createdAt = "created_at"
        case readAt = "read_at"
        case mailStatus = "mail_status"
    }

    init(_ notification: NotificationRecord) {
        id = notification.id
        ideaID = notification.ideaID
        topic = notification.content.topic.rawValue
        eventType = notification.content.eventType
        subject = NotificationText.subject(notification.content)
        paragraphs = NotificationText.paragraphs(notification.content)
        content = NotificationContentResource(notification.content)
        createdAt = notification.createdAt
        readAt = notification.readAt
        mail = notification.mail.rawValue
        mailStatus = notification.mailStatus.rawValue
    }

    /// `read_at` is written as `null` while unread, not left out.
    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(ideaID, forKey: .ideaID)
        try container.encode(topic, forKey: .topic)
        try container.encode(eventType, forKey: .eventType)
        try container.encode(subject, forKey: .subject)
        try container.encode(paragraphs, forKey: .paragraphs)
        try container.encode(content, forKey: .content)
        try container.encode(createdAt, forKey: .createdAt)
        try container.encode(readAt, forKey: .readAt)
        try container.encode(mail, forKey: .mail)
        try container.encode(mailStatus, forKey: .mailStatus)
    }
}

/// What a notification says, as data: the members of ``NotificationContent`` in snake_case,
/// those that do not apply left out.
struct NotificationContentResource: Encodable {
    struct Condition: Encodable {
        let text: String
        let due: String
    }

    let topic: String
    let eventType: String
    let ideaID: String
    let title: String
    let organisation: String
    let region: String
    let stage: String
    let actor: String?
    let decision: String?
    let toStage: String?
    let text: String?
    let conditions: [Condition]?
    let day: String?
    let roles: [String]?

    enum CodingKeys: String, CodingKey {
        case topic, title, organisation, region, stage, actor, decision, text, conditions, day, roles
        case eventType = "event_type"
        case ideaID = "idea_id"
        case toStage = "to_stage"
    }

    init(_ content: NotificationContent) {
        topic = content.topic.rawValue
        eventType = content.eventType
        ideaID = content.ideaID
        title = content.title
        organisation = content.organisation
        region = content.region
        stage = content.stage
        actor = content.actor
        decision = content.decision?.rawValue
        toStage = content.toStage
        text = content.text
        conditions = content.conditions?.map { Condition(text: $0.text, due: $0.due) }
        day = content.day
        roles = content.roles
    }
}

/// A page of the inbox; `next_cursor` is `null` on the last page.
struct NotificationListResource: Encodable {
    let items: [NotificationResource]
    let unread: Int
    let nextCursor: String?

    enum CodingKeys: String, CodingKey {
        case items, unread
        case nextCursor = "next_cursor"
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(items, forKey: .items)
        try container.encode(unread, forKey: .unread)
        try container.encode(nextCursor, forKey: .nextCursor)
    }
}

/// A notification whose mail failed for good, for admins: to whom, about what, and each attempt.
struct MailFailureResource: Encodable {
    struct Attempt: Encodable {
        let at: Date
        let outcome: String
        let reason: String?
    }

    let notification: String
    let person: String
    let name: String
    let email: String
    let ideaID: String
    let subject: String
    let createdAt: Date
    let attemptCount: Int
    let attempts: [Attempt]
    let lastReason: String?

    enum CodingKeys: String, CodingKey {
        case notification, person, name, email, subject, attempts
        case ideaID = "idea_id"
        case createdAt = "created_at"
        case attemptCount = "attempt_count"
        case lastReason = "last_reason"
    }

    init(_ job: MailJob, attempts: [MailAttempt]) {
        notification = job.notification.id
        person = job.notification.personID
        name = job.name
        email = job.email
        ideaID = job.notification.ideaID
        subject = NotificationText.subject(job.notification.content)
        createdAt = job.notification.createdAt
        attemptCount = max(job.attempts, attempts.count)
        self.attempts = attempts.map { Attempt(at: $0.at, outcome: $0.outcome, reason: $0.detail) }
        lastReason = attempts.last(where: { $0.detail != nil })?.detail
    }
}
