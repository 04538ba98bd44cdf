import PipelineCore

/// One token of an expression and where it stands (Unicode scalar offsets).
struct ExpressionToken: Equatable {
    enum Kind: Equatable {
        case number(Double)
        case string(String)
        case word(String)
        case symbol(String)
        case end
    }

    let kind: Kind
    let range: Range<Int>
}

/// Splits expression text into tokens. Works on Unicode scalars, as YAML columns do.
struct ExpressionLexer {
    private let scalars: [Unicode.Scalar]
    private var position = 0

    init(_ text: String) {
        scalars = Array(text.unicodeScalars)
    }

    mutating func tokens() throws(ExpressionError) -> [ExpressionToken] {
        var result: [ExpressionToken] = []
        while true {
            let token = try next()
            result.append(token)
            if token.kind == .end { return result }
        }
    }

    private mutating func next() throws(ExpressionError) -> ExpressionToken {
        while position < scalars.count, scalars[position].properties.isWhitespace { position += 1 }
        let start = position
        guard position < scalars.count else { return ExpressionToken(kind: .end, range: start..<start) }
        let scalar = scalars[position]
        if isDigit(scalar) { return try number(from: start) }
        if scalar == "\"" || scalar == "'" { return try string(from: start, quote: scalar) }
        if isWordStart(scalar) {
            // A dot joins words into one name (`adoptions.live`, the roll-up of an idea's adoptions).
            while position < scalars.count,
                isWordPart(scalars[position])
                    || (scalars[position] == "." && position + 1 < scalars.count && isWordStart(scalars[position + 1]))
            {
                position += 1
            }
            return ExpressionToken(kind: .word(text(start..<position)), range: start..<position)
        }
        return try symbol(from: start)
    }

    private mutating func number(from start: Int) throws(ExpressionError) -> ExpressionToken {
        var digits = ""
        var seenDot = false
        while position < scalars.count {
            let scalar = scalars[position]
            if isDigit(scalar) {
                digits.unicodeScalars.append(scalar)
            } else if scalar == "_", position + 1 < scalars.count, isDigit(scalars[position + 1]), !digits.isEmpty {
                // 250_000 reads better than 250000; the underscore is only a separator.
            } else if scalar == ".", !seenDot, position + 1 < scalars.count, isDigit(scalars[position + 1]) {
                seenDot = true
                digits.append(".")
            } else {
                break
            }
            position += 1
        }
        if position < scalars.count, isWordPart(scalars[position]) {
            while position < scalars.count, isWordPart(scalars[position]) { position += 1 }
            throw ExpressionError(
                "'\(text(start..<position))' is not a number or a field name", at: start..<position,
                hint: "field names start with a letter")
        }
        guard digits.count <= 30, let value = Double(digits), value.isFinite else {
            throw ExpressionError("number '\(text(start..<position))' is too large", at: start..<position)
        }
        return ExpressionToken(kind: .number(value), range: start..<position)
    }

    private mutating func string(from start: Int, quote: Unicode.Scalar) throws(ExpressionError) -> ExpressionToken {
        position += 1
        var value = String.UnicodeScalarView()
        while position < scalars.count {
            let scalar = scalars[position]
            position += 1
            if scalar == quote { return ExpressionToken(kind: .string(String(value)), range: start..<position) }
            if scalar == "\\", position < scalars.count, scalars[position] == quote || scalars[position] == "\\" {
                value.append(scalars[position])
                position += 1
            } else {
                value.append(scalar)
            }
        }
        throw ExpressionError(
            "text is not closed", at: start..<position, hint: "add the closing \(quote) at the end of the text")
    }

    private mutating func symbol(from start: Int) throws(ExpressionError) -> ExpressionToken {
        let two = position + 1 < scalars.count ? text(position..<position + 2) : ""
        switch two {
        case "==", "!=", "<=", ">=":
            position += 2
            return ExpressionToken(kind: .symbol(two), range: start..<position)
        case "&&", "||":
            position += 2
            throw ExpressionError(
                "unknown operator '\(two)'", at: start..<position, hint: "write '\(two == "&&" ? "and" : "or")'")
        default: break
        }
        let one = String(scalars[position])
        position += 1
        switch one {
        case "<", ">", "+", "-", "*", "/", "(", ")", "[", "]", ",":
            return ExpressionToken(kind: .symbol(one), range: start..<position)
        case "=":
            throw ExpressionError("unknown operator '='", at: start..<position, hint: "write '==' to compare")
        case "!":
            throw ExpressionError("unknown operator '!'", at: start..<position, hint: "write 'not' or '!='")
        default:
            throw ExpressionError("unexpected character '\(one)'", at: start..<position)
        }
    }

    private func text(_ range: Range<Int>) -> String {
        var view = String.UnicodeScalarView()
        view.append(contentsOf: scalars[range])
        return String(view)
    }

    private func isDigit(_ scalar: Unicode.Scalar) -> Bool { ("0"..."9").contains(scalar) }
    private func isWordStart(_ scalar: Unicode.Scalar) -> Bool {
        ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) || scalar == "_"
    }
    private func isWordPart(_ scalar: Unicode.Scalar) -> Bool { isWordStart(scalar) || isDigit(scalar) }
}
