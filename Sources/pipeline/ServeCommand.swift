import ArgumentParser
import Foundation
import Logging
import PipelineCore
import PipelineDefinition
import PipelineMail
import PipelineNotifications
import PipelineServer
import PipelineStore

struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve the HTTP API (see docs/api.md).",
        discussion: "Refuses to start when a workflow file is invalid. Stops gracefully on SIGTERM and SIGINT."
    )

    @OptionGroup var store: StoreOptions
    @OptionGroup(title: "E-mail") var mail: MailOptions
    @Option(help: "Address to listen on (or PIPELINE_HOST; default 127.0.0.1).") var host: String?
    @Option(help: "Port (or PIPELINE_PORT; default 8080).") var port: Int?
    @Option(help: "Largest request body in bytes (default 1 MiB).") var maxBodySize = 1 << 20
    @Option(
        name: .customLong("webhook-allow-network"),
        help:
            "A private network webhooks may reach, e.g. 127.0.0.0/8 for local consumers (or PIPELINE_WEBHOOK_ALLOW_NETWORK, comma-separated); repeat for more."
    )
    var webhookNetworks: [String] = []
    @Option(help: "The file of labour-market regions the submit page offers.") var regions = "config/regions.txt"
    @Option(
        help:
            "The language of the pages for people who have not chosen their own: nl or en (or PIPELINE_LANGUAGE; default nl)."
    )
    var language: String?
    @Flag(
        name: .customLong("require-tests"),
        help:
            "Refuse to start unless every workflow has test cases (in the workflows folder's tests/) and all of them pass."
    )
    var requireTests = false

    func run() async throws {
        if requireTests { try checkTests() }
        let environment = ProcessInfo.processInfo.environment
        let host = host ?? environment["PIPELINE_HOST"] ?? "127.0.0.1"
        guard let port = port ?? Int(environment["PIPELINE_PORT"] ?? "8080"), (0...65_535).contains(port) else {
            throw ValidationError("the port is a number from 0 to 65535")
        }
        let language = language ?? environment["PIPELINE_LANGUAGE"] ?? ServerConfiguration().language
        guard ServerConfiguration.languages.contains(language) else {
            throw ValidationError(
                "the pages speak \(ServerConfiguration.languages.joined(separator: " or ")), not '\(language)'; "
                    + "choose one with --language (or PIPELINE_LANGUAGE)")
        }
        let clock = SystemClock()
        let address = "http://\(host == "0.0.0.0" ? "127.0.0.1" : host):\(port)/"
        // Migrates the database and issues a first token, then closes: the server's own store
        // (and its PostgreSQL pool) runs in the server's service group.
        let library = try await self.store.withStore(clock: clock) { store, handler in
            try await issueFirstToken(store, address: address, now: clock.now())
            return handler.library
        }
        var logger = Logger(label: "pipeline")
        logger.logLevel = Logger.Level(rawValue: environment["LOG_LEVEL"] ?? "info") ?? .info
        logger.info(
            "pipeline serving",
            metadata: [
                "address": "http://\(host):\(port)", "database": "\(self.store.databaseDescription)",
                "workflows": "\(library.workflows.map { "\($0.id)@\($0.version)" }.joined(separator: ","))",
            ])
        var configuration = ServerConfiguration(host: host, port: port, maximumBodySize: maxBodySize)
        configuration.clock = clock
        configuration.regions = Regions.load(file: regions)
        configuration.language = language
        configuration.webhookAllowedNetworks = webhookNetworks + AllowedNetworks.fromEnvironment
        if let lease = Int64(environment["PIPELINE_WEBHOOK_LEASE_SECONDS"] ?? ""), lease > 0 {
            configuration.webhookLeaseSeconds = lease
        }
        if let lease = Double(environment["PIPELINE_TIMER_LEASE_SECONDS"] ?? ""), lease > 0 {
            configuration.timerLeaseSeconds = lease
        }
        let (store, services) = try self.store.servingStore(clock: clock)
        let options = self.store
        configuration.reloader = WorkflowReloader(library: library) {
            try await options.reloadedLibrary(on: store, clock: clock)
        }
        let mail = try mailService(store: store, clock: clock, logger: logger)
        do {
            try await PipelineServer.run(
                store: store, library: library, configuration: configuration, logger: logger,
                services: services + (mail.map { [$0] } ?? []), didCommit: { mail?.wake() })
        } catch {
            try? await store.close()
            throw error
        }
        try? await store.close()
    }

    /// `--require-tests`: the workflows' test cases, run before anything starts; a failing case, a
    /// test file with errors or a workflow without cases keeps the server from starting.
    private func checkTests() throws {
        let folder = store.workflowsPath
        let report: FixtureReport?
        do {
            report = try FixtureFiles.requiredReport(workflows: folder)
        } catch let error as UsageError {
            Output.error(error.description)
            throw ExitCode.usage
        }
        guard let report else {
            Output.error("not starting: --require-tests, but \(folder)/tests holds no test files")
            throw ExitCode.invalid
        }
        FixtureFiles.print(report, failuresTo: Output.error)
        let tested = Set(report.files.compactMap(\.workflow))
        let untested = report.workflows.map(\.id).filter { !tested.contains($0) }
        for id in Set(untested).sorted() { Output.error("workflow '\(id)' has no test file in \(folder)/tests") }
        guard report.exitStatus == 0, untested.isEmpty else {
            Output.error("not starting: --require-tests, and the workflows' tests do not pass: \(report.summary)")
            throw ExitCode(report.exitStatus == 0 ? 1 : report.exitStatus)
        }
        Output.error("workflow tests: \(report.summary)")
    }

    /// The service that mails the notifications, or nil (said in the log) without an SMTP URL.
    private func mailService(store: any Store, clock: any WallClock, logger: Logger) throws -> MailService? {
        guard let settings = try mail.settings() else {
            logger.info(
                "no mail is sent: no --smtp-url (PIPELINE_SMTP_URL) given; notifications wait in the queue and show in the inbox"
            )
            return nil
        }
        let composer: MailComposer
        do {
            composer = try MailComposer(from: settings.smtp.from, publicURL: settings.publicURL)
        } catch {
            Output.error("cannot send mail: \(error)")
            throw ExitCode.invalid
        }
        var configuration = MailDelivery.Configuration()
        configuration.digest = settings.digest
        if let lease = Double(ProcessInfo.processInfo.environment["PIPELINE_MAIL_LEASE_SECONDS"] ?? ""), lease > 0 {
            configuration.lease = lease
        }
        logger.info(
            "sending mail",
            metadata: [
                "smtp": "\(settings.smtp)", "links": "\(settings.publicURL)", "digest": "\(settings.digest)",
            ])
        let delivery = MailDelivery(
            store: store, sender: SMTPSender(configuration: settings.smtp), composer: composer,
            configuration: configuration, clock: clock)
        return MailService(delivery: delivery, logger: logger)
    }

    /// On a database without any token, a first facilitator token, printed once: without it
    /// nobody could use the API of a fresh installation.
    private func issueFirstToken(_ store: any Store, address: String, now: Date) async throws {
        guard try await store.tokens().isEmpty else { return }
        let (token, record) = TokenAuthority.issue(
            name: "first facilitator", role: "facilitator", organisation: nil, now: now)
        try await store.addToken(record)
        FileHandle.standardOutput.write(
            Data(
                """
                A first facilitator token was created for this new database. It is shown only now:

                    \(token)

                Open \(address) in a browser and sign in with it, or use it as
                'Authorization: Bearer <token>'. Create more with 'pipeline tokens create'.


                """.utf8))
    }
}
