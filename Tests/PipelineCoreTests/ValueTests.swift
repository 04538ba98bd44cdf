import PipelineCore
import Testing

@Suite("Values, dates and durations")
struct ValueTests {
    @Test(
        "calendar dates parse ISO 8601 days only",
        arguments: [
            ("2026-02-28", true), ("2024-02-29", true), ("2026-02-29", false), ("2026-13-01", false),
            ("2026-1-01", false), ("26-01-01", false), ("2026-01-01T00:00", false), ("", false), ("２０２６-01-01", false),
        ])
    func dates(text: String, valid: Bool) {
        #expect((CalendarDate(iso: text) != nil) == valid)
    }

    @Test("dates order by day and print as they were written")
    func dateOrder() throws {
        let a = try #require(CalendarDate(iso: "2026-01-31"))
        let b = try #require(CalendarDate(iso: "2026-02-01"))
        #expect(a < b)
        #expect(a.description == "2026-01-31")
    }

    @Test(
        "SLA durations",
        arguments: [
            ("30d", 30 * 86_400), ("12h", 12 * 3_600), ("6w", 6 * 604_800),
        ])
    func durations(text: String, seconds: Int) throws {
        #expect(try #require(StageDuration(text)).seconds == seconds)
        #expect(StageDuration(text)?.description == text)
    }

    @Test("invalid SLA durations", arguments: ["0d", "30", "d", "-3d", "1.5d", "30 d", "30days", "9999999d", ""])
    func invalidDurations(text: String) {
        #expect(StageDuration(text) == nil)
    }

    @Test("values print for people")
    func descriptions() {
        #expect(Value.number(250_000).description == "250000")
        #expect(Value.number(3.5).description == "3.5")
        #expect(Value.text("subsidie").description == "\"subsidie\"")
        #expect(Value.list([.text("a"), .number(1)]).description == "[\"a\", 1]")
    }
}
