import PipelineCore

/// Parses the expression language of `must_meet` and `when` into an ``Expression`` tree.
///
/// ```
/// or         := and ("or" and)*
/// and        := not ("and" not)*
/// not        := "not" not | comparison
/// comparison := sum [("==" | "!=" | "<" | "<=" | ">" | ">=" | "in" | "not in") sum
///                    | "is" ["not"] ("set" | "empty")]
/// sum        := product (("+" | "-") product)*
/// product    := unary (("*" | "/") unary)*
/// unary      := "-" unary | primary
/// primary    := number | text | "true" | "false" | "[" [or ("," or)*] "]"
///             | "len" "(" or ")" | "date" "(" text ")" | field | "(" or ")"
/// ```
///
/// Hostile input is bounded: at most ``maximumLength`` scalars and ``maximumDepth`` levels of
/// nesting, so that no input can exhaust the stack.
public struct ExpressionParser {
    public static let maximumLength = 1_000
    public static let maximumDepth = 32
    /// Words with a meaning of their own; no field may be named after one.
    public static let reservedWords: Set<String> = [
        "and", "or", "not", "in", "is", "set", "empty", "true", "false", "len", "date",
    ]

    private var tokens: [ExpressionToken] = []
    private var index = 0
    private var depth = 0

    /// Parses `text`, or throws the first problem found.
    public static func parse(_ text: String) throws(ExpressionError) -> Expression {
        let length = text.unicodeScalars.count
        guard length <= maximumLength else {
            throw ExpressionError(
                "expression is \(length) characters long; the limit is \(maximumLength)", at: 0..<0,
                hint: "split it into several must_meet rules")
        }
        var lexer = ExpressionLexer(text)
        var parser = ExpressionParser()
        parser.tokens = try lexer.tokens()
        if parser.current.kind == .end { throw ExpressionError("expression is empty", at: 0..<0) }
        let expression = try parser.parseOr()
        guard parser.current.kind == .end else {
            throw ExpressionError(
                "unexpected \(parser.current.kind.spelled) after a complete expression", at: parser.current.range,
                hint: "join conditions with 'and' or 'or'")
        }
        return expression
    }

    private var current: ExpressionToken { tokens[index] }

    private mutating func advance() -> ExpressionToken {
        let token = tokens[index]
        if index < tokens.count - 1 { index += 1 }
        return token
    }

    private func isWord(_ word: String) -> Bool { current.kind == .word(word) }
    private func isSymbol(_ symbol: String) -> Bool { current.kind == .symbol(symbol) }

    private mutating func nested<T>(at range: Range<Int>, _ body: (inout ExpressionParser) throws(ExpressionError) -> T)
        throws(ExpressionError) -> T
    {
        depth += 1
        defer { depth -= 1 }
        guard depth <= ExpressionParser.maximumDepth else {
            throw ExpressionError(
                "expression nests deeper than \(ExpressionParser.maximumDepth) levels", at: range,
                hint: "split it into several must_meet rules")
        }
        return try body(&self)
    }

    private mutating func parseOr() throws(ExpressionError) -> Expression {
        var left = try parseAnd()
        while isWord("or") {
            _ = advance()
            let right = try parseAnd()
            left = Expression(.binary(.or, left, right), range: left.range.lowerBound..<right.range.upperBound)
        }
        return left
    }

    private mutating func parseAnd() throws(ExpressionError) -> Expression {
        var left = try parseNot()
        while isWord("and") {
            _ = advance()
            let right = try parseNot()
            left = Expression(.binary(.and, left, right), range: left.range.lowerBound..<right.range.upperBound)
        }
        return left
    }

    private mutating func parseNot() throws(ExpressionError) -> Expression {
        guard isWord("not") else { return try parseComparison() }
        let start = advance().range
        return try nested(at: start) { (parser: inout ExpressionParser) throws(ExpressionError) in
            let inner = try parser.parseNot()
            return Expression(.not(inner), range: start.lowerBound..<inner.range.upperBound)
        }
    }

