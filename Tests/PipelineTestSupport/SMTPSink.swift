import Foundation

/// `scripts/smtp-sink.py` on 127.0.0.1 and a free port, keeping what it receives in a folder of
/// its own; stopped with `stop()`. For the mail tests of every target.
public final class SMTPSink: @unchecked Sendable {
    public let port: Int
    public let folder: TemporaryFolder
    private let process: Process

    public var mailFolder: URL { folder.url.appendingPathComponent("mail") }

    /// Starts the sink and waits until it listens: on a free port, or on `port` (a sink started
    /// again where a stopped one listened). Fails, saying what to install, when the python3 it
    /// runs has no aiosmtpd (`PIPELINE_TEST_PYTHON` names another interpreter).
    public init(auth: String? = nil, port requested: Int = 0) throws {
        folder = try TemporaryFolder("smtp-sink")
        let script = TestPaths.packageRoot.appendingPathComponent("scripts/smtp-sink.py").path
        let python = ProcessInfo.processInfo.environment["PIPELINE_TEST_PYTHON"] ?? "python3"
        process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments =
            [python, script, "--port", String(requested), "--folder", folder.path("mail")]
            + (auth.map { ["--auth", $0] } ?? [])
        let output = Pipe()
        process.standardOutput = output
        let log = folder.path("sink.log")
        _ = FileManager.default.createFile(atPath: log, contents: nil)
        process.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: log))
        try process.run()
        // The sink prints one line once it listens, or exits saying why it cannot.
        var text = ""
        while !text.contains("\n") {
            let chunk = output.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            text += String(decoding: chunk, as: UTF8.self)
        }
        guard let line = text.split(separator: "\n").first, line.hasPrefix("smtp-sink listening on "),
            let port = line.split(separator: ":").last.flatMap({ Int($0) })
        else {
            process.waitUntilExit()
            let why = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
            folder.remove()
            throw SinkError(
                description: "scripts/smtp-sink.py did not start (\(python)): \(why.isEmpty ? text : why)"
                    + "\nThe SMTP tests need Python's aiosmtpd: run scripts/install-system-packages.sh "
                    + "(Debian's python3-aiosmtpd) or set PIPELINE_TEST_PYTHON to a python3 that has it.")
        }
        self.port = port
    }

    public struct SinkError: Error, CustomStringConvertible {
        public let description: String

        public init(description: String) { self.description = description }
    }

    public var url: String { "smtp://127.0.0.1:\(port)" }

    /// Makes the sink answer RCPT TO (`"rcpt"`) or the end of the message (`"data"`) with `reply`.
    public func refuse(at stage: String, with reply: String) throws {
        try reply.write(to: mailFolder.appendingPathComponent("refuse-\(stage)"), atomically: true, encoding: .utf8)
    }

    /// Accepts again what `refuse(at:with:)` made it refuse.
    public func accept(at stage: String) {
        try? FileManager.default.removeItem(at: mailFolder.appendingPathComponent("refuse-\(stage)"))
    }

    /// Makes the end of each message wait `seconds` before its answer (0: at once).
    public func delay(_ seconds: Double) throws {
        let file = mailFolder.appendingPathComponent("delay-data")
        guard seconds > 0 else {
            try? FileManager.default.removeItem(at: file)
            return
        }
        try String(seconds).write(to: file, atomically: true, encoding: .utf8)
    }

    /// While held, the end of each message waits for `release()`: messages are in flight.
    public func hold() throws {
        try "".write(to: mailFolder.appendingPathComponent("hold"), atomically: true, encoding: .utf8)
    }

    public func release() { try? FileManager.default.removeItem(at: mailFolder.appendingPathComponent("hold")) }

    /// How many messages it kept so far (cheaper than `received()`).
    public var count: Int {
        ((try? FileManager.default.contentsOfDirectory(atPath: mailFolder.path)) ?? []).filter { $0.hasSuffix(".eml") }
            .count
    }

    /// What the sink kept, in the order it arrived.
    public func received() throws -> [ReceivedMail] {
        let names = try FileManager.default.contentsOfDirectory(atPath: mailFolder.path)
            .filter { $0.hasSuffix(".eml") }.sorted()
        return try names.map { name in
            let base = mailFolder.appendingPathComponent(String(name.dropLast(4)))
            let record = try JSONDecoder().decode(
                ReceivedMail.Record.self, from: Data(contentsOf: base.appendingPathExtension("json")))
            return ReceivedMail(record: record, raw: try Data(contentsOf: base.appendingPathExtension("eml")))
        }
    }

    /// Stops the sink (SIGTERM, then SIGKILL after 5 seconds) and removes its folder.
    public func stop() {
        if process.isRunning {
            process.terminate()
            let deadline = Date().addingTimeInterval(5)
            while process.isRunning && Date() < deadline { usleep(20_000) }
            if process.isRunning { kill(process.processIdentifier, SIGKILL) }
            process.waitUntilExit()
        }
        folder.remove()
    }
}

/// One message as the sink kept it: the bytes, and what Python's e-mail parser read in them.
public struct ReceivedMail: Sendable {
    public struct Record: Decodable, Sendable {
        public struct Part: Decodable, Sendable {
            public let content_type: String
            public let charset: String?
            public let transfer_encoding: String?
            public let text: String
        }

        public let mail_from: String
        public let rcpt_tos: [String]
        public let headers: [[String]]
        public let content_type: String
        public let parts: [Part]
        public let defects: [String]
    }

    public let record: Record
    public let raw: Data

    /// The decoded value of the only header called `name`.
    public func header(_ name: String) -> String? {
        let values = record.headers.filter { $0[0].lowercased() == name.lowercased() }.map { $0[1] }
        return values.count == 1 ? values[0] : nil
    }

    public var headerNames: [String] { record.headers.map { $0[0] } }

    /// A part's text with CRLF made LF, as the caller wrote it.
    public func text(_ contentType: String) -> String? {
        record.parts.first { $0.content_type == contentType }?.text.replacingOccurrences(of: "\r\n", with: "\n")
    }
}
