import Foundation
import PipelineWebhooks
import Testing

@Suite("Signing and retries")
struct WebhookSignerTests {
    @Test("the Standard Webhooks test vector")
    func specificationVector() throws {
        let signer = try WebhookSigner(secret: "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")
        let signature = signer.signature(
            id: "msg_p5jXN8AQM9LWM0D4loKWxJek", timestamp: 1_614_265_330, body: Data(#"{"test": 2432232314}"#.utf8))
        #expect(signature == "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=")
    }

    @Test("new secrets are whsec_ and 32 random bytes, and sign")
    func newSecrets() throws {
        let secret = WebhookSigner.generateSecret()
        #expect(secret.hasPrefix("whsec_"))
        #expect(Data(base64Encoded: String(secret.dropFirst(6)))?.count == 32)
        #expect(secret != WebhookSigner.generateSecret())
        _ = try WebhookSigner(secret: secret)
        #expect(throws: WebhookSecretError.self) { try WebhookSigner(secret: "whsec_not base64!") }
    }

    @Test("the retry schedule grows, jitters within 10% and honours a longer Retry-After")
    func retries() {
        let schedule = RetrySchedule.standard
        #expect(schedule.delay(afterFailures: 1, random: 0.5) == .seconds(5))
        #expect(schedule.delay(afterFailures: 2, random: 0.5) == .seconds(300))
        #expect(schedule.delay(afterFailures: 1, random: 0) == .seconds(4.5))
        #expect(schedule.delay(afterFailures: 1, random: 1) == .seconds(5.5))
        #expect(schedule.delay(afterFailures: 99, random: 0.5) == .seconds(36_000))
        #expect(schedule.delay(afterFailures: 1, random: 0.5, retryAfter: .seconds(120)) == .seconds(120))
        #expect(schedule.delay(afterFailures: 2, random: 0.5, retryAfter: .seconds(10)) == .seconds(300))
        let start = Date(timeIntervalSince1970: 0)
        #expect(!schedule.shouldDisable(failingSince: start, now: start + 4 * 86_400))
        #expect(schedule.shouldDisable(failingSince: start, now: start + 5 * 86_400))
    }

    @Test("Retry-After as seconds or as an HTTP date")
    func retryAfterHeader() {
        let now = Date(timeIntervalSince1970: 1_790_000_000)
        #expect(RetrySchedule.parseRetryAfter("120", now: now) == .seconds(120))
        let later = "Fri, 20 Sep 2026 12:00:00 GMT"
        #expect(RetrySchedule.parseRetryAfter(later, now: Date(timeIntervalSince1970: 1_789_905_540)) == .seconds(60))
        #expect(RetrySchedule.parseRetryAfter("soon", now: now) == nil)
    }
}
