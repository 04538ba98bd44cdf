/// The lines of a workflow file, for showing a line under a diagnostic and for finding where
/// an expression's characters stand in the file.
struct SourceText {
    let lines: [String]

    init(_ text: String) {
        // Split on scalars: as Characters, "\r\n" is one and would not split on "\n".
        lines = text.unicodeScalars.split(separator: "\n", omittingEmptySubsequences: false).map { slice in
            var view = String.UnicodeScalarView(slice)
            if view.last == "\r" { view.removeLast() }
            return String(view)
        }
    }

    /// The 1-based line, without its line break.
    func line(_ number: Int) -> String? {
        lines.indices.contains(number - 1) ? lines[number - 1] : nil
    }

    /// Where the character at `offset` (in Unicode scalars) of a scalar's value stands in the
    /// file. Walks the source from the scalar's start and matches it against the value: a run
    /// of whitespace in the value matches any run of spaces and line breaks in the source (so
    /// block, folded and multi-line scalars map too), and escape characters of quoted scalars
    /// are stepped over. Falls back to the scalar's start when the two cannot be matched.
    func location(
        ofOffset offset: Int, inValue value: String, startingAt start: (line: Int, column: Int),
        style: ScalarStyle
    ) -> (line: Int, column: Int) {
        let source = lines.map { Array($0.unicodeScalars) }
        var line = start.line - 1
        var column = start.column - 1
        switch style {
        case .block:
            line += 1
            column = 0
        case .doubleQuoted, .singleQuoted: column += 1
        case .plain: break
        }
        func current() -> Unicode.Scalar? {
            guard source.indices.contains(line) else { return nil }
            return column < source[line].count ? source[line][column] : "\n"
        }
        func step() {
            if column < source[line].count {
                column += 1
            } else {
                line += 1
                column = 0
            }
        }
        func skipSourceWhitespace() {
            while let scalar = current(), scalar == " " || scalar == "\t" || scalar == "\n" { step() }
        }
        let scalars = Array(value.unicodeScalars)
        var index = 0
        var steps = 0
        while index < min(offset, scalars.count) {
            steps += 1
            guard steps < 100_000, let here = current() else { return start }
            let wanted = scalars[index]
            if style == .doubleQuoted, here == "\\" {
                // An escape stands for one character of the value: \t, \", \x41, \u00e9, \U0001F600.
                let kind = column + 1 < source[line].count ? source[line][column + 1] : "\n"
                let length = kind == "x" ? 4 : kind == "u" ? 6 : kind == "U" ? 10 : 2
                for _ in 0..<length { step() }
                index += 1
            } else if wanted == " " || wanted == "\t" || wanted == "\n" {
                while index < offset, index < scalars.count, [" ", "\t", "\n"].contains(scalars[index]) { index += 1 }
                skipSourceWhitespace()
            } else if here == wanted {
                index += 1
                step()
            } else if here == " " || here == "\t" || here == "\n" {
                skipSourceWhitespace()
            } else if style == .singleQuoted, here == "'" {
                step()
            } else {
                return start
            }
        }
        if index < scalars.count, ![" ", "\t", "\n"].contains(scalars[index]) { skipSourceWhitespace() }
        guard source.indices.contains(line) else { return start }
        return (line + 1, column + 1)
    }

    enum ScalarStyle {
        case plain
        case singleQuoted
        case doubleQuoted
        /// `|` and `>`: the value starts on the line after the indicator.
        case block
    }
}
