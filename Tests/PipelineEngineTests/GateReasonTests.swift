import PipelineCore
import PipelineDefinition
import Testing

/// Gate explanations as data: every reason code with its field, operator, expected and actual
/// value, and every check's stable code. The words per language are the pages' (PipelineWebTests).
@Suite("Gate explanations are structured")
struct GateReasonTests {
    struct Case: Sendable, CustomTestStringConvertible {
        let rule: String
        let values: FieldValues
        let code: RuleReason.Code
        let field: String?
        let op: Expression.BinaryOperator?
        let expected: Value?
        let actual: Value?
        let explanation: String
        var testDescription: String { rule }
    }

    static let cases: [Case] = [
        Case(
            rule: "cost_eur <= 250000", values: ["cost_eur": .number(340_000)], code: .comparison, field: "cost_eur",
            op: .lessOrEqual, expected: .number(250_000), actual: .number(340_000),
            explanation: "cost_eur is 340000, must be <= 250000"),
        Case(
            rule: "cost_eur <= 250000", values: [:], code: .notSet, field: "cost_eur", op: nil, expected: nil,
            actual: nil, explanation: "cost_eur is not set"),
        Case(
            rule: "funding == \"subsidie\"", values: ["funding": .text("eigen")], code: .comparison, field: "funding",
            op: .equal, expected: .text("subsidie"), actual: .text("eigen"),
            explanation: "funding is \"eigen\", must be == \"subsidie\""),
        Case(
            rule: "participants >= minimum", values: ["participants": .number(4), "minimum": .number(10)],
            code: .comparison, field: "participants", op: .greaterOrEqual, expected: .number(10),
            actual: .number(4), explanation: "participants is 4, must be >= minimum"),
        Case(
            rule: "scale in [\"regionaal\", \"nationaal\"]", values: ["scale": .text("lokaal")], code: .comparison,
            field: "scale", op: .in, expected: .list([.text("regionaal"), .text("nationaal")]),
            actual: .text("lokaal"), explanation: "scale is \"lokaal\", must be in [\"regionaal\", \"nationaal\"]"),
        Case(
            rule: "len(summary) >= 100", values: ["summary": .text("Te kort")], code: .comparison, field: nil,
            op: .greaterOrEqual, expected: .number(100), actual: .number(7),
            explanation: "len(summary) is 7, must be >= 100"),
        Case(
            rule: "privacy_checked", values: ["privacy_checked": .boolean(false)], code: .notTrue,
            field: "privacy_checked", op: nil, expected: nil, actual: .boolean(false),
            explanation: "privacy_checked is not true"),
        Case(
            rule: "pilot_start is set", values: [:], code: .notSet, field: "pilot_start", op: nil, expected: nil,
            actual: nil, explanation: "pilot_start is not set"),
        Case(
            rule: "notes is not set", values: ["notes": .text("x")], code: .mustNotBeSet, field: "notes", op: nil,
            expected: nil, actual: .text("x"), explanation: "notes must not be set"),
        Case(
            rule: "notes is empty", values: ["notes": .text("x")], code: .mustBeEmpty, field: "notes", op: nil,
            expected: nil, actual: .text("x"), explanation: "notes must be empty"),
        Case(
            rule: "partners is not empty", values: ["partners": .list([])], code: .isEmpty, field: "partners", op: nil,
            expected: nil, actual: .list([]), explanation: "partners is empty"),
        Case(
            rule: "adoptions.live >= 5", values: ["adoptions.live": .number(2)], code: .comparison,
            field: "adoptions.live", op: .greaterOrEqual, expected: .number(5), actual: .number(2),
            explanation: "adoptions.live is 2, must be >= 5"),
        Case(
            rule: "not privacy_checked", values: ["privacy_checked": .boolean(true)], code: .notHeld, field: nil,
            op: nil, expected: nil, actual: nil,
            explanation: "not privacy_checked does not hold (privacy_checked is true)"),
    ]

