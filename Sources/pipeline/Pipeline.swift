import ArgumentParser
import Foundation

/// The `pipeline` command: a thin edge that parses options, reads files and calls the modules.
@main
struct Pipeline: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pipeline",
        abstract: "Move innovation ideas through the stages and gates of workflow files.",
        subcommands: [ValidateCommand.self, GraphCommand.self]
    )

    /// Exit status 2 for every usage error (ArgumentParser's own is 64), as documented.
    static func main() {
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch {
            let code = exitCode(for: error)
            if code == .validationFailure {
                FileHandle.standardError.write(Data((fullMessage(for: error) + "\n").utf8))
                Foundation.exit(ExitCode.usage.rawValue)
            }
            exit(withError: error)
        }
    }
}

extension ExitCode {
    /// Something failed the check: an invalid workflow file.
    static let invalid = ExitCode(1)
    /// The command was used wrongly: an unknown option, a path that does not exist.
    static let usage = ExitCode(2)
}
