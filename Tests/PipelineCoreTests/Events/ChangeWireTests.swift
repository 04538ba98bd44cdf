import Foundation
import PipelineCore
import Testing

/// A change is written as the flat object of its type's members and read back with its type;
/// stored events from before schema version 1 keep their old shape and must keep reading.
@Suite("Event changes on the wire and in storage")
struct ChangeWireTests {
    /// The shape Swift's synthesized Codable wrote before schema version 1, as stored events hold
    /// it, with the change each one is.
    static let legacy: [(type: String, json: String, change: Event.Change)] = [
        (
            "idea.submitted",
            #"{"submitted":{"fields":{"cost_eur":1200,"title":"Terugbelafspraken online"},"organisation":"Zorggroep Twente","#
                + #""region":"Twente","stage":"proposal","workflowID":"quick-wins","workflowVersion":1}}"#,
            .submitted(
                workflowID: "quick-wins", workflowVersion: 1, organisation: "Zorggroep Twente", region: "Twente",
                stage: "proposal", fields: ["title": .text("Terugbelafspraken online"), "cost_eur": .number(1200)])
        ),
        (
            "idea.updated", #"{"updated":{"changes":{"funding":null,"partners":["mbo"],"privacy_checked":true}}}"#,
            .updated(changes: ["funding": nil, "partners": .list([.text("mbo")]), "privacy_checked": .boolean(true)])
        ),
        (
            "gate.approved", #"{"approved":{"comment":"Helder","gate":"proposal_review","role":"facilitator"}}"#,
            .approved(gate: "proposal_review", role: "facilitator", comment: "Helder")
        ),
        (
            "gate.approved", #"{"approved":{"gate":"proposal_review","role":"facilitator"}}"#,
            .approved(gate: "proposal_review", role: "facilitator", comment: nil)
        ),
        (
            "gate.reviewed", #"{"reviewed":{"comment":"Goed","gate":"business_case_review","scores":{"impact":4}}}"#,
            .reviewed(gate: "business_case_review", scores: ["impact": 4], comment: "Goed")
        ),
        (
            "idea.advanced", #"{"advanced":{"from":"pilot","gate":"scale_decision","to":"national_implementation"}}"#,
            .advanced(gate: "scale_decision", from: "pilot", to: "national_implementation")
        ),
        ("idea.completed", #"{"completed":{"stage":"adopted"}}"#, .completed(stage: "adopted")),
        (
            "idea.recycled", #"{"recycled":{"from":"business_case","reason":"Scherper","to":"proposal"}}"#,
            .recycled(from: "business_case", to: "proposal", reason: "Scherper")
        ),
        ("idea.held", #"{"held":{"reason":"Subsidie"}}"#, .held(reason: "Subsidie", until: nil)),
        ("idea.resumed", #"{"resumed":{}}"#, .resumed),
        (
            "idea.killed", #"{"killed":{"from":"proposal","reason":"Opgegaan","to":"stopped"}}"#,
            .killed(reason: "Opgegaan", from: "proposal", to: "stopped")
        ),
        (
            "idea.killed", #"{"killed":{"from":"try_out","reason":"gate 'adopt' leads to 'dropped'"}}"#,
            .killed(reason: "gate 'adopt' leads to 'dropped'", from: "try_out", to: nil)
        ),
        ("idea.commented", #"{"commented":{"text":"Start na de zomer"}}"#, .commented(text: "Start na de zomer")),
    ]

    @Test("the legacy stored shape of every type of idea event still decodes to the same change")
    func legacyShapes() throws {
        for (type, json, change) in Self.legacy {
            #expect(try Event.Change(type: type, wire: Data(json.utf8)) == change, "\(json)")
        }
        // Every type of the first release; types added since never had the legacy shape.
        let firstRelease = [
            "idea.submitted", "idea.updated", "gate.approved", "gate.reviewed", "idea.advanced", "idea.completed",
            "idea.recycled", "idea.held", "idea.resumed", "idea.killed", "idea.commented",
        ]
        #expect(Set(Self.legacy.map(\.type)) == Set(firstRelease))
        #expect(firstRelease.allSatisfy { EventType.named($0) != nil })
    }

    @Test("every change of the stories reads back from its flat wire object")
    func roundTrip() throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        for (_, change) in GoldenEvents.stories.flatMap(\.story)
            + Self.legacy.map({ (GoldenEvents.anna, $0.change) })
        {
            let wire = try encoder.encode(change)
            #expect(
                try Event.Change(type: change.eventType.name, wire: wire) == change,
                "\(String(decoding: wire, as: UTF8.self))")
        }
    }

    @Test("the flat object has snake_case keys written out, and the type is not in it")
    func flatShape() throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let submitted = try encoder.encode(GoldenEvents.adopted[0].1)
        #expect(
            String(decoding: submitted, as: UTF8.self)
                == #"{"fields":{"cost_eur":1200,"title":"Terugbelafspraken online"},"organisation":"Zorggroep Twente","#
                + #""region":"Twente","stage":"proposal","workflow_id":"quick-wins","workflow_version":1}"#)
        #expect(String(decoding: try encoder.encode(Event.Change.resumed), as: UTF8.self) == "{}")
        let killed = Event.Change.killed(reason: "r", from: "a", to: nil)
        #expect(String(decoding: try encoder.encode(killed), as: UTF8.self) == #"{"from":"a","reason":"r"}"#)
    }

    @Test(
        "a change does not decode with an unknown type, the wrong type or missing members",
        arguments: [
            ("idea.exploded", #"{}"#), ("webhook.disabled", #"{}"#), ("idea.held", #"{"text":"x"}"#),
            ("idea.held", #"{"advanced":{"from":"a","gate":"g","to":"b"}}"#), ("idea.advanced", #"{"gate":"g"}"#),
            ("idea.submitted", #"{"submitted":{"workflow_id":"w"}}"#), ("idea.commented", "[1]"),
        ])
    func refusals(type: String, json: String) {
        #expect(throws: EventDecodingError.self) { try Event.Change(type: type, wire: Data(json.utf8)) }
    }

    @Test("a decoding error names the type and never the payload")
    func errorDescription() {
        let error = #expect(throws: EventDecodingError.self) {
            try Event.Change(type: "idea.held", wire: Data(#"{"secret":"hunter2"}"#.utf8))
        }
        #expect(error?.description.contains("idea.held") == true)
        #expect(error?.description.contains("hunter2") == false)
    }
}