    @Test("each kind of failing rule gives its code, field, operator, expected and actual value", arguments: cases)
    func reason(_ example: Case) throws {
        let expression = try ExpressionParser.parse(example.rule)
        #expect(!expression.holds(example.values))
        let reasons = expression.explainFailure(example.values)
        try #require(reasons.count == 1, "\(reasons)")
        let reason = reasons[0]
        #expect(reason.code == example.code)
        #expect(reason.field == example.field)
        #expect(reason.operator == example.op)
        #expect(reason.expected == example.expected)
        #expect(reason.actual == example.actual)
        #expect(reason.explanation == example.explanation)
    }

    @Test("an or of which neither side holds lists both, each with its own data")
    func noneOf() throws {
        let expression = try ExpressionParser.parse("cost_eur <= 250000 or funding == \"subsidie\"")
        let reasons = expression.explainFailure(["cost_eur": .number(310_000), "funding": .text("eigen")])
        try #require(reasons.count == 1)
        #expect(reasons[0].code == .noneOf)
        #expect(reasons[0].alternatives.map(\.code) == [.comparison, .comparison])
        #expect(reasons[0].alternatives.map(\.field) == ["cost_eur", "funding"])
        #expect(reasons[0].alternatives[0].expected == .number(250_000))
    }

    @Test("an and names only the sides that fail")
    func andNamesTheFailingSides() throws {
        let expression = try ExpressionParser.parse("a > 1 and b > 1 and c > 1")
        let reasons = expression.explainFailure(["a": .number(0), "b": .number(5), "c": .number(0)])
        #expect(reasons.map(\.field) == ["a", "c"])
    }

    @Test("every check of the business case gate has its stable code, as the idea moves")
    func checkCodes() throws {
        var fixture = EngineFixture()
        try fixture.submit()
        try fixture.passProposal()
        func codes() -> [String: GateCheck.Code] {
            guard let gate = fixture.workflow.gate(leaving: fixture.idea!.stage) else { return [:] }
            let evaluation = GateEvaluation.evaluate(gate, idea: fixture.idea!)
            return Dictionary(evaluation.checks.map { ($0.subject, $0.code) }, uniquingKeysWith: { first, _ in first })
        }
        var seen = codes()
        #expect(seen["cost_eur"] == .deliverableMissing)
        #expect(seen["Kosten boven 250.000 euro alleen met subsidie"] == .ruleNotMet)
        #expect(seen["facilitator"] == .approvalsMissing)
        #expect(seen["gatekeeper"] == .reviewsMissing)
        try fixture.fillBusinessCase(cost: 120_000)
        try fixture.run(.approve(comment: nil), as: EngineFixture.facilitator)
        for gatekeeper in EngineFixture.gatekeepers { try fixture.review(as: gatekeeper, score: 2) }
        seen = codes()
        #expect(seen["cost_eur"] == .deliverableSet)
        #expect(seen["Kosten boven 250.000 euro alleen met subsidie"] == .ruleMet)
        #expect(seen["facilitator"] == .approvalsMet)
        #expect(seen["gatekeeper"] == .averageBelowPassMark)
        for gatekeeper in EngineFixture.gatekeepers { try fixture.review(as: gatekeeper, score: 5) }
        #expect(codes()["gatekeeper"] == .scorecardMet)
    }

    @Test("a condition's code: open, overdue, met")
    func conditionCodes() {
        let due = EngineFixture().now
        func check(metBy: String?, overdue: Bool) -> GateCheck {
            GateCheck(
                kind: .condition, subject: "AVG-toets", holds: metBy != nil,
                detail: .condition(number: 1, due: due, metBy: metBy, overdue: overdue))
        }
        #expect(check(metBy: nil, overdue: false).code == .conditionOpen)
        #expect(check(metBy: nil, overdue: true).code == .conditionOverdue)
        #expect(check(metBy: "fenna", overdue: true).code == .conditionMet)
    }
}