    private mutating func parseComparison() throws(ExpressionError) -> Expression {
        let left = try parseSum()
        let op: Expression.BinaryOperator
        switch current.kind {
        case .symbol(let symbol) where ["==", "!=", "<", "<=", ">", ">="].contains(symbol):
            op = Expression.BinaryOperator(rawValue: symbol)!
            _ = advance()
        case .word("in"):
            op = .in
            _ = advance()
        case .word("not"):
            let notToken = advance()
            guard isWord("in") else {
                throw ExpressionError("expected 'in' after 'not' here", at: notToken.range, hint: "write 'not in'")
            }
            _ = advance()
            op = .notIn
        case .word("is"):
            return try parsePresence(of: left)
        default:
            return left
        }
        let right = try parseSum()
        let expression = Expression(.binary(op, left, right), range: left.range.lowerBound..<right.range.upperBound)
        if case .symbol(let symbol) = current.kind, ["==", "!=", "<", "<=", ">", ">="].contains(symbol) {
            throw ExpressionError(
                "comparisons cannot be chained", at: current.range, hint: "join two comparisons with 'and'")
        }
        return expression
    }

    private mutating func parsePresence(of subject: Expression) throws(ExpressionError) -> Expression {
        let isToken = advance()
        var negated = false
        if isWord("not") {
            negated = true
            _ = advance()
        }
        let presence: Expression.Presence
        switch current.kind {
        case .word("set"): presence = .set
        case .word("empty"): presence = .empty
        default:
            throw ExpressionError(
                "expected 'set' or 'empty' after '\(negated ? "is not" : "is")'",
                at: current.range.isEmpty
                    ? isToken.range : current.range,
                hint: "write 'is set', 'is not set', 'is empty' or 'is not empty'")
        }
        let end = advance().range.upperBound
        return Expression(.check(subject, presence, negated: negated), range: subject.range.lowerBound..<end)
    }

    private mutating func parseSum() throws(ExpressionError) -> Expression {
        var left = try parseProduct()
        while isSymbol("+") || isSymbol("-") {
            let op: Expression.BinaryOperator = advance().kind == .symbol("+") ? .add : .subtract
            let right = try parseProduct()
            left = Expression(.binary(op, left, right), range: left.range.lowerBound..<right.range.upperBound)
        }
        return left
    }

    private mutating func parseProduct() throws(ExpressionError) -> Expression {
        var left = try parseUnary()
        while isSymbol("*") || isSymbol("/") {
            let op: Expression.BinaryOperator = advance().kind == .symbol("*") ? .multiply : .divide
            let right = try parseUnary()
            left = Expression(.binary(op, left, right), range: left.range.lowerBound..<right.range.upperBound)
        }
        return left
    }

    private mutating func parseUnary() throws(ExpressionError) -> Expression {
        guard isSymbol("-") else { return try parsePrimary() }
        let start = advance().range
        return try nested(at: start) { (parser: inout ExpressionParser) throws(ExpressionError) in
            let inner = try parser.parseUnary()
            if case .literal(.number(let number)) = inner.kind {
                return Expression(.literal(.number(-number)), range: start.lowerBound..<inner.range.upperBound)
            }
            return Expression(.negate(inner), range: start.lowerBound..<inner.range.upperBound)
        }
    }

    private mutating func parsePrimary() throws(ExpressionError) -> Expression {
        let token = current
        switch token.kind {
        case .number(let number):
            _ = advance()
            return Expression(.literal(.number(number)), range: token.range)
        case .string(let text):
            _ = advance()
            return Expression(.literal(.text(text)), range: token.range)
        case .word("true"), .word("false"):
            _ = advance()
            return Expression(.literal(.boolean(token.kind == .word("true"))), range: token.range)
        case .word("len"):
            return try parseLength()
        case .word("date"):
            return try parseDate()
        case .word(let word) where ExpressionParser.reservedWords.contains(word):
            throw ExpressionError("expected a value, found '\(word)'", at: token.range)
        case .word(let name):
            _ = advance()
            if isSymbol("(") {
                throw ExpressionError(
                    "unknown function '\(name)'", at: token.range,
                    hint: "the functions are len(x) and date(\"YYYY-MM-DD\")")
            }
            return Expression(.field(name), range: token.range)
        case .symbol("("):
            _ = advance()
            return try nested(at: token.range) { (parser: inout ExpressionParser) throws(ExpressionError) in
                let inner = try parser.parseOr()
                try parser.expect(")", opening: token)
                return Expression(
                    inner.kind, range: token.range.lowerBound..<parser.tokens[parser.index - 1].range.upperBound)
            }
        case .symbol("["):
            return try parseList()
        case .end:
            throw ExpressionError("expression ends too early; a value is missing", at: token.range)
        default:
            throw ExpressionError("expected a value, found \(token.kind.spelled)", at: token.range)
        }
    }

