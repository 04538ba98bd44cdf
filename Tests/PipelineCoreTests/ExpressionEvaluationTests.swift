import PipelineCore
import Testing

/// Expressions built by hand (the parser lives in PipelineDefinition), evaluated without I/O.
@Suite("Expression evaluation")
struct ExpressionEvaluationTests {
    // Small builders so that each test reads like the expression it checks.
    func field(_ name: String) -> Expression { Expression(.field(name), range: 0..<0) }
    func number(_ value: Double) -> Expression { Expression(.literal(.number(value)), range: 0..<0) }
    func text(_ value: String) -> Expression { Expression(.literal(.text(value)), range: 0..<0) }
    func bool(_ value: Bool) -> Expression { Expression(.literal(.boolean(value)), range: 0..<0) }
    func binary(_ op: Expression.BinaryOperator, _ a: Expression, _ b: Expression) -> Expression {
        Expression(.binary(op, a, b), range: 0..<0)
    }
    func not(_ inner: Expression) -> Expression { Expression(.not(inner), range: 0..<0) }
    var unknown: Expression { field("missing") }

    @Test("comparisons of numbers, texts and dates")
    func comparisons() {
        let values: FieldValues = ["cost": .number(310_000), "funding": .text("subsidie")]
        #expect(binary(.lessOrEqual, field("cost"), number(250_000)).evaluate(values) == .boolean(false))
        #expect(binary(.greater, field("cost"), number(250_000)).evaluate(values) == .boolean(true))
        #expect(binary(.equal, field("funding"), text("subsidie")).evaluate(values) == .boolean(true))
        #expect(binary(.notEqual, field("funding"), text("subsidie")).evaluate(values) == .boolean(false))
        let early = Expression(.literal(.date(CalendarDate(iso: "2026-01-31")!)), range: 0..<0)
        let late = Expression(.literal(.date(CalendarDate(iso: "2026-02-01")!)), range: 0..<0)
        #expect(binary(.less, early, late).evaluate([:]) == .boolean(true))
    }

    @Test("the example of docs/workflows.md: cost_eur <= 250000 or funding == \"subsidie\"")
    func designExample() {
        let rule = binary(
            .or, binary(.lessOrEqual, field("cost_eur"), number(250_000)),
            binary(.equal, field("funding"), text("subsidie")))
        #expect(rule.holds(["cost_eur": .number(120_000)]))
        #expect(rule.holds(["cost_eur": .number(310_000), "funding": .text("subsidie")]))
        #expect(!rule.holds(["cost_eur": .number(310_000), "funding": .text("eigen_middelen")]))
        #expect(!rule.holds(["cost_eur": .number(310_000)]), "funding unknown and cost too high: does not hold")
        #expect(rule.evaluate(["cost_eur": .number(310_000)]) == nil)
    }

    @Test("Kleene logic: unknown spreads, but false and x is false and true or x is true")
    func kleeneLogic() {
        #expect(binary(.and, bool(false), unknown).evaluate([:]) == .boolean(false))
        #expect(binary(.and, unknown, bool(false)).evaluate([:]) == .boolean(false))
        #expect(binary(.and, bool(true), unknown).evaluate([:]) == nil)
        #expect(binary(.or, bool(true), unknown).evaluate([:]) == .boolean(true))
        #expect(binary(.or, unknown, bool(true)).evaluate([:]) == .boolean(true))
        #expect(binary(.or, bool(false), unknown).evaluate([:]) == nil)
        #expect(not(unknown).evaluate([:]) == nil)
        #expect(!not(binary(.greater, unknown, number(5))).holds([:]), "not of unknown never holds")
    }

    @Test("a comparison or arithmetic with a missing value is unknown, never a crash")
    func missingValues() {
        #expect(binary(.equal, unknown, number(1)).evaluate([:]) == nil)
        #expect(binary(.notEqual, unknown, number(1)).evaluate([:]) == nil)
        #expect(binary(.add, unknown, number(1)).evaluate([:]) == nil)
        #expect(binary(.in, unknown, Expression(.literal(.list([.text("a")])), range: 0..<0)).evaluate([:]) == nil)
        #expect(Expression(.length(unknown), range: 0..<0).evaluate([:]) == .number(0))
    }

    @Test("is set and is empty are never unknown")
    func presence() {
        let set = Expression(.check(field("a"), .set, negated: false), range: 0..<0)
        let notEmpty = Expression(.check(field("a"), .empty, negated: true), range: 0..<0)
        #expect(set.evaluate([:]) == .boolean(false))
        #expect(set.evaluate(["a": .text("")]) == .boolean(true))
        #expect(notEmpty.evaluate(["a": .text("")]) == .boolean(false))
        #expect(notEmpty.evaluate(["a": .list([])]) == .boolean(false))
        #expect(notEmpty.evaluate(["a": .list([.text("x")])]) == .boolean(true))
        #expect(notEmpty.evaluate([:]) == .boolean(false))
    }

    @Test("division by zero and overflow are unknown")
    func arithmeticEdges() {
        #expect(binary(.divide, number(1), number(0)).evaluate([:]) == nil)
        #expect(binary(.multiply, number(1e308), number(1e308)).evaluate([:]) == nil)
        #expect(binary(.divide, number(9), number(2)).evaluate([:]) == .number(4.5))
        #expect(binary(.subtract, number(1), binary(.multiply, number(2), number(3))).evaluate([:]) == .number(-5))
    }

    @Test("in and not in look into lists, numbers by value")
    func membership() {
        let values: FieldValues = ["partners": .list([.text("mbo"), .text("hbo")]), "n": .number(2)]
        #expect(binary(.in, text("mbo"), field("partners")).evaluate(values) == .boolean(true))
        #expect(binary(.notIn, text("ros"), field("partners")).evaluate(values) == .boolean(true))
        let numbers = Expression(.literal(.list([.number(1), .number(2.0)])), range: 0..<0)
        #expect(binary(.in, field("n"), numbers).evaluate(values) == .boolean(true))
    }

    @Test("values of the wrong type give unknown instead of trapping")
    func wrongTypesAtRuntime() {
        // The type checker refuses these at load time; stored data may still be odd.
        let values: FieldValues = ["cost": .text("a lot")]
        #expect(binary(.less, field("cost"), number(5)).evaluate(values) == nil)
        #expect(binary(.add, field("cost"), number(5)).evaluate(values) == nil)
        #expect(not(field("cost")).evaluate(values) == nil)
        #expect(binary(.in, number(1), number(1)).evaluate(values) == nil)
    }

    @Test("a long chain of 'or' evaluates without trouble")
    func longChain() {
        var expression = binary(.equal, field("x"), number(0))
        for index in 1...400 { expression = binary(.or, expression, binary(.equal, field("x"), number(Double(index)))) }
        #expect(expression.holds(["x": .number(400)]))
        #expect(!expression.holds(["x": .number(401)]))
    }
}
