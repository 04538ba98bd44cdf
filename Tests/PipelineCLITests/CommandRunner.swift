import Foundation
import PipelineTestSupport

/// Runs the built `pipeline` executable, as a user or a CI script would.
struct CommandResult {
    let status: Int32
    let output: String
    let errors: String
}

enum CommandRunner {
    static let packageRoot = TestPaths.packageRoot

    /// The `pipeline` this build made (or `PIPELINE_BINARY`).
    static var executable: URL {
        if let path = ProcessInfo.processInfo.environment["PIPELINE_BINARY"] { return URL(fileURLWithPath: path) }
        return TestPaths.executable("pipeline")
    }

    /// Runs `pipeline` with `arguments`; `environment` is added to this process's. The waiting
    /// happens on a thread of its own (see `onOwnThread`).
    static func run(
        _ arguments: [String], in directory: URL = packageRoot, environment: [String: String] = [:]
    ) async throws -> CommandResult {
        try await onOwnThread { try runHere(arguments, in: directory, environment: environment) }
    }

    private static func runHere(_ arguments: [String], in directory: URL, environment: [String: String]) throws
        -> CommandResult
    {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.currentDirectoryURL = directory
        if !environment.isEmpty {
            process.environment = ProcessInfo.processInfo.environment.merging(environment) { _, given in given }
        }
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        // Read both pipes before waiting, so a full pipe cannot block the child.
        let outputData = output.fileHandleForReading.readDataToEndOfFile()
        let errorData = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return CommandResult(
            status: process.terminationStatus, output: String(decoding: outputData, as: UTF8.self),
            errors: String(decoding: errorData, as: UTF8.self))
    }

    /// How many events `pipeline demo` made, from its report
    /// (`demo: 30 ideas in 26 regions, 27 implementations in 22 regions, 409 events (20 by timers) ...`).
    static func demoEvents(_ result: CommandResult) -> Int? {
        result.output.firstMatch(of: /demo: .*, (\d+) events \(\d+ by timers\)/).flatMap { Int($0.1) }
    }

    /// A fresh temporary folder, removed by the caller.
    static func temporaryFolder() throws -> URL { try TemporaryFolder("cli").url }
}
