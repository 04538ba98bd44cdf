import PipelineCore
import Testing

@Suite("Who may do what")
struct AccessTests {
    @Test("another organisation's idea is invisible to a submitter until it is shared")
    func visibility() throws {
        var fixture = EngineFixture()
        try fixture.submit()
        let other = EngineFixture.otherPractice
        #expect(fixture.refusal(.comment("hoi"), as: other) == .notFound(idea: "idea-1"))
        #expect(fixture.refusal(.updateFields(["problem": .text("x")]), as: other) == .notFound(idea: "idea-1"))
        #expect(Access.canView(fixture.idea!, actor: other, workflow: fixture.workflow) == false)
        #expect(Access.canView(fixture.idea!, actor: EngineFixture.gatekeepers[0], workflow: fixture.workflow))

        try fixture.passProposal()
        try fixture.passBusinessCase()
        try fixture.passPilot(scale: "regionaal", regions: 1)
        #expect(fixture.idea?.stage == "regional_implementation")
        #expect(Access.canView(fixture.idea!, actor: other, workflow: fixture.workflow), "implementation is shared")
        #expect(
            fixture.refusal(.comment("mooi"), as: other)
                == .forbidden("shared ideas of other organisations are read only"))
        #expect(
            fixture.refusal(.updateFields(["implementation_plan_url": .text("https://x.nl")]), as: other)
                == .forbidden("only the submitting organisation and facilitators change an idea's fields"))
    }

    @Test("submitters submit for their own organisation only")
    func submitOwnOrganisation() {
        var fixture = EngineFixture()
        let refusal = fixture.refusal(
            .submit(
                id: "x", organisation: "HAP De Linde", region: "Twente",
                fields: ["title": .text("t"), "summary": .text("s"), "theme": .text("anders_besturen")]),
            as: EngineFixture.otherPractice)
        #expect(refusal == .forbidden("a submitter submits ideas for their own organisation only"))
        let gatekeeper = fixture.refusal(
            .submit(id: "x", organisation: "HAP De Linde", region: "Twente", fields: [:]),
            as: EngineFixture.gatekeepers[0])
        #expect(gatekeeper == .forbidden("a gatekeeper does not submit ideas"))
    }

    @Test("submitters change only the fields their stage allows")
    func editableFields() throws {
        var fixture = EngineFixture()
        try fixture.submit()
        #expect(
            fixture.refusal(.updateFields(["cost_eur": .number(10)]), as: EngineFixture.practice)
                == .invalidFields([FieldProblem(field: "cost_eur", message: "cannot be changed in this stage")]))
        #expect(
            fixture.refusal(.updateFields(["colour": .text("blue")]), as: EngineFixture.practice)
                == .invalidFields([FieldProblem(field: "colour", message: "unknown field")]))
        try fixture.run(.updateFields(["problem": .text("Tekort aan triagisten")]), as: EngineFixture.practice)
        try fixture.run(.updateFields(["problem": nil]), as: EngineFixture.practice)
        #expect(fixture.idea?.fields["problem"] == nil, "a nil value clears the field")
    }

    @Test("only facilitators decide; only the named roles approve and review")
    func decisions() throws {
        var fixture = EngineFixture()
        try fixture.submit()
        #expect(
            fixture.refusal(.decide(.go), as: EngineFixture.practice) == .forbidden("only facilitators decide at gates")
        )
        #expect(
            fixture.refusal(.decide(.kill(reason: "x")), as: EngineFixture.gatekeepers[0])
                == .forbidden("only facilitators decide at gates"))
        #expect(
            fixture.refusal(.approve(comment: nil), as: EngineFixture.practice)
                == .forbidden("gate 'proposal_review' is approved by facilitator, not by a submitter"))
        try fixture.passProposal()
        #expect(
            fixture.refusal(
                .review(scores: ["impact": 3, "feasibility": 3, "scalability": 3, "value": 3], comment: "x"),
                as: EngineFixture.facilitator)
                == .forbidden(
                    "the scorecard of gate 'business_case_review' is filled in by gatekeeper, not by a facilitator"))
        #expect(
            fixture.refusal(.approve(comment: nil), as: EngineFixture.gatekeepers[0])
                == .forbidden("gate 'business_case_review' is approved by facilitator, not by a gatekeeper"))
    }

    @Test("field values are checked against the workflow")
    func fieldChecks() throws {
        var fixture = EngineFixture()
        let refusal = fixture.refusal(
            .submit(
                id: "x", organisation: "HAP De Linde", region: "Twente",
                fields: [
                    "title": .text(String(repeating: "x", count: 121)), "theme": .text("sport"),
                    "expected_fte_saved": .text("veel"), "partners": .list([.text("mbo"), .text("mbo")]),
                ]), as: EngineFixture.practice)
        #expect(
            refusal
                == .invalidFields([
                    FieldProblem(field: "expected_fte_saved", message: "must be a number"),
                    FieldProblem(field: "partners", message: "'mbo' is listed twice"),
                    FieldProblem(
                        field: "theme",
                        message:
                            "'sport' is not one of 'onderwijsvernieuwing', 'innovatie_technologie', 'anders_besturen', 'behoud_betrokkenheid', 'instroom_zij_instroom'"
                    ),
                    FieldProblem(field: "title", message: "is 121 characters long; at most 120"),
                ]))
        let missing = fixture.refusal(
            .submit(id: "x", organisation: "HAP De Linde", region: "Twente", fields: ["title": .text("t")]),
            as: EngineFixture.practice)
        #expect(
            missing
                == .invalidFields([
                    FieldProblem(field: "summary", message: "is required"),
                    FieldProblem(field: "theme", message: "is required"),
                ]))
        #expect(fixture.idea == nil, "nothing was submitted")
    }

    @Test("numbers, money, dates and addresses")
    func valueKinds() throws {
        var fixture = EngineFixture()
        try fixture.submit()
        try fixture.passProposal()
        let problems: [(Value, String, String)] = [
            (.number(10.005), "cost_eur", "has more than two decimals"),
            (.number(-1), "cost_eur", "is -1; at least 0"),
            (.text("ftp://x"), "business_case_url", "must be an http or https address"),
            (.text("31-12-2026"), "pilot_start", "'31-12-2026' is not a date YYYY-MM-DD"),
            (.text("true"), "privacy_checked", "must be true or false"),
        ]
        for (value, field, message) in problems {
            #expect(
                fixture.refusal(.updateFields([field: value]), as: EngineFixture.practice)
                    == .invalidFields([FieldProblem(field: field, message: message)]))
        }
        try fixture.run(.updateFields(["pilot_start": .text("2027-01-31")]), as: EngineFixture.practice)
        #expect(fixture.idea?.fields["pilot_start"] == .date(CalendarDate(iso: "2027-01-31")!))
    }
}
