import PipelineCore
import Yams

extension WorkflowParser {
    /// Parses and type-checks the expression in `entry`, mapping each problem back to the
    /// line and column of the file.
    func expression(_ entry: NodeReader.Entry, purpose: String) -> Expression? {
        guard case .scalar(let scalar) = entry.value else {
            reader.error(
                "a \(purpose) must be an expression in text, not \(entry.value.kindName)", at: entry.value.mark)
            return nil
        }
        if scalar.tag.rawValue.hasPrefix("!"), scalar.tag.rawValue.count > 1, !scalar.tag.rawValue.hasPrefix("!!") {
            reader.error(
                "'\(scalar.tag.rawValue.clipped)' is read as a YAML tag, not as an expression", at: scalar.mark,
                hint: "write 'not' instead of '!', or put the expression in quotes")
            return nil
        }
        guard !scalar.isNull else {
            reader.error("a \(purpose) is empty", at: entry.keyMark ?? scalar.mark)
            return nil
        }
        do {
            let parsed = try ExpressionParser.parse(scalar.string)
            let broken = declared["field", default: []].subtracting(fields.map(\.id))
            let problems = ExpressionTypeChecker.check(parsed, fields: fields + rollupFields, broken: broken)
            for problem in problems { report(problem, in: scalar) }
            return problems.isEmpty ? parsed : nil
        } catch {
            report(error, in: scalar)
            return nil
        }
    }

    private func report(_ problem: ExpressionError, in scalar: Node.Scalar) {
        let start = (line: scalar.mark?.line ?? 1, column: scalar.mark?.column ?? 1)
        let style: SourceText.ScalarStyle
        switch scalar.style {
        case .literal, .folded: style = .block
        case .singleQuoted: style = .singleQuoted
        case .doubleQuoted: style = .doubleQuoted
        default: style = .plain
        }
        let location = reader.source.location(
            ofOffset: problem.range.lowerBound, inValue: scalar.string, startingAt: start, style: style)
        reader.error(problem.message, line: location.line, column: location.column, hint: problem.hint)
    }
}
