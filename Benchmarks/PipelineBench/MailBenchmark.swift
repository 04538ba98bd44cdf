import ArgumentParser
import Foundation
import PipelineCore
import PipelineMail
import PipelineNotifications
import PipelineStore
import PipelineStoreSQLite

/// Mail sent per second: `count` notifications in the queue of a fresh SQLite store (one idea,
/// comments by a facilitator, each telling the 50 people of the submitting organisation), drained
/// to an SMTP server (`scripts/smtp-sink.py --discard` in `scripts/bench-mail.sh`) by
/// `MailDelivery` rounds as `pipeline serve` runs them: claim, compose, send, record.
/// With `--export FOLDER`, writes the same messages as `.eml` files instead, for plain senders.
struct MailBenchmark: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mail", abstract: "Notification mails per second to a local SMTP server.")

    @Option var workflows = "workflows"
    @Option(help: "Folder for the temporary database.") var folder = NSTemporaryDirectory()
    @Option(help: "Notifications (a multiple of 50).") var count = 5_000
    @Option(help: "The SMTP server, e.g. smtp://127.0.0.1:2525.") var smtpURL: String
    @Option(help: "SMTP connections at most.") var connections = 4
    @Option(help: "Notifications claimed per round.") var batch = 64
    @Option(help: "Rounds at once, each claiming its own batch (pipeline serve runs 2).") var rounds = 2
    @Option(help: "Write the messages to FOLDER (NNNNN.eml, envelopes.txt, curl.cfg) and stop.") var export: String?

    static let people = 50

    func run() async throws {
        let library = try loadLibrary(workflows)
        let path = (folder as NSString).appendingPathComponent("pipeline-bench-mail-\(UUID().uuidString).sqlite")
        defer {
            for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
        }
        let store = try SQLiteStore(path: path)
        do {
            try await seed(store, library: library)
            let composer = try MailComposer(
                from: try Mailbox(parsing: "Innovatiepijplijn <pipeline@example.org>"),
                publicURL: try PublicURL("https://pipeline.example.org"))
            if let export {
                try await exportMessages(store, composer: composer, to: export)
            } else {
                try await drain(store, composer: composer)
            }
            try await store.close()
        } catch {
            try? await store.close()
            throw error
        }
    }

    /// One organisation with `people` people, one idea, and comments until `count` notifications wait.
    private func seed(_ store: SQLiteStore, library: WorkflowLibrary) async throws {
        let now = SystemClock().now()
        try await store.addOrganisation(
            OrganisationRecord(
                id: "org-bench", name: "HAP De Linde", type: .huisartsenpost, region: "Twente", createdAt: now))
        for index in 0..<Self.people {
            try await store.addPerson(
                PersonRecord(
                    id: "per-\(index)", name: "Persoon \(index)", email: "persoon\(index)@delinde.nl",
                    roles: ["submitter"], organisationID: "org-bench", regions: [], createdAt: now))
        }
        let handler = CommandHandler(store: store, library: library)
        try await handler.submit(
            id: "bench", workflowID: "primary-care-innovation", organisation: "HAP De Linde", region: "Twente",
            fields: idea, actor: Actor(name: "bench", role: "submitter", organisation: "HAP De Linde"), now: now)
        let facilitator = Actor(name: "Facilitator", role: "facilitator")
        for number in 0..<max(1, count / Self.people) {
            try await handler.execute(
                .comment("Reactie \(number): wij starten volgende week met de proef op twee posten."), on: "bench",
                actor: facilitator, now: SystemClock().now())
        }
    }

    /// `MailDelivery` rounds until nothing is due; the rate over the whole drain.
    private func drain(_ store: SQLiteStore, composer: MailComposer) async throws {
        let smtp = try SMTPConfiguration(
            url: smtpURL, from: composer.from, timeout: .seconds(120), maximumConnections: connections)
        var configuration = MailDelivery.Configuration()
        configuration.batchSize = batch
        let delivery = MailDelivery(
            store: store, sender: SMTPSender(configuration: smtp), composer: composer, configuration: configuration)
        let start = ContinuousClock.now
        let total = try await withThrowingTaskGroup(of: MailDelivery.Report.self) { group in
            for _ in 0..<max(rounds, 1) {
                group.addTask {
                    var total = MailDelivery.Report()
                    while true {
                        let report = try await delivery.deliverDue()
                        if report.claimed == 0 { return total }
                        total.sent += report.sent
                        total.retried += report.retried
                        total.failed += report.failed
                    }
                }
            }
            var total = MailDelivery.Report()
            for try await report in group {
                total.sent += report.sent
                total.retried += report.retried
                total.failed += report.failed
            }
            return total
        }
        let elapsed = ContinuousClock.now - start
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        print(
            "pipeline MailDelivery: \(total.sent) messages in \(String(format: "%.2f", seconds)) s = \(Int(Double(total.sent) / seconds))/s, batch \(batch), \(rounds) round(s) at once, \(connections) connections, not sent \(total.retried + total.failed)"
        )
    }

    /// The messages the delivery would send, as files: `NNNNN.eml`, and `envelopes.txt` with
    /// `file recipient` per line, and `curl.cfg` for `curl --parallel -K`.
    private func exportMessages(_ store: SQLiteStore, composer: MailComposer, to folder: String) async throws {
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let now = SystemClock().now()
        var envelopes = ""
        var curl = ""
        var exported = 0
        while true {
            let jobs = try await store.claimMail(
                now: now, digestBefore: now, limit: 1_000, leaseUntil: now.addingTimeInterval(3_600))
            if jobs.isEmpty { break }
            for mail in composer.compose(jobs, date: now).messages {
                exported += 1
                let file = (folder as NSString).appendingPathComponent(String(format: "%05d.eml", exported))
                try mail.message.encoded().write(to: URL(fileURLWithPath: file))
                let rcpt = mail.message.to.address.value
                envelopes += "\(file) \(rcpt)\n"
                curl += exported == 1 ? "" : "next\n"
                curl += "url = \"\(smtpURL)\"\nmail-from = \"\(composer.from.address.value)\"\n"
                curl += "mail-rcpt = \"\(rcpt)\"\nupload-file = \"\(file)\"\nsilent\nshow-error\n"
            }
        }
        try envelopes.write(
            toFile: (folder as NSString).appendingPathComponent("envelopes.txt"), atomically: true, encoding: .utf8)
        try curl.write(
            toFile: (folder as NSString).appendingPathComponent("curl.cfg"), atomically: true, encoding: .utf8)
        print("exported \(exported) messages to \(folder)")
    }
}
