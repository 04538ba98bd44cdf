import PipelineCore
import Testing

@testable import PipelineDefinition

@Suite("Expression type checker")
struct ExpressionTypeCheckerTests {
    let fields = [
        FieldDefinition(id: "cost_eur", label: "Cost", type: .money(NumberRange(min: 0))),
        FieldDefinition(id: "participants", label: "Participants", type: .integer(NumberRange())),
        FieldDefinition(id: "summary", label: "Summary", type: .text(maxLength: 100)),
        FieldDefinition(
            id: "funding", label: "Funding",
            type: .choice([ChoiceOption(value: "subsidie", label: "S"), ChoiceOption(value: "eigen", label: "E")])),
        FieldDefinition(
            id: "partners", label: "Partners",
            type: .list([ChoiceOption(value: "mbo", label: "mbo")], minItems: nil, maxItems: nil)),
        FieldDefinition(id: "start", label: "Start", type: .date),
        FieldDefinition(id: "checked", label: "Checked", type: .boolean),
        FieldDefinition(id: "site", label: "Site", type: .url),
    ]

    func problems(_ source: String) throws -> [String] {
        let expression = try ExpressionParser.parse(source)
        return ExpressionTypeChecker.check(expression, fields: fields).map(\.message)
    }

    @Test(
        "well-typed expressions pass",
        arguments: [
            "cost_eur <= 250000 or funding == \"subsidie\"",
            "participants * 2 > cost_eur / 1000",
            "len(summary) >= 10 and len(partners) >= 1",
            "\"mbo\" in partners",
            "funding in [\"subsidie\", \"eigen\"]",
            "start < date(\"2027-01-01\")",
            "checked",
            "checked == true and not checked == false",
            "site is set",
            "partners is not empty",
            "partners == []",
        ])
    func wellTyped(source: String) throws {
        #expect(try problems(source) == [])
    }

    @Test(
        "type errors are found at load time",
        arguments: [
            ("cost == 1", "unknown field 'cost'"),
            ("cost_eur == \"1000\"", "cannot compare number with text"),
            ("summary < \"b\"", "'<' orders numbers and dates, not text"),
            ("cost_eur and checked", "'and' joins true/false values, but this is a number"),
            ("not summary", "'not' needs a true/false value, but this is a text"),
            ("summary + 1 > 0", "'+' needs numbers, but this is a text"),
            ("cost_eur + 1", "expression must be true or false, but it is a number"),
            ("funding == \"subsidy\"", "'subsidy' is not an option of field 'funding'"),
            ("\"hbo\" in partners", "'hbo' is not an option of field 'partners'"),
            ("funding in summary", "'in' needs a list on its right, not a text"),
            ("1 in partners", "cannot look for a number in a list of text"),
            ("len(cost_eur) > 1", "len() needs text or a list, not a number"),
            ("start > 5", "cannot compare date with number"),
            ("funding in [\"subsidie\", 1]", "list mixes number and text"),
            ("-summary > 1", "'-' needs a number, but this is a text"),
        ])
    func typeErrors(source: String, message: String) throws {
        #expect(try problems(source) == [message])
    }

    @Test("every problem is reported, not only the first")
    func severalProblems() throws {
        #expect(try problems("cost == 1 and fundng == \"x\"") == ["unknown field 'cost'", "unknown field 'fundng'"])
    }

    @Test("unknown fields come with a suggestion")
    func suggestion() throws {
        let expression = try ExpressionParser.parse("fundng == \"subsidie\"")
        let hint = ExpressionTypeChecker.check(expression, fields: fields).first?.hint
        #expect(hint == "did you mean 'funding'?")
    }
}