    private mutating func parseList() throws(ExpressionError) -> Expression {
        let open = advance()
        return try nested(at: open.range) { (parser: inout ExpressionParser) throws(ExpressionError) in
            var items: [Expression] = []
            if !parser.isSymbol("]") {
                repeat {
                    if parser.isSymbol(","), !items.isEmpty { _ = parser.advance() }
                    if parser.isSymbol("]") { break }  // a trailing comma is fine
                    items.append(try parser.parseOr())
                } while parser.isSymbol(",")
            }
            try parser.expect("]", opening: open)
            let range = open.range.lowerBound..<parser.tokens[parser.index - 1].range.upperBound
            let literals = items.compactMap { item -> Value? in
                if case .literal(let value) = item.kind { return value } else { return nil }
            }
            if literals.count == items.count { return Expression(.literal(.list(literals)), range: range) }
            return Expression(.list(items), range: range)
        }
    }

    private mutating func parseLength() throws(ExpressionError) -> Expression {
        let name = advance()
        let open = current
        try expect("(", after: "len")
        return try nested(at: open.range) { (parser: inout ExpressionParser) throws(ExpressionError) in
            let inner = try parser.parseOr()
            try parser.expect(")", opening: open)
            return Expression(
                .length(inner), range: name.range.lowerBound..<parser.tokens[parser.index - 1].range.upperBound)
        }
    }

    private mutating func parseDate() throws(ExpressionError) -> Expression {
        let name = advance()
        let open = current
        try expect("(", after: "date")
        let argument = advance()
        guard case .string(let text) = argument.kind else {
            throw ExpressionError(
                "date() takes a date in quotes", at: argument.range, hint: "write date(\"2026-03-31\")")
        }
        guard let date = CalendarDate(iso: text) else {
            throw ExpressionError(
                "'\(text)' is not a date", at: argument.range, hint: "write the date as YYYY-MM-DD, e.g. \"2026-03-31\""
            )
        }
        try expect(")", opening: open)
        return Expression(.literal(.date(date)), range: name.range.lowerBound..<tokens[index - 1].range.upperBound)
    }

    private mutating func expect(_ symbol: String, opening: ExpressionToken) throws(ExpressionError) {
        guard isSymbol(symbol) else {
            throw ExpressionError(
                "expected '\(symbol)' to close '\(opening.kind.spelledBare)', found \(current.kind.spelled)",
                at: current.range.isEmpty ? opening.range : current.range)
        }
        _ = advance()
    }

    private mutating func expect(_ symbol: String, after word: String) throws(ExpressionError) {
        guard isSymbol(symbol) else {
            throw ExpressionError(
                "expected '\(symbol)' after '\(word)', found \(current.kind.spelled)", at: current.range)
        }
        _ = advance()
    }
}

extension ExpressionToken.Kind {
    /// How a token is named in a message: `'cost_eur'`, `'<='`, `end of expression`.
    var spelled: String {
        switch self {
        case .end: return "end of expression"
        case .string(let text): return "text \"\(text)\""
        default: return "'\(spelledBare)'"
        }
    }

    var spelledBare: String {
        switch self {
        case .number(let number): return Value.format(number)
        case .string(let text): return text
        case .word(let word): return word
        case .symbol(let symbol): return symbol
        case .end: return ""
        }
    }
}
