import ArgumentParser
import Foundation
import PipelineDefinition

struct TestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "test",
        abstract: "Run the test cases of workflows (workflows/tests/*.yml) through the engine.",
        discussion: """
            Each case places an idea in a stage with its fields, approvals and reviews, decides, \
            lets time pass, and checks what comes of it (docs/workflows.md, "Testing a workflow"). \
            A failing case is printed as path:line:column with what was expected and what happened, \
            and the gate's checklist; the last line counts the cases. Exit status: 0 when every case \
            passes, 1 when a case fails, 2 when a file cannot be read or has errors (or for a usage error).
            """
    )

    @Argument(
        help: """
            Test files, folders of them, or a folder of workflows with a tests/ folder \
            (default: the workflows folder).
            """)
    var paths: [String] = []

    @Option(
        help: """
            The folder of the workflows the tests run on (default: the folder that holds the test \
            files' folder, or PIPELINE_WORKFLOWS for the default path).
            """)
    var workflows: String?

    @Flag(help: "Print the results as JSON, for editors and CI.")
    var json = false

    @Option(name: .customLong("junit"), help: "Also write the results as JUnit XML to this file, for CI systems.")
    var junit: String?

    func run() throws {
        let report: FixtureReport
        do {
            report = try FixtureFiles.report(paths: paths, workflows: workflows)
        } catch let error as UsageError {
            Output.error(error.description)
            throw ExitCode.usage
        }
        if let junit {
            do {
                try Data(report.junitXML.utf8).write(to: URL(fileURLWithPath: junit))
            } catch {
                Output.error("cannot write \(junit): \(error.localizedDescription)")
                throw ExitCode.usage
            }
        }
        if json {
            Output.json(report.json)
        } else {
            FixtureFiles.print(report, failuresTo: { print($0) })
            for line in report.fileLines { print(line) }
            print(report.summary)
        }
        if report.exitStatus != 0 { throw ExitCode(report.exitStatus) }
    }
}

/// Finds and reads test files and the workflows they test: the file system side of `pipeline test`
/// and `pipeline serve --require-tests`.
enum FixtureFiles {
    /// The report of every case in `paths`, run on the workflows of their folders.
    ///
    /// - a folder with a `tests` folder: its workflows, and the test files in `tests`;
    /// - another folder: test files, on the workflows of the folder above it;
    /// - a file: a test file, on the workflows of the folder above its folder.
    ///
    /// `workflows` names the workflows folder for all of them instead.
    static func report(paths: [String], workflows: String?) throws -> FixtureReport {
        let environment = ProcessInfo.processInfo.environment
        let given = paths.isEmpty ? [workflows ?? environment["PIPELINE_WORKFLOWS"] ?? "workflows"] : paths
        var groups: [(workflows: String, tests: [String])] = []
        func add(_ folder: String, _ tests: [String]) {
            let folder = workflows ?? folder
            if let index = groups.firstIndex(where: { $0.workflows == folder }) {
                groups[index].tests += tests.filter { !groups[index].tests.contains($0) }
            } else {
                groups.append((folder, tests))
            }
        }
        for path in given {
            var isFolder: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else {
                throw UsageError("no such file or folder: \(path)")
            }
            if !isFolder.boolValue {
                let tests = join(parent(of: path), "tests")
                var besideTests: ObjCBool = false
                if FileManager.default.fileExists(atPath: tests, isDirectory: &besideTests), besideTests.boolValue {
                    throw UsageError(
                        "\(path) is a workflow file: give its test file (in \(tests)) or its folder \(parent(of: path))"
                    )
                }
                add(parent(of: parent(of: path)), [path])
                continue
            }
            var testsIsFolder: ObjCBool = false
            let hasTests =
                FileManager.default.fileExists(atPath: join(path, "tests"), isDirectory: &testsIsFolder)
                && testsIsFolder.boolValue
            let folder = hasTests ? join(path, "tests") : path
            let files = try WorkflowFiles.files(inFolder: folder)
            if files.isEmpty { throw UsageError("no test files (*.yml, *.yaml) in \(folder)") }
            add(hasTests ? path : parent(of: path), files)
        }
        var reports: [FixtureReport] = []
        for group in groups {
            let workflowSources = try WorkflowFiles.sources(at: [group.workflows])
            let testSources = try group.tests.map(read)
            reports.append(FixtureSuite.run(workflows: workflowSources, tests: testSources))
        }
        return FixtureReport.merged(reports)
    }

    /// The test cases of the workflows in `folder` (its `tests` folder), for `serve --require-tests`:
    /// `nil` when there are none.
    static func requiredReport(workflows folder: String) throws -> FixtureReport? {
        let tests = join(folder, "tests")
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: tests, isDirectory: &isFolder), isFolder.boolValue,
            !(try WorkflowFiles.files(inFolder: tests)).isEmpty
        else { return nil }
        return try report(paths: [tests], workflows: folder)
    }

    /// The diagnostics to standard error and each failing case through `failuresTo`.
    static func print(_ report: FixtureReport, failuresTo write: (String) -> Void) {
        for diagnostic in report.diagnostics {
            Output.error(DiagnosticRenderer.render(diagnostic, source: report.sourceTexts[diagnostic.path]))
        }
        for result in report.failed { write(report.failureText(result)) }
    }

    /// The folder that holds `path`: `workflows` for `workflows/tests`, `.` for `tests`.
    private static func parent(of path: String) -> String {
        let trimmed = path.count > 1 && path.hasSuffix("/") ? String(path.dropLast()) : path
        let last = (trimmed as NSString).lastPathComponent
        if last == "." || last == ".." || trimmed.isEmpty { return join(trimmed.isEmpty ? "." : trimmed, "..") }
        let parent = (trimmed as NSString).deletingLastPathComponent
        return parent.isEmpty ? "." : parent
    }

    private static func join(_ folder: String, _ name: String) -> String {
        (folder.hasSuffix("/") ? String(folder.dropLast()) : folder) + "/" + name
    }

    private static func read(_ path: String) throws -> FixtureSource {
        switch try WorkflowFiles.bytes(of: path, limit: FixtureSource.maximumBytes) {
        case .tooLarge(let size): return .tooLarge(path: path, byteCount: size)
        case .read(let data): return FixtureSource(path: path, bytes: data)
        }
    }
}
