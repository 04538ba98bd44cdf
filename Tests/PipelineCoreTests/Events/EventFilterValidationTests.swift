import PipelineCore
import Testing

/// The one rule for a subscription's event types, which the API and the command line share.
@Suite("Subscription filters name known event types")
struct EventFilterValidationTests {
    @Test(
        "known types, prefixes of known types and * are accepted",
        arguments: ["*", "idea.*", "gate.*", "webhook.*", "idea.advanced", "gate.reviewed", "webhook.disabled"])
    func accepted(pattern: String) throws {
        try EventFilter(types: [pattern]).validate()
    }

    @Test(
        "anything else is refused",
        arguments: [
            "idea.exploded", "ide.*", "*.*", ".*", "", "idea.", "idea", "webhook.ping", "idea.advanced.*",
            "IDEA.ADVANCED", "idea.*.*", " idea.held",
        ])
    func refused(pattern: String) {
        #expect(throws: EventFilterError.self) { try EventFilter(types: ["idea.*", pattern]).validate() }
    }

    @Test("the refusal names the pattern and lists what would do")
    func message() {
        let error = #expect(throws: EventFilterError.self) { try EventFilter(types: ["idea.exploded"]).validate() }
        let text = error?.description ?? ""
        #expect(
            text.hasPrefix(
                "unknown event type 'idea.exploded': use *, idea.*, gate.*, implementation.*, webhook.* or one of "))
        for type in EventType.all { #expect(text.contains(type.name)) }
    }

    @Test("a long pattern is cut short in the message")
    func longPattern() {
        let pattern = String(repeating: "x", count: 500)
        let error = #expect(throws: EventFilterError.self) { try EventFilter(types: [pattern]).validate() }
        #expect(error?.description.contains(String(repeating: "x", count: 61)) == false)
    }
}
