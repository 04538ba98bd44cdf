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
                == .forbidden(.sharedReadOnly))
        #expect(
            fixture.refusal(.updateFields(["implementation_plan_url": .text("https://x.nl")]), as: other)
                == .forbidden(.editNotAllowed))
    }

    @Test("submitters submit for their own organisation only")
    func submitOwnOrganisation() {
        var fixture = EngineFixture()
        let refusal = fixture.refusal(
            .submit(
                id: "x", organisation: "HAP De Linde", region: "Twente",
                fields: ["title": .text("t"), "summary": .text("s"), "theme": .text("anders_besturen")]),
            as: EngineFixture.otherPractice)
        #expect(refusal == .forbidden(.submitOwnOrganisationOnly))
        let gatekeeper = fixture.refusal(
            .submit(id: "x", organisation: "HAP De Linde", region: "Twente", fields: [:]),
            as: EngineFixture.gatekeepers[0])
        #expect(gatekeeper == .forbidden(.roleDoesNotSubmit(role: "gatekeeper")))
    }

    @Test("submitters change only the fields their stage allows")
    func editableFields() throws {
        var fixture = EngineFixture()
        try fixture.submit()
        #expect(
            fixture.refusal(.updateFields(["cost_eur": .number(10)]), as: EngineFixture.practice)
                == .invalidFields([FieldProblem(field: "cost_eur", .fieldNotEditable)]))
        #expect(
            fixture.refusal(.updateFields(["colour": .text("blue")]), as: EngineFixture.practice)
                == .invalidFields([FieldProblem(field: "colour", .fieldUnknown)]))
        try fixture.run(.updateFields(["problem": .text("Tekort aan triagisten")]), as: EngineFixture.practice)
        try fixture.run(.updateFields(["problem": nil]), as: EngineFixture.practice)
        #expect(fixture.idea?.fields["problem"] == nil, "a nil value clears the field")
    }

    @Test("only facilitators decide; only the named roles approve and review")
    func decisions() throws {
        var fixture = EngineFixture()
        try fixture.submit()
        #expect(
            fixture.refusal(.decide(.go), as: EngineFixture.practice) == .forbidden(.decideNotFacilitator))
        #expect(
            fixture.refusal(.decide(.kill(reason: "x")), as: EngineFixture.gatekeepers[0])
                == .forbidden(.decideNotFacilitator))
        #expect(
            fixture.refusal(.approve(comment: nil), as: EngineFixture.practice)
                == .forbidden(.approveWrongRole(gate: "proposal_review", roles: ["facilitator"], role: "submitter")))
        try fixture.passProposal()
        #expect(
            fixture.refusal(
                .review(scores: ["impact": 3, "feasibility": 3, "scalability": 3, "value": 3], comment: "x"),
                as: EngineFixture.facilitator)
                == .forbidden(.scoreWrongRole(gate: "business_case_review", scorer: "gatekeeper", role: "facilitator")))
        #expect(
            fixture.refusal(.approve(comment: nil), as: EngineFixture.gatekeepers[0])
                == .forbidden(
                    .approveWrongRole(gate: "business_case_review", roles: ["facilitator"], role: "gatekeeper")))
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
            Self.problems(refusal) == [
                ["expected_fte_saved", "field_wrong_type", "must be a number"],
                ["partners", "field_listed_twice", "'mbo' is listed twice"],
                [
                    "theme", "field_not_an_option",
                    "'sport' is not one of 'onderwijsvernieuwing', 'innovatie_technologie', 'anders_besturen', 'behoud_betrokkenheid', 'instroom_zij_instroom'",
                ],
                ["title", "field_too_long", "is 121 characters long; at most 120"],
            ])
        let missing = fixture.refusal(
            .submit(id: "x", organisation: "HAP De Linde", region: "Twente", fields: ["title": .text("t")]),
            as: EngineFixture.practice)
        #expect(
            Self.problems(missing) == [
                ["summary", "field_required", "is required"], ["theme", "field_required", "is required"],
            ])
        #expect(fixture.idea == nil, "nothing was submitted")
    }

    @Test("numbers, money, dates and addresses")
    func valueKinds() throws {
        var fixture = EngineFixture()
        try fixture.submit()
        try fixture.passProposal()
        let problems: [(Value, String, String, String)] = [
            (.number(10.005), "cost_eur", "field_too_many_decimals", "has more than two decimals"),
            (.number(-1), "cost_eur", "field_below_minimum", "is -1; at least 0"),
            (.text("ftp://x"), "business_case_url", "field_not_web_address", "must be an http or https address"),
            (.text("31-12-2026"), "pilot_start", "field_not_a_date", "'31-12-2026' is not a date YYYY-MM-DD"),
            (.text("true"), "privacy_checked", "field_wrong_type", "must be true or false"),
        ]
        for (value, field, code, message) in problems {
            #expect(
                Self.problems(fixture.refusal(.updateFields([field: value]), as: EngineFixture.practice))
                    == [[field, code, message]])
        }
        try fixture.run(.updateFields(["pilot_start": .text("2027-01-31")]), as: EngineFixture.practice)
        #expect(fixture.idea?.fields["pilot_start"] == .date(CalendarDate(iso: "2027-01-31")!))
    }

    /// Each field problem of a refusal as its field, its code and its English words.
    static func problems(_ refusal: CommandError?) -> [[String]] {
        guard case .invalidFields(let problems)? = refusal else { return [] }
        return problems.map { [$0.field, $0.code.rawValue, $0.message] }
    }
}
