import Foundation
import PipelineCore
import PipelineMail
import PipelineNotifications
import PipelineStore
import PipelineStorePostgres
import PipelineStoreSQLite
import PipelineTestSupport
import Testing

/// Notifications, jobs and composers for the tests.
enum MailFixture {
    static let publicURL = try! PublicURL("https://pipeline.example.org")
    static let from = try! Mailbox(parsing: "Innovatiepijplijn <pipeline@example.org>")
    static let composer = try! MailComposer(from: from, publicURL: publicURL)

    /// A moment given as `2027-01-15T10:00:00Z`.
    static func time(_ text: String) -> Date {
        guard let date = ISO8601DateFormatter().date(from: text) else { preconditionFailure("not a time: \(text)") }
        return date
    }

    /// Content as the planner writes it, from its stored JSON (its fields have no public initialiser).
    static func content(
        topic: Notice.Topic = .comment, idea: String = "idea-1", title: String = "Digitale triage",
        stage: String = "Intake", actor: String? = "Fenna de Vries", decision: String? = nil, toStage: String? = nil,
        text: String? = nil, conditions: [(String, String)]? = nil, day: String? = nil
    ) -> NotificationContent {
        var json: [String: Any] = [
            "topic": topic.rawValue, "eventType": "idea.commented", "ideaID": idea, "title": title,
            "organisation": "HAP De Linde", "region": "Twente", "stage": stage,
        ]
        json["actor"] = actor
        json["decision"] = decision
        json["toStage"] = toStage
        json["text"] = text
        json["day"] = day
        json["conditions"] = conditions?.map { ["text": $0.0, "due": $0.1] }
        let data = try! JSONSerialization.data(withJSONObject: json)
        return try! JSONDecoder().decode(NotificationContent.self, from: data)
    }

    static func job(
        _ id: String, sequence: Int64 = 1, person: String = "per-anna", name: String = "Anna Jansen",
        email: String = "anna@delinde.nl", mail: NotificationPreference = .immediate, idea: String = "idea-1",
        content: NotificationContent? = nil, attempts: Int = 0
    ) -> MailJob {
        MailJob(
            notification: NotificationRecord(
                id: id, sequence: sequence, personID: person, ideaID: idea,
                content: content ?? self.content(idea: idea, text: "Reactie \(sequence)"),
                createdAt: time("2027-01-15T10:00:00Z"), mail: mail),
            name: name, email: email, attempts: attempts)
    }

    /// The header lines of an encoded message, unfolded.
    static func headerLines(_ message: MailMessage) -> [String] {
        let text = String(decoding: message.encoded(), as: UTF8.self)
        let head = text.components(separatedBy: "\r\n\r\n")[0]
        var lines: [String] = []
        for line in head.components(separatedBy: "\r\n") {
            if line.hasPrefix(" ") || line.hasPrefix("\t"), !lines.isEmpty {
                lines[lines.count - 1] += line
            } else {
                lines.append(line)
            }
        }
        return lines
    }
}

/// The stores the delivery tests run on: a SQLite file always, PostgreSQL with a server
/// (`PIPELINE_TEST_POSTGRES_URL`, which `scripts/with-postgres.sh` sets).
enum MailBackend: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case sqlite
    case postgres

    var testDescription: String { rawValue }

    static let postgresURL: String? = ProcessInfo.processInfo.environment["PIPELINE_TEST_POSTGRES_URL"].flatMap {
        $0.isEmpty ? nil : $0
    }

    static var available: [MailBackend] { allCases.filter { $0 != .postgres || postgresURL != nil } }

    /// Runs `body` on a new, empty store of this kind, then closes and removes it.
    func withStore(_ body: (any Store) async throws -> Void) async throws {
        switch self {
        case .sqlite:
            let folder = try TemporaryFolder("mail-store")
            defer { folder.remove() }
            let store = try SQLiteStore(path: folder.path("pipeline.sqlite"))
            do {
                try await body(store)
            } catch {
                try? await store.close()
                throw error
            }
            try await store.close()
        case .postgres:
            guard let server = Self.postgresURL, var components = URLComponents(string: server) else { return }
            let name = "pipeline_mail_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
            try Self.psql(server, "CREATE DATABASE \(name)")
            defer { try? Self.psql(server, "DROP DATABASE IF EXISTS \(name) WITH (FORCE)") }
            components.path = "/" + name
            var options = PostgresStore.Options()
            options.maximumConnections = 4
            // The whole suite runs at once: the server may be slow to take a new connection.
            options.connectTimeout = .seconds(60)
            try await PostgresStore.withStore(url: components.string ?? "", options: options) { store in
                try await body(store)
            }
        }
    }

    private static func psql(_ url: String, _ sql: String) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["psql", url, "-v", "ON_ERROR_STOP=1", "-qc", sql]
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw PSQLFailed(sql: sql) }
    }

    struct PSQLFailed: Error, CustomStringConvertible {
        let sql: String
        var description: String { "psql failed: \(sql)" }
    }
}
