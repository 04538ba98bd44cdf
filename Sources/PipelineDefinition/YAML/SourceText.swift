import Foundation

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
    /// file, given where the scalar starts. Plain and quoted one-line scalars map directly;
    /// for block and multi-line scalars each value line is looked up in the following source
    /// lines. Falls back to the scalar's start.
    func location(ofOffset offset: Int, inValue value: String, startingAt start: (line: Int, column: Int), quoted: Bool)
        -> (line: Int, column: Int)
    {
        let valueLines = value.unicodeScalars.split(separator: "\n", omittingEmptySubsequences: false).map {
            String(String.UnicodeScalarView($0))
        }
        var remaining = offset
        var lineIndex = 0
        while lineIndex < valueLines.count - 1, remaining > valueLines[lineIndex].unicodeScalars.count {
            remaining -= valueLines[lineIndex].unicodeScalars.count + 1
            lineIndex += 1
        }
        if valueLines.count == 1, let sourceLine = line(start.line) {
            let column = start.column + (quoted ? 1 : 0)
            let scalars = Array(sourceLine.unicodeScalars)
            let prefix = Array(value.unicodeScalars.prefix(remaining))
            if column - 1 + prefix.count <= scalars.count, Array(scalars[(column - 1)..<(column - 1 + prefix.count)]) == prefix
            {
                return (start.line, column + remaining)
            }
        }
        // Look the value's lines up one after the other in the lines that follow the start.
        var searchFrom = start.line
        var found: (line: Int, column: Int)?
        for (index, valueLine) in valueLines.enumerated() where index <= lineIndex {
            let needle = valueLine.trimmingLeadingSpaces()
            if needle.isEmpty { continue }
            let lead = valueLine.unicodeScalars.count - needle.unicodeScalars.count
            var hit: (line: Int, column: Int)?
            var number = searchFrom
            while number <= min(lines.count, searchFrom + 200), hit == nil {
                if let range = lines[number - 1].range(of: needle) {
                    let column = lines[number - 1].unicodeScalars.distance(
                        from: lines[number - 1].unicodeScalars.startIndex, to: range.lowerBound)
                    hit = (number, column + 1 - lead)
                }
                number += 1
            }
            guard let hit else { return found.map { ($0.line, $0.column) } ?? start }
            found = hit
            searchFrom = hit.line + 1
        }
        guard let found else { return start }
        return (found.line, max(1, found.column + remaining))
    }
}

extension String {
    func trimmingLeadingSpaces() -> String {
        String(String.UnicodeScalarView(unicodeScalars.drop { $0 == " " || $0 == "\t" }))
    }
}
