import ArgumentParser

/// `score-verify bench`: throughput benchmarks of the verifiers and the training engine.
struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Measure verifier and engine throughput (JSON lines on stdout).",
        subcommands: [BenchMathCommand.self, BenchEngineCommand.self, BenchCodeCommand.self]
    )
}
