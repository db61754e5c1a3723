import ArgumentParser
import Rewards

#if canImport(Glibc)
    import Glibc
#endif

/// The `score-verify` command: exact, fast, ungameable rewards for RL trainers.
@main
struct ScoreVerify: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "score-verify",
        abstract: "Exact, fast, ungameable rewards for reinforcement-learning trainers.",
        discussion: """
            Verdicts are printed as JSON on stdout; logs and progress go to stderr.
            Exit status is 0 for any verdict (right or wrong) and 2 for a usage error.
            """,
        version: "0.1.0",
        subcommands: [MathCommand.self, CodeCommand.self, TrainCommand.self, EvalCommand.self, ServeCommand.self, BenchCommand.self]
    )

    /// Runs the command; usage errors (bad or missing options) exit with status 2, as documented.
    static func main() {
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch let error as UsageError {
            StandardError.line("score-verify: \(error.description)")
            Glibc.exit(2)
        } catch {
            let code = exitCode(for: error)
            if code == .validationFailure {
                StandardError.line(fullMessage(for: error))
                Glibc.exit(2)
            }
            exit(withError: error)
        }
    }
}
