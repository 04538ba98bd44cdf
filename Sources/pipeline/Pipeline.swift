import ArgumentParser
import Foundation
import NIOCore
import NIOPosix

/// The `pipeline` command: a thin edge that parses options, reads files and calls the modules.
@main
struct Pipeline: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pipeline",
        abstract: "Move innovation ideas through the stages and gates of workflow files.",
        discussion: """
            Exit status: 0 done; 1 refused (an invalid workflow file, a gate that does not hold, \
            a rule that forbids it); 2 usage error; 3 not found; 4 conflict (the idea changed \
            meanwhile); 5 the database is unavailable.
            """,
        subcommands: [
            ValidateCommand.self, TestCommand.self, GraphCommand.self, IdeasCommand.self, GateCommand.self,
            ApproveCommand.self, ReviewCommand.self, DecideCommand.self, ConditionsCommand.self, CommentCommand.self,
            HistoryCommand.self, CountsCommand.self, TimersCommand.self, DemoCommand.self, ServeCommand.self,
            TokensCommand.self, OrganisationsCommand.self, PeopleCommand.self, WebhooksCommand.self,
            AdoptCommand.self, ImplementationsCommand.self, WorkflowsCommand.self, MigrateCommand.self,
        ]
    )

    /// The server's tasks run on NIO's event loops instead of Swift's cooperative pool, so that
    /// a request is read, handled and answered on one thread: no wake-up of another thread per
    /// request and back (see docs/benchmarks.md, "One thread per request"). Before any task of
    /// the server starts; the other commands keep Swift's own executor.
    static func runTasksOnEventLoops() {
        _ = NIOSingletons.unsafeTryInstallSingletonPosixEventLoopGroupAsConcurrencyGlobalExecutor()
    }

    /// Exit status 2 for every usage error (ArgumentParser's own is 64), as documented.
    static func main() async {
        do {
            var command = try parseAsRoot()
            if command is ServeCommand { runTasksOnEventLoops() }
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
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
    /// Refused: an invalid workflow file, a gate that does not hold, a rule that forbids it.
    static let invalid = ExitCode(1)
    /// The command was used wrongly: an unknown option, a path that does not exist.
    static let usage = ExitCode(2)
    static let notFound = ExitCode(3)
    /// The idea changed since the version the command was based on.
    static let conflict = ExitCode(4)
    static let unavailable = ExitCode(5)
}
