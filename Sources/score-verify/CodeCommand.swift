import ArgumentParser
import CodeVerifier
import Foundation
import Rewards

/// `score-verify code`: runs Python programs against tests in the sandbox.
struct CodeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "code",
        abstract: "Run model-written Python against tests in a seccomp + namespace sandbox.",
        discussion: """
            One program: --solution FILE --tests FILE --entry NAME (the tests file defines
            check(candidate)); prints one JSON verdict.
            A batch: --input FILE (or - for stdin) of JSONL records in HumanEval (prompt, completion or
            program, test, entry_point), MBPP (test_list, test_setup_code) or stdin/stdout (inputs,
            outputs) form; prints one JSON line per record, in order, every field echoed but the code.
            Verdict fields: reward, status (passed, failed, timeout, memory, runtime_error,
            syscall_violation, output_limit, sandbox_error), reason, tests_passed, tests_total, wall_s,
            cpu_s, peak_mb, stderr. Exit status 0 for any verdict.
            """
    )

    @Option(help: "Python file holding the solution (single-program mode).")
    var solution: String?
    @Option(help: "Python file defining check(candidate) (single-program mode).")
    var tests: String?
    @Option(help: "Name of the function under test (single-program mode).")
    var entry: String?
    @Option(help: "JSONL file of records, or - for stdin (batch mode).")
    var input: String?
    @Option(help: "Programs run at once (each in its own warm sandbox).")
    var jobs: Int = 2
    @Flag(name: .customLong("no-progress"), help: "Never show the progress line (it shows only on a terminal).")
    var noProgress = false
    @OptionGroup var sandbox: SandboxOptionGroup

    func validate() throws {
        let single = [solution, tests, entry].compactMap { $0 }.count
        if input != nil && single > 0 { throw ValidationError("use either --input or --solution/--tests/--entry") }
        if input == nil && single != 3 { throw ValidationError("give --input FILE, or all of --solution, --tests and --entry") }
        guard jobs >= 1 else { throw ValidationError("--jobs must be at least 1") }
    }

    func run() throws {
        let verifier = PythonCodeVerifier(options: sandbox.options(workers: jobs))
        if let input {
            let reader: LineReader
            do { reader = try LineReader(path: input) } catch { throw ValidationError(error.message) }
            BatchRunner(jobs: jobs, showProgress: !noProgress, label: "code").run(reader: reader, verifier: verifier)
            return
        }
        guard let solution, let tests, let entry else { return }
        func read(_ path: String) throws -> String {
            do { return try TextFile.read(path) } catch { throw ValidationError(error.message) }
        }
        let record: JSONObject = [
            "program": .string(try read(solution)), "test": .string(try read(tests)), "entry_point": .string(entry),
        ]
        let verdict: Verdict
        do { verdict = try verifier.verify(record: record) } catch { throw ValidationError(error.message) }
        print(verdict.jsonObject.jsonText)
    }
}
