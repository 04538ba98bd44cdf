import Foundation
import PipelineCore

extension FixtureReport {
    /// The `--json` form: every case with its place, expectations and outcome, the diagnostics,
    /// and the counts.
    public var json: JSONReport {
        JSONReport(
            passed: exitStatus == 0, total: results.count, failed: failed.count,
            cases: results.map { result in
                JSONReport.Case(
                    file: result.path, line: result.location.line, column: result.location.column, name: result.name,
                    workflow: result.workflow, passed: result.passed,
                    expected: result.expected.joined(separator: "; "), actual: result.actual.joined(separator: "; "),
                    failures: result.mismatches.map {
                        .init(
                            line: $0.location.line, column: $0.location.column, expected: $0.expected, actual: $0.actual
                        )
                    },
                    checklist: result.checklist.map { $0.trimmingCharacters(in: .whitespaces) })
            }, diagnostics: diagnostics)
    }

    public struct JSONReport: Encodable, Sendable {
        public let passed: Bool
        public let total: Int
        public let failed: Int
        public let cases: [Case]
        public let diagnostics: [Diagnostic]

        public struct Case: Encodable, Sendable {
            public let file: String
            public let line: Int
            public let column: Int
            public let name: String
            public let workflow: String
            public let passed: Bool
            public let expected: String
            public let actual: String
            public let failures: [Failure]
            public let checklist: [String]
        }

        public struct Failure: Encodable, Sendable {
            public let line: Int
            public let column: Int
            public let expected: String
            public let actual: String
        }
    }

    /// JUnit XML for CI systems: a test suite per test file, a test case per case with a
    /// `<failure>` for a failing one, and an `<error>` per diagnostic of a file that could not run.
    public var junitXML: String {
        var xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        let errorCount = diagnostics.filter { $0.severity == .error }.count
        xml +=
            "<testsuites name=\"pipeline test\" tests=\"\(results.count + errorCount)\" failures=\"\(failed.count)\" errors=\"\(errorCount)\">\n"
        var paths = files.map(\.path)
        for diagnostic in diagnostics where !paths.contains(diagnostic.path) { paths.append(diagnostic.path) }
        for path in paths {
            let cases = results.filter { $0.path == path }
            let errors = diagnostics.filter { $0.path == path && $0.severity == .error }
            let failures = cases.filter { !$0.passed }.count
            xml +=
                "  <testsuite name=\"\(Self.escape(path))\" tests=\"\(cases.count + errors.count)\" failures=\"\(failures)\" errors=\"\(errors.count)\">\n"
            for result in cases {
                let attributes =
                    "name=\"\(Self.escape(result.name))\" classname=\"\(Self.escape(result.workflow))\" "
                    + "file=\"\(Self.escape(path))\" line=\"\(result.location.line)\""
                guard !result.passed else {
                    xml += "    <testcase \(attributes)/>\n"
                    continue
                }
                let message = result.mismatches.map { "expected \($0.expected), got \($0.actual)" }.joined(
                    separator: "; ")
                xml += "    <testcase \(attributes)>\n"
                xml +=
                    "      <failure message=\"\(Self.escape(message))\">\(Self.escape(failureText(result)))</failure>\n"
                xml += "    </testcase>\n"
            }
            for error in errors {
                xml +=
                    "    <testcase name=\"\(Self.escape("\(error.line):\(error.column)"))\" classname=\"\(Self.escape(path))\" file=\"\(Self.escape(path))\" line=\"\(error.line)\">\n"
                xml +=
                    "      <error message=\"\(Self.escape(error.message))\">\(Self.escape(error.description))</error>\n"
                xml += "    </testcase>\n"
            }
            xml += "  </testsuite>\n"
        }
        xml += "</testsuites>\n"
        return xml
    }

    /// Text for XML content and attribute values: the five special characters as entities, line
    /// breaks and tabs as character references, and characters XML 1.0 does not allow as `?`.
    static func escape(_ text: String) -> String {
        var result = ""
        result.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            case "'": result += "&apos;"
            case "\n": result += "&#10;"
            case "\r": result += "&#13;"
            case "\t": result += "&#9;"
            default:
                let value = scalar.value
                let allowed =
                    (0x20...0xD7FF).contains(value) || (0xE000...0xFFFD).contains(value)
                    || (0x10000...0x10FFFF).contains(value)
                result.unicodeScalars.append(allowed ? scalar : "?")
            }
        }
        return result
    }
}
