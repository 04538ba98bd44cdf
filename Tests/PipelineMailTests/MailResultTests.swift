import Testing

@testable import PipelineMail

@Suite("MailResult: which failures to retry")
struct MailResultTests {
    @Test("250 after a clean transfer is sent, with the server's words")
    func sent() {
        let result = MailResult(SMTPAttemptReport(error: nil, code: 250, reply: "250 2.0.0 OK: queued as 1F2"))
        #expect(result == MailResult(outcome: .sent, code: 250, reason: "250 2.0.0 OK: queued as 1F2"))
        #expect(result.succeeded && !result.shouldRetry)
    }

    @Test("5xx is permanent: sending again gets the same answer")
    func permanent() {
        for (code, reply) in [(550, "550 5.1.1 No such user"), (552, "552 Too big"), (554, "554 Transaction failed")] {
            let result = MailResult(SMTPAttemptReport(error: "RCPT failed: \(code)", code: code, reply: reply))
            #expect(result == MailResult(outcome: .permanentFailure, code: code, reason: reply))
            #expect(!result.shouldRetry)
        }
    }

    @Test("4xx, no answer and a refused login are transient")
    func transient() {
        let greylisted = MailResult(SMTPAttemptReport(error: "Weird server reply", code: 451, reply: "451 4.7.1 Later"))
        #expect(greylisted == MailResult(outcome: .transientFailure, code: 451, reason: "451 4.7.1 Later"))
        #expect(!greylisted.interruptedByShutdown)
        let refused = MailResult(SMTPAttemptReport(error: "Failed to connect to 127.0.0.1 port 9: Connection refused"))
        #expect(
            refused
                == MailResult(
                    outcome: .transientFailure, code: 0,
                    reason: "Failed to connect to 127.0.0.1 port 9: Connection refused"))
        let login = MailResult(
            SMTPAttemptReport(error: "Login denied", loginDenied: true, code: 535, reply: "535 5.7.8 Bad credentials"))
        #expect(login.outcome == .transientFailure)
        #expect(login.reason == "the server refused the login: 535 5.7.8 Bad credentials")
        let required = MailResult(
            SMTPAttemptReport(error: "MAIL failed: 530", code: 530, reply: "530 Authentication required"))
        #expect(required.shouldRetry)
    }

    @Test("the reason is at most 200 characters")
    func short() {
        let result = MailResult(
            SMTPAttemptReport(error: "x", code: 550, reply: "550 " + String(repeating: "x", count: 500)))
        #expect(result.reason.count == 200)
    }
}
