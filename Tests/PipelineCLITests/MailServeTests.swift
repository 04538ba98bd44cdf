import Foundation
import PipelineStore
import PipelineStorePostgres
import PipelineStoreSQLite
import PipelineTestSupport
import Testing

/// `pipeline serve --smtp-url` against `scripts/smtp-sink.py`: the people of the register made
/// with the CLI, commands through the HTTP API, the mails as the sink kept them.
@Suite("pipeline serve sends the notifications by e-mail", .serialized)
struct MailServeTests {
    /// HAP De Linde (Anna and Bram) and HAP De Eik (Eva) in Twente, Tom facilitating Twente; Anna
    /// and Tom with a token. Everyone is told at once (the default).
    struct Register {
        let database: String
        var ids: [String: String] = [:]
        var tokens: [String: String] = [:]

        init(_ database: String) async throws {
            self.database = database
            for (name, region) in [("HAP De Linde", "Twente"), ("HAP De Eik", "Twente")] {
                let created = try await CommandRunner.run([
                    "organisations", "create", "--name", name, "--type", "huisartsenpost", "--region", region,
                    "--database", database,
                ])
                guard created.status == 0 else { throw TestFailure("organisations create: \(created.errors)") }
            }
            let people: [(key: String, arguments: [String])] = [
                (
                    "anna",
                    [
                        "--name", "Anna Jansen", "--email", "anna@delinde.nl", "--role", "submitter", "--org",
                        "HAP De Linde", "--token",
                    ]
                ),
                (
                    "bram",
                    [
                        "--name", "Bram de Boer", "--email", "bram@delinde.nl", "--role", "submitter", "--org",
                        "HAP De Linde",
                    ]
                ),
                (
                    "eva",
                    ["--name", "Eva Smit", "--email", "eva@deeik.nl", "--role", "submitter", "--org", "HAP De Eik"]
                ),
                (
                    "tom",
                    [
                        "--name", "Tom Visser", "--email", "tom@ros.nl", "--role", "facilitator", "--region", "Twente",
                        "--token",
                    ]
                ),
            ]
            for person in people {
                let created = try await CommandRunner.run(
                    ["people", "create"] + person.arguments + ["--json", "--database", database])
                let json = try JSONSerialization.jsonObject(with: Data(created.output.utf8)) as? [String: Any]
                guard created.status == 0, let id = json?["id"] as? String else {
                    throw TestFailure("people create \(person.key): \(created.errors)")
                }
                ids[person.key] = id
                tokens[person.key] = json?["token"] as? String
            }
        }

        /// Every notification of the register's people, read through the store.
        func notifications() async throws -> [NotificationRecord] {
            if database.hasPrefix("postgres") {
                return try await PostgresStore.withStore(url: database) { try await all($0) }
            }
            let store = try SQLiteStore(path: database)
            defer { Task { try? await store.close() } }
            return try await all(store)
        }

        private func all(_ store: any Store) async throws -> [NotificationRecord] {
            var records: [NotificationRecord] = []
            for id in ids.values {
                var before: Int64?
                while true {
                    let page = try await store.notifications(
                        personID: id, unreadOnly: false, before: before, limit: 200)
                    records += page
                    guard page.count == 200 else { break }
                    before = page.last?.sequence
                }
            }
            return records
        }
    }

    static func mailArguments(_ sink: SMTPSink, extra: [String] = []) -> [String] {
        [
            "--smtp-url", sink.url, "--smtp-from", "Innovatiepijplijn <pipeline@example.org>", "--public-url",
            "http://127.0.0.1:{port}/",
        ] + extra
    }

