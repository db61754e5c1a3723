import Foundation
import Rewards

/// Runs model-written Python against tests in score-jail and returns a verdict per program.
///
/// Safe to call from many threads: runs are spread over `options.workers` warm sandboxes.
///
///     let verifier = PythonCodeVerifier(options: SandboxOptions())
///     let verdict = try verifier.verify(record: ["program": "def f(x): return x", "test": "...", "entry_point": "f"])
public final class PythonCodeVerifier: RecordVerifier, Sendable {
    public let options: SandboxOptions
    private let pool: JailPool

    public init(options: SandboxOptions = SandboxOptions()) {
        self.options = options
        pool = JailPool(options: options)
    }

    deinit { pool.shutdown() }

    /// Stops the idle warm sandboxes now (and waits for them); later runs start new ones.
    public func stopSandboxes() { pool.shutdown() }

    public var withheldFields: Set<String> { CodeTask.withheldFields }

    /// The sandbox layers as the most recent jail reported them (empty before the first run).
    public var sandboxLayers: JSONObject { pool.layers }

    public func verify(record: JSONObject) throws(InvalidRecord) -> Verdict {
        verify(try CodeTask(record: record))
    }

    /// Decides one program. Never throws: a broken sandbox is a `sandbox_error` verdict.
    public func verify(_ task: CodeTask) -> Verdict {
        do throws(SandboxError) {
            return try verifyOnce(task)
        } catch where error.beforeJob {
            // The borrowed sandbox had died before this job reached it: one fresh try.
            do throws(SandboxError) {
                return try verifyOnce(task)
            } catch {
                return Verdict(reward: 0, status: .sandboxError, reason: error.description)
            }
        } catch {
            return Verdict(reward: 0, status: .sandboxError, reason: error.description)
        }
    }

    private func verifyOnce(_ task: CodeTask) throws(SandboxError) -> Verdict {
        try pool.withJail { (jail) throws(SandboxError) -> Verdict in
            var verdict: Verdict
            switch task.tests {
            case .standardIO(let inputs, let outputs):
                verdict = try runStandardIO(task.program, inputs: inputs, outputs: outputs, jail: jail)
            default:
                verdict = try runFunctionTests(task, jail: jail)
            }
            noteWeakerLayers(jail.layers, in: &verdict)
            return verdict
        }
    }

    private var limits: JSONObject {
        [
            "wall_s": .number(options.wallSeconds), "cpu_s": .number(options.cpuSeconds),
            "memory_mb": .integer(Int64(options.memoryMB)), "output_bytes": .integer(Int64(options.outputBytes)),
        ]
    }

    private var answerTimeout: Double { options.wallSeconds + 10 }

    private func runFunctionTests(_ task: CodeTask, jail: JailProcess) throws(SandboxError) -> Verdict {
        let nonce = Posix.nonce()
        let ticket = Posix.nonce()
        var payload: JSONObject = ["nonce": .string(nonce), "ticket": .string(ticket)]
        var setup = ""
        switch task.tests {
        case .humanEval(let test, let entry, let prompt):
            payload["mode"] = "humaneval"
            payload["test"] = .string(test)
            payload["entry"] = .string(entry)
            payload["prompt"] = .string(prompt)
        case .mbpp(let asserts, let setupCode):
            payload["mode"] = "mbpp"
            payload["test_list"] = .array(asserts.map { .string($0) })
            payload["setup"] = .string(setupCode)
            setup = setupCode
        case .standardIO:
            preconditionFailure("stdin/stdout tasks do not run here")
        }
        let payloadBytes = Array(payload.jsonText.utf8)
        let job: JSONObject = [
            "kind": "function", "ticket": .string(ticket),
            "tests_len": .integer(Int64(payloadBytes.count)), "limits": .object(limits),
        ]
        let source: JSONObject = [
            "kind": "function", "program": .string(task.program), "setup": .string(setup), "limits": .object(limits),
        ]
        let result = try jail.run(job: job, source: source, tests: payloadBytes, timeout: answerTimeout)
        if let problem = result["sandbox_error"]?.stringValue {
            return Verdict(reward: 0, status: .sandboxError, reason: "the sandbox failed: \(problem)")
        }
        let outcome = JobOutcome(result: result, options: options)
        var detail: JSONObject = [:]
        var verdict = result["verdict"]?.objectValue
        if let v = verdict, v["nonce"]?.stringValue != nonce {
            verdict = nil
            detail["note"] = "a verdict without this run's nonce was ignored"
        }
        let passed = verdict?["passed"]?.intValue ?? 0
        let total = verdict?["total"]?.intValue ?? {
            if case .mbpp(let asserts, _) = task.tests { return asserts.count } else { return 1 }
        }()
        let checkerOutcome = verdict?["outcome"]?.stringValue
        let message = verdict?["message"]?.stringValue ?? ""
        detail["tests_passed"] = .integer(Int64(passed))
        detail["tests_total"] = .integer(Int64(total))
        outcome.addFacts(to: &detail)
        if !message.isEmpty { detail["message"] = .string(message.excerpt(500)) }
        if !outcome.stderr.isEmpty { detail["stderr"] = .string(outcome.stderr.excerpt()) }

        if checkerOutcome == "passed", passed == total, total > 0, !outcome.timedOut, !outcome.overOutput {
            return Verdict(reward: 1, status: .passed, reason: "all \(total) test(s) passed", detail: detail)
        }
        if let (status, reason) = outcome.failureStatus(message: message) {
            return Verdict(reward: 0, status: status, reason: reason, detail: detail)
        }
        switch checkerOutcome {
        case "failed", "test_error":
            return Verdict(reward: 0, status: .failed, reason: "\(total - passed) of \(total) test(s) failed", detail: detail)
        case "candidate_error", "candidate_gone":
            return Verdict(reward: 0, status: .runtimeError, reason: "the program raised or stopped before the tests passed", detail: detail)
        default:
            return Verdict(reward: 0, status: .runtimeError, reason: "the tests did not complete", detail: detail)
        }
    }

