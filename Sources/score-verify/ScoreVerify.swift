import ArgumentParser

/// The `score-verify` command: exact, fast, ungameable rewards for RL trainers.
@main
struct ScoreVerify: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "score-verify",
        abstract: "Exact, fast, ungameable rewards for reinforcement-learning trainers.",
        discussion: """
            Verdicts are printed as JSON on stdout; logs and progress go to stderr.
            Exit status is 0 for any verdict (right or wrong) and 2 for a usage error.
            """,
        version: "0.1.0",
        subcommands: [ServeCommand.self, BenchCommand.self]
    )
}
