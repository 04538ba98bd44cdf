/// What became of one message: sent, refused for good (do not send it again), or not sent this
/// time (send it again later).
///
/// - `sent`: the server took it (250).
/// - `permanentFailure`: the server answered 5xx to the sender, the recipient or the message;
///   sending it again would get the same answer.
/// - `transientFailure`: a 4xx answer (greylisting, a full mailbox, a busy server), no answer at
///   all (nothing listening, a timeout, a TLS failure), or a refused login: the message is not
///   at fault, so try again later. A login refused with 5xx counts here too, because it refuses
///   every message until the configuration is fixed, not this one.
public struct MailResult: Sendable, Equatable, CustomStringConvertible {
    public enum Outcome: Sendable, Equatable {
        case sent
        case permanentFailure
        case transientFailure
    }

    public let outcome: Outcome
    /// The server's last reply code (250, 451, 550, ...); 0 when it said nothing.
    public let code: Int
    /// The server's reply line ("550 5.1.1 No such user"), or libcurl's message when there was
    /// none ("Couldn't connect to server"); at most 200 characters, printable.
    public let reason: String

    public init(outcome: Outcome, code: Int, reason: String) {
        self.outcome = outcome
        self.code = code
        self.reason = reason
    }

    public var succeeded: Bool { outcome == .sent }
    public var shouldRetry: Bool { outcome == .transientFailure }
    /// Not sent because the sender was shut down (``SMTPSender/shutdown()``) before it finished:
    /// nothing is wrong with the message or the server.
    public var interruptedByShutdown: Bool { self == SMTPTransferLoop.shuttingDown }

    public var description: String {
        switch outcome {
        case .sent: "sent (\(reason))"
        case .permanentFailure: "refused for good (\(reason))"
        case .transientFailure: "not sent, try again later (\(reason))"
        }
    }
}

/// What one attempt gave, before it is judged: libcurl's error (nil when it succeeded), the
/// last reply code, the server's reply line with that code.
struct SMTPAttemptReport: Sendable, Equatable {
    var error: String?
    var loginDenied = false
    var code = 0
    var reply: String?
}

extension MailResult {
    /// Judges an attempt (pure, so every rule is tested without a server).
    init(_ report: SMTPAttemptReport) {
        let reason = String((report.reply ?? report.error ?? "accepted").prefix(200))
        guard let error = report.error else {
            self.init(outcome: .sent, code: report.code, reason: reason)
            return
        }
        if report.loginDenied || Self.loginCodes.contains(report.code) {
            let detail = report.reply ?? error
            self.init(
                outcome: .transientFailure, code: report.code,
                reason: String("the server refused the login: \(detail)".prefix(200)))
        } else if (500..<600).contains(report.code) {
            self.init(outcome: .permanentFailure, code: report.code, reason: reason)
        } else {
            self.init(outcome: .transientFailure, code: report.code, reason: reason)
        }
    }

    /// Authentication required (530), too weak (534), credentials invalid (535), encryption
    /// required for it (538).
    static let loginCodes: Set<Int> = [530, 534, 535, 538]
}
