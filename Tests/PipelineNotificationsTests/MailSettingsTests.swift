import Foundation
import PipelineMail
import PipelineNotifications
import PipelineStore
import Testing

@Suite("Mail settings: the public URL, the digest hour and the retry schedule")
struct MailSettingsTests {
    @Test("the public URL: http or https, a host, no query or fragment; links made from it")
    func publicURL() throws {
        let url = try PublicURL("https://example.org/pipeline/")
        #expect(url.base == "https://example.org/pipeline" && url.host == "example.org")
        #expect(url.idea("k3f9x2m7qa") == "https://example.org/pipeline/ideas/k3f9x2m7qa")
        #expect(url.idea("a/b c") == "https://example.org/pipeline/ideas/a%2Fb%20c")
        #expect(url.notificationSettings == "https://example.org/pipeline/settings/notifications")
        #expect(url.unsubscribe("ntf_abc") == "https://example.org/pipeline/unsubscribe/ntf_abc")
        #expect(try PublicURL("http://127.0.0.1:8080").idea("x") == "http://127.0.0.1:8080/ideas/x")
        let refused: [(String, String)] = [
            ("", "is empty"), ("pipeline.example.org", "is not a URL"), ("ftp://example.org", "not ftp://"),
            ("https://example.org/?a=1", "has a query"), ("https://example.org/#top", "fragment"),
            ("https://user:pw@example.org", "user or password"), ("https:///path", "has no host"),
            ("https://exa mple.org", "spaces"), ("https://voorbeeld.nl/ï", "non-ASCII"),
        ]
        for (text, words) in refused {
            #expect(throws: MailSetupError.self, "\(text)") { try PublicURL(text) }
            do {
                _ = try PublicURL(text)
            } catch {
                #expect(error.description.contains(words), "\(text): \(error)")
            }
        }
    }

    @Test("the digest time: HH:MM, 00:00 to 23:59")
    func digestTime() throws {
        #expect(try DigestSchedule(parsing: "07:30").description == "07:30 Europe/Amsterdam")
        #expect(try DigestSchedule(parsing: "7:05").hour == 7)
        #expect(try DigestSchedule(parsing: "23:59").minute == 59)
        for bad in ["24:00", "07:60", "0730", "07:3", "", "ab:cd", " 07:30", "07:30:00", "-1:30", "٠٧:٣٠"] {
            #expect(throws: MailSetupError.self, "\(bad)") { try DigestSchedule(parsing: bad) }
        }
    }

    @Test("the digest hour in Dutch time: winter, summer, and the days the clocks change")
    func digestHour() throws {
        let seven = DigestSchedule()
        let t = MailFixture.time
        // Winter (UTC+1): 07:00 is 06:00 UTC.
        #expect(seven.digestBefore(t("2027-01-15T06:00:00Z")) == t("2027-01-15T06:00:00Z"))
        #expect(seven.digestBefore(t("2027-01-15T10:00:00Z")) == t("2027-01-15T06:00:00Z"))
        #expect(seven.digestBefore(t("2027-01-15T05:59:59Z")) == t("2027-01-14T06:00:00Z"))
        // Summer (UTC+2): 07:00 is 05:00 UTC; just after midnight local it is still yesterday's.
        #expect(seven.digestBefore(t("2027-07-01T05:00:00Z")) == t("2027-07-01T05:00:00Z"))
        #expect(seven.digestBefore(t("2027-07-01T04:59:59Z")) == t("2027-06-30T05:00:00Z"))
        #expect(seven.digestBefore(t("2027-06-30T22:30:00Z")) == t("2027-06-30T05:00:00Z"))
        // 28 March 2027: 02:00 becomes 03:00. The day before was winter, the day itself summer.
        #expect(seven.digestBefore(t("2027-03-28T04:59:00Z")) == t("2027-03-27T06:00:00Z"))
        #expect(seven.digestBefore(t("2027-03-28T05:00:00Z")) == t("2027-03-28T05:00:00Z"))
        // 02:30 does not exist that day: the digest goes at 03:00 summer time.
        let halfPastTwo = try DigestSchedule(parsing: "02:30")
        #expect(halfPastTwo.digestBefore(t("2027-03-28T00:59:00Z")) == t("2027-03-27T01:30:00Z"))
        #expect(halfPastTwo.digestBefore(t("2027-03-28T01:00:00Z")) == t("2027-03-28T01:00:00Z"))
        #expect(halfPastTwo.digestBefore(t("2027-03-29T00:29:00Z")) == t("2027-03-28T01:00:00Z"))
        // 31 October 2027: 03:00 becomes 02:00; 02:30 happens twice, the digest goes at the first.
        #expect(halfPastTwo.digestBefore(t("2027-10-31T00:30:00Z")) == t("2027-10-31T00:30:00Z"))
        #expect(halfPastTwo.digestBefore(t("2027-10-31T01:45:00Z")) == t("2027-10-31T00:30:00Z"))
        #expect(halfPastTwo.digestBefore(t("2027-10-31T00:29:00Z")) == t("2027-10-30T00:30:00Z"))
        #expect(seven.digestBefore(t("2027-10-31T05:59:00Z")) == t("2027-10-30T05:00:00Z"))
        #expect(seven.digestBefore(t("2027-10-31T06:00:00Z")) == t("2027-10-31T06:00:00Z"))
        // Midnight.
        let midnight = try DigestSchedule(parsing: "00:00")
        #expect(midnight.digestBefore(t("2027-01-15T10:00:00Z")) == t("2027-01-14T23:00:00Z"))
    }

    @Test("retries: 1, 2, 4 ... minutes, at most an hour, with jitter; failed after the 12th attempt")
    func backoff() {
        let policy = MailRetryPolicy.standard
        #expect(
            (1...9).map { policy.delay(afterFailures: $0, random: 0.5) } == [
                60, 120, 240, 480, 960, 1_920, 3_600, 3_600, 3_600,
            ])
        #expect(abs(policy.delay(afterFailures: 1, random: 0) - 54) < 1e-9)
        #expect(abs(policy.delay(afterFailures: 1, random: 1) - 66) < 1e-9)
        #expect(policy.delay(afterFailures: 100, random: 0.999) < 3_600 * 1.1)
        let now = MailFixture.time("2027-01-15T10:00:00Z")
        let busy = MailResult(outcome: .transientFailure, code: 451, reason: "451 4.3.0 Try again later")
        #expect(
            policy.disposition(of: busy, attemptsBefore: 0, now: now, random: 0.5)
                == .retry(at: now + 60, reason: "451 4.3.0 Try again later"))
        #expect(
            policy.disposition(of: busy, attemptsBefore: 10, now: now, random: 0.5)
                == .retry(at: now + 3_600, reason: "451 4.3.0 Try again later"))
        #expect(
            policy.disposition(of: busy, attemptsBefore: 11, now: now, random: 0.5)
                == .failed(reason: "gave up after 12 attempts; the last: 451 4.3.0 Try again later"))
        let refused = MailResult(outcome: .permanentFailure, code: 550, reason: "550 5.1.1 No such user")
        #expect(
            policy.disposition(of: refused, attemptsBefore: 0, now: now, random: 0.5)
                == .failed(reason: "550 5.1.1 No such user"))
        let sent = MailResult(outcome: .sent, code: 250, reason: "250 OK")
        #expect(policy.disposition(of: sent, attemptsBefore: 5, now: now, random: 0.5) == .sent)
        // The whole schedule: about six hours from the first attempt to giving up.
        let total = (1...11).map { policy.delay(afterFailures: $0, random: 0.5) }.reduce(0, +)
        #expect(total == 21_780)
    }
}
