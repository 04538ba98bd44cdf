import PipelineCore
import Testing

@testable import PipelineDefinition

@Suite("Expression parser")
struct ExpressionParserTests {
    @Test(
        "valid expressions parse and print back with only the parentheses they need",
        arguments: [
            ("cost_eur <= 250000 or funding == \"subsidie\"", "cost_eur <= 250000 or funding == \"subsidie\""),
            ("a and b or c", "a and b or c"),
            ("a and (b or c)", "a and (b or c)"),
            ("not a and b", "not a and b"),
            ("not (a and b)", "not (a and b)"),
            ("1 + 2 * 3", "1 + 2 * 3"),
            ("(1 + 2) * 3", "(1 + 2) * 3"),
            ("10 - (4 - 3)", "10 - (4 - 3)"),
            ("x in ['a', 'b']", "x in [\"a\", \"b\"]"),
            ("x not in [1, 2,]", "x not in [1, 2]"),
            ("len(summary) >= 100", "len(summary) >= 100"),
            ("start is set and notes is not empty", "start is set and notes is not empty"),
            ("start < date(\"2026-03-31\")", "start < date(\"2026-03-31\")"),
            ("cost >= 250_000", "cost >= 250000"),
            ("-x > -2", "-x > -2"),
            ("'it\\'s' == name", "\"it's\" == name"),
            ("  a  ", "a"),
        ])
    func roundTrip(source: String, printed: String) throws {
        let expression = try ExpressionParser.parse(source)
        #expect(expression.description == printed)
        // Printing and parsing again gives the same tree (apart from source ranges).
        #expect(try ExpressionParser.parse(printed).description == printed)
    }

    @Test(
        "syntax errors say what and where",
        arguments: [
            ("", "expression is empty", 0),
            ("a ==", "expression ends too early; a value is missing", 4),
            ("(a == 1", "expected ')' to close '(', found end of expression", 0),
            ("a = 1", "unknown operator '='", 2),
            ("a && b", "unknown operator '&&'", 2),
            ("a || b", "unknown operator '||'", 2),
            ("a == 'open", "text is not closed", 5),
            ("a b", "unexpected 'b' after a complete expression", 2),
            ("1 < a < 3", "comparisons cannot be chained", 6),
            ("a is", "expected 'set' or 'empty' after 'is'", 2),
            ("a is full", "expected 'set' or 'empty' after 'is'", 5),
            ("a not b", "expected 'in' after 'not' here", 2),
            ("foo(1)", "unknown function 'foo'", 0),
            ("date(2026)", "date() takes a date in quotes", 5),
            ("date('2026-02-30')", "'2026-02-30' is not a date", 5),
            ("12abc > 1", "'12abc' is not a number or a field name", 0),
            ("a == #", "unexpected character '#'", 5),
            ("and", "expected a value, found 'and'", 0),
            ("[1, 2", "expected ']' to close '[', found end of expression", 0),
            ("len x", "expected '(' after 'len', found 'x'", 4),
        ])
    func syntaxErrors(source: String, message: String, offset: Int) {
        #expect {
            try ExpressionParser.parse(source)
        } throws: { error in
            guard let error = error as? ExpressionError else { return false }
            return error.message == message && error.range.lowerBound == offset
        }
    }

    @Test("nesting is bounded: 32 levels parse, 33 are refused with a clear message")
    func depthLimit() throws {
        let ok = String(repeating: "(", count: 32) + "a" + String(repeating: ")", count: 32)
        _ = try ExpressionParser.parse(ok)
        for opener in ["(", "not ", "-", "["] {
            let closer = opener == "(" ? ")" : opener == "[" ? "]" : ""
            let deep = String(repeating: opener, count: 33) + "1" + String(repeating: closer, count: 33)
            #expect(throws: ExpressionError.self) { try ExpressionParser.parse(deep) }
        }
    }

    @Test("hostile input never crashes: 100,000 open parentheses, a megabyte of text")
    func hostileInput() {
        let deep = String(repeating: "(", count: 100_000)
        #expect(throws: ExpressionError.self) { try ExpressionParser.parse(deep) }
        let long = String(repeating: "a or ", count: 200_000) + "a"
        #expect {
            try ExpressionParser.parse(long)
        } throws: { ($0 as? ExpressionError)?.message.contains("the limit is 1000") == true }
    }

    @Test("the longest allowed chain parses and evaluates")
    func longestChain() throws {
        let chain = (0..<80).map { "x == \($0)" }.joined(separator: " or ")
        #expect(chain.count <= ExpressionParser.maximumLength)
        let expression = try ExpressionParser.parse(chain)
        #expect(expression.holds(["x": .number(79)]))
        #expect(!expression.holds(["x": .number(80)]))
    }

    @Test("ranges point at the source text")
    func ranges() throws {
        let expression = try ExpressionParser.parse("cost_eur <= 250000")
        guard case .binary(_, let left, let right) = expression.kind else {
            Issue.record("expected a comparison")
            return
        }
        #expect(left.range == 0..<8)
        #expect(right.range == 12..<18)
        #expect(expression.fieldNames == ["cost_eur"])
    }

    @Test("random text never crashes the parser")
    func randomText() {
        var generator = SeededGenerator(seed: 42)
        let alphabet = Array("ab(1)[],'\"=<>!+-*/ andornotisinsetemptylen_.#\\é\n\t")
        for _ in 0..<5_000 {
            let length = Int.random(in: 0..<40, using: &generator)
            let text = String((0..<length).map { _ in alphabet.randomElement(using: &generator)! })
            _ = try? ExpressionParser.parse(text)
        }
    }
}

/// A small deterministic random number generator (SplitMix64), so failures can be replayed.
struct SeededGenerator: RandomNumberGenerator {
    private var state: UInt64
    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