    private func runStandardIO(
        _ program: String, inputs: [String], outputs: [String], jail: JailProcess
    ) throws(SandboxError) -> Verdict {
        var detail: JSONObject = ["tests_total": .integer(Int64(inputs.count))]
        var wall = 0.0, cpu = 0.0, peak = 0.0
        for (index, input) in inputs.enumerated() {
            let job: JSONObject = ["kind": "stdio", "stdin": .string(input), "limits": .object(limits)]
            let source: JSONObject = ["kind": "stdio", "program": .string(program), "limits": .object(limits)]
            let result = try jail.run(job: job, source: source, tests: nil, timeout: answerTimeout)
            if let problem = result["sandbox_error"]?.stringValue {
                return Verdict(reward: 0, status: .sandboxError, reason: "the sandbox failed: \(problem)")
            }
            let outcome = JobOutcome(result: result, options: options)
            wall += result["wall_s"]?.doubleValue ?? 0
            cpu += result["cpu_s"]?.doubleValue ?? 0
            peak = max(peak, result["peak_mb"]?.doubleValue ?? 0)
            detail["tests_passed"] = .integer(Int64(index))
            detail["wall_s"] = .number(wall)
            detail["cpu_s"] = .number(cpu)
            detail["peak_mb"] = .number(peak)
            if !outcome.stderr.isEmpty { detail["stderr"] = .string(outcome.stderr.excerpt()) }
            if let (status, reason) = outcome.failureStatus() {
                return Verdict(reward: 0, status: status, reason: "test \(index + 1): \(reason)", detail: detail)
            }
            if outcome.signal != nil || outcome.exitCode != 0 {
                let how = outcome.signal.map { "was killed by signal \($0)" } ?? "exited with status \(outcome.exitCode ?? -1)"
                return Verdict(reward: 0, status: .runtimeError, reason: "test \(index + 1): the program \(how)", detail: detail)
            }
            let stdout = result["stdout"]?.stringValue ?? ""
            guard OutputMatch.matches(stdout, expected: outputs[index]) else {
                detail["stdout"] = .string(stdout.excerpt(300))
                return Verdict(reward: 0, status: .failed, reason: "test \(index + 1): wrong output", detail: detail)
            }
        }
        detail["tests_passed"] = .integer(Int64(inputs.count))
        return Verdict(reward: 1, status: .passed, reason: "all \(inputs.count) test(s) passed", detail: detail)
    }

    /// Says so in the verdict when a layer is missing (no cgroup, or a refused layer).
    private func noteWeakerLayers(_ layers: JSONObject, in verdict: inout Verdict) {
        var weaker: [String] = []
        for (name, value) in layers {
            guard let state = value.stringValue else { continue }
            if state.hasPrefix("unavailable") || state.hasPrefix("REFUSED") { weaker.append("\(name): \(state)") }
        }
        if !weaker.isEmpty { verdict.detail["sandbox_weaker"] = .string(weaker.joined(separator: "; ")) }
    }
}