    @Test(
        "submit, decide (go) and comment through the API: the right people get one message each, with a login from a password file",
        arguments: ServedDatabase.available)
    func journey(database kind: ServedDatabase) async throws {
        let (database, remove) = try kind.create()
        defer { remove() }
        let sink = try SMTPSink(auth: "pipeline:geheim wachtwoord")
        defer { sink.stop() }
        let register = try await Register(database)
        let passwordFile = sink.folder.path("smtp-password")
        try "geheim wachtwoord\n".write(toFile: passwordFile, atomically: true, encoding: .utf8)
        let instance = try Instance(
            database: database,
            arguments: Self.mailArguments(
                sink,
                extra: ["--smtp-user", "pipeline", "--smtp-password-file", passwordFile, "--digest-time", "06:30"]))
        defer { instance.stop() }
        try await instance.waitUntilHealthy()
        #expect(instance.log.contains("sending mail"), "\(instance.log)")

        let anna = try #require(register.tokens["anna"])
        let tom = try #require(register.tokens["tom"])
        let (idea, status) = try await instance.submitIdea(0, token: anna)
        #expect(status == 201, "\(idea)")
        let id = try #require(idea["id"] as? String)
        let base = "\(instance.base)/v1/ideas/\(id)"
        #expect(try await HTTP.send("POST", "\(base)/approvals", token: tom, json: "{}").status == 200)
        let (decided, decision) = try await HTTP.send(
            "POST", "\(base)/decisions", token: tom, json: #"{"decision": "go"}"#)
        #expect(decision == 200, "\(decided)")
        #expect(
            try await HTTP.send("POST", "\(base)/comments", token: anna, json: #"{"text": "Wij beginnen maandag."}"#)
                .status == 200)

        // Tom holds the idea from its intake (he serves Twente) and is told so; Anna and Bram hear
        // of the go (Tom decided it), Bram and Tom of Anna's comment; Eva of nothing.
        let deadline = Date().addingTimeInterval(60)
        while sink.count < 5, Date() < deadline { try await Task.sleep(for: .milliseconds(100)) }
        try await Task.sleep(for: .seconds(2))  // a round or two more: nothing else may come
        let mails = try sink.received()
        let byRecipient = Dictionary(grouping: mails) { $0.record.rcpt_tos.joined(separator: ",") }
        #expect(byRecipient.mapValues(\.count) == ["anna@delinde.nl": 1, "bram@delinde.nl": 2, "tom@ros.nl": 2])
        let ids = mails.compactMap { $0.header("X-Pipeline-Notification") }
        #expect(Set(ids).count == 5)
        let notifications = try await register.notifications()
        #expect(Set(notifications.map(\.id)) == Set(ids))
        #expect(notifications.allSatisfy { $0.mailStatus == .sent })

        let go = try #require(byRecipient["anna@delinde.nl"]?.first)
        #expect(go.header("Subject") == "Besluit: ‘Idee 0’ gaat door naar Uitproberen")
        #expect(go.header("To") == "Anna Jansen <anna@delinde.nl>")
        #expect(go.record.parts.map(\.content_type) == ["text/plain", "text/html"])
        let text = try #require(go.text("text/plain"))
        #expect(text.hasPrefix("Beste Anna Jansen,\n\n"))
        #expect(text.contains("Tom Visser besloot: door naar Uitproberen."))
        #expect(text.contains("Bekijk het idee: http://127.0.0.1:\(instance.port)/ideas/\(id)\n"))
        #expect(go.text("text/html")?.contains("href=\"http://127.0.0.1:\(instance.port)/ideas/\(id)\"") == true)
        let tomsMails = byRecipient["tom@ros.nl"] ?? []
        #expect(tomsMails.contains { $0.header("Subject") == "U bent eigenaar van ‘Idee 0’" })
        let comment = try #require(tomsMails.first { $0.header("Subject")?.hasPrefix("U bent") == false })
        #expect(comment.header("Subject") == "Nieuwe reactie op ‘Idee 0’")
        #expect(comment.text("text/plain")?.contains("Anna Jansen schreef:\n\nWij beginnen maandag.") == true)
        #expect(
            comment.header("List-Unsubscribe")
                == "<http://127.0.0.1:\(instance.port)/unsubscribe/\(comment.header("X-Pipeline-Notification") ?? "")>")
    }

    @Test("SIGKILL in the middle of a burst of 400 mails, then a restart: every notification sent at least once")
    func killDuringBurst() async throws {
        let folder = try CommandRunner.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let database = folder.appendingPathComponent("p.sqlite").path
        let sink = try SMTPSink()
        defer { sink.stop() }
        let register = try await Register(database)
        let port = Int.random(in: 20_000..<32_000)
        let first = try Instance(database: database, arguments: Self.mailArguments(sink), port: port)
        try await first.waitUntilHealthy()
        let anna = try #require(register.tokens["anna"])
        let tom = try #require(register.tokens["tom"])
        var ideas: [String] = []
        for index in 0..<8 {
            let (idea, status) = try await first.submitIdea(index, token: anna)
            #expect(status == 201)
            ideas.append(try #require(idea["id"] as? String))
        }
        let targets = ideas

        // The sink holds every message at its end while the comments are made: the server has
        // mail in flight, and the rest waits in the queue. Each client comments on an idea of its own.
        try sink.hold()
        try sink.delay(0.02)
        let acknowledged = try await withThrowingTaskGroup(of: Int.self) { group in
            for client in 0..<8 {
                group.addTask {
                    var done = 0
                    for number in 0..<25 {
                        let (_, status) = try await HTTP.send(
                            "POST", "\(first.base)/v1/ideas/\(targets[client])/comments", token: tom,
                            json: #"{"text": "reactie \#(client)-\#(number)"}"#)
                        if status == 200 { done += 1 }
                    }
                    return done
                }
            }
            return try await group.reduce(0, +)
        }
        #expect(acknowledged == 200)
        sink.release()
        let deadline = Date().addingTimeInterval(60)
        while sink.count < 40, Date() < deadline, first.process.isRunning {
            try await Task.sleep(for: .milliseconds(5))
        }
        kill(first.process.processIdentifier, SIGKILL)
        first.process.waitUntilExit()
        #expect(first.process.terminationReason == .uncaughtSignal)
        let beforeRestart = sink.count
        #expect(beforeRestart >= 40 && beforeRestart < 400, "killed mid-burst: \(beforeRestart) of 400")

        try sink.delay(0)
        let second = try Instance(database: database, arguments: Self.mailArguments(sink), port: port)
        defer { second.stop() }
        try await second.waitUntilHealthy()
        let waitUntil = Date().addingTimeInterval(120)
        var notifications = try await register.notifications()
        while Date() < waitUntil, notifications.count < 408 || notifications.contains(where: { $0.mailStatus != .sent })
        {
            try await Task.sleep(for: .milliseconds(500))
            notifications = try await register.notifications()
        }
        #expect(
            notifications.count == 408,
            "Anna and Bram, told of each of Tom's 200 comments, and Tom that he holds each of the 8 ideas")
        #expect(notifications.filter { $0.mailStatus != .sent }.count == 0)
        let received = try sink.received().compactMap { $0.header("X-Pipeline-Notification") }
        #expect(Set(received) == Set(notifications.map(\.id)), "every notification at least once")
        #expect(received.count >= 408)
    }

    @Test("bad mail options: exit status 2 and what is wrong, before anything starts")
    func badOptions() async throws {
        let folder = try CommandRunner.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let database = folder.appendingPathComponent("p.sqlite").path
        let password = folder.appendingPathComponent("password").path
        try "geheim\n".write(toFile: password, atomically: true, encoding: .utf8)
        let mail = ["--smtp-from", "Pipeline <pipeline@example.org>", "--public-url", "https://pipeline.example.org"]
        let cases: [([String], [String: String], String)] = [
            (
                ["--smtp-url", "smtp://127.0.0.1:2525"], [:],
                "--public-url (or PIPELINE_PUBLIC_URL) is required with --smtp-url"
            ),
            (
                [], ["PIPELINE_SMTP_URL": "smtp://127.0.0.1:2525"],
                "--public-url (or PIPELINE_PUBLIC_URL) is required with --smtp-url"
            ),
            (
                ["--smtp-url", "smtp://127.0.0.1:2525", "--public-url", "https://p.example.org"], [:],
                "--smtp-from (or PIPELINE_SMTP_FROM) is required"
            ),
            (
                ["--smtp-url", "http://mail.example.org"] + mail, [:],
                "--smtp-url: the SMTP URL must start with smtp:// or smtps://, not http://"
            ),
            (
                ["--public-url", "https://p.example.org/?x=1"], [:],
                "--public-url: the public URL 'https://p.example.org/?x=1' has a query"
            ),
            (
                ["--public-url", "ftp://p.example.org"], [:],
                "--public-url: the public URL must start with https:// or http://, not ftp://"
            ),
            (["--digest-time", "25:00"], [:], "--digest-time: the digest time '25:00' is not a time of day"),
            ([], ["PIPELINE_DIGEST_TIME": "7.30"], "--digest-time: the digest time '7.30' is not a time of day"),
            (
                ["--smtp-user", "pipeline"], [:],
                "--smtp-user is for sending mail: give --smtp-url (or PIPELINE_SMTP_URL) too"
            ),
            (
                ["--smtp-url", "smtp://127.0.0.1:2525", "--smtp-from", "Pipeline"] + mail.suffix(2), [:],
                "--smtp-from: 'Pipeline' is not an e-mail address"
            ),
            (
                ["--smtp-url", "smtp://127.0.0.1:2525", "--smtp-user", "u"] + mail, [:],
                "--smtp-user needs --smtp-password-file"
            ),
            (
                ["--smtp-url", "smtp://127.0.0.1:2525", "--smtp-user", "u", "--smtp-password-file", "/nonexistent/pw"]
                    + mail, [:],
                "--smtp-password-file: cannot read /nonexistent/pw"
            ),
            (
                ["--smtp-url", "smtp://mail.example.org:587", "--smtp-user", "u", "--smtp-password-file", password]
                    + mail, [:],
                "--smtp-url: the SMTP password would cross the network unencrypted; use smtps:// or STARTTLS"
            ),
            ([], ["PIPELINE_SMTP_STARTTLS": "maybe"], "PIPELINE_SMTP_STARTTLS must be 1, true, yes or on"),
        ]
        for (arguments, environment, words) in cases {
            let result = try await CommandRunner.run(
                ["serve", "--database", database, "--port", "0"] + arguments, environment: environment)
            #expect(result.status == 2, "\(arguments) \(environment): \(result.errors)")
            #expect(result.errors.contains(words), "\(arguments) \(environment): \(result.errors)")
        }
        #expect(!FileManager.default.fileExists(atPath: database), "nothing was opened")
    }
}
