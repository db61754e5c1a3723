import Foundation
import Rewards

/// Throughput of the sandboxed verifier on HumanEval's canonical solutions.
public enum CodeBenchmark {
    /// Runs every problem's canonical solution (`prompt` + `canonical_solution`) `repeats` times
    /// with `options.workers` warm sandboxes; returns the figures as one JSON object.
    ///
    /// The sandboxes are started (and warmed with one run each) before the clock starts; their
    /// start-up time is reported separately. `cpu_ms_per_execution` is the CPU (user + system) of
    /// this process and every sandbox process per execution, with the sandboxes' start-up CPU
    /// (measured by starting and stopping a set of sandboxes first) taken out.
    public static func humanEvalCanonical(problemsPath: String, options: SandboxOptions, repeats: Int = 1) throws(InvalidRecord) -> JSONObject {
        guard let text = try? String(contentsOfFile: problemsPath, encoding: .utf8) else {
            throw InvalidRecord("cannot read '\(problemsPath)'")
        }
        var records: [JSONObject] = []
        for line in text.split(separator: "\n") where !line.isEmpty {
            var record: JSONObject
            do { record = try JSONValue.parseObject(String(line)) } catch { throw InvalidRecord("\(problemsPath): \(error)") }
            guard let solution = record["canonical_solution"] else { throw InvalidRecord("a problem lacks 'canonical_solution'") }
            record["completion"] = solution
            records.append(record)
        }
        guard !records.isEmpty else { throw InvalidRecord("no problems in '\(problemsPath)'") }
        let tasks = try records.map { (record) throws(InvalidRecord) -> CodeTask in try CodeTask(record: record) }
        let work = Array(repeating: tasks, count: max(1, repeats)).flatMap { $0 }

        let workers = max(1, options.workers)
        // The CPU of starting and warming the sandboxes alone (every sandbox process, counted
        // once they are stopped and reaped), to take out of the measured run's CPU below.
        let cpuBefore = Posix.cpuSeconds()
        let probe = PythonCodeVerifier(options: options)
        runOnThreads(count: workers) { _ in _ = probe.verify(tasks[0]) }
        probe.stopSandboxes()
        let startupCPU = Posix.cpuSeconds() - cpuBefore

        let verifier = PythonCodeVerifier(options: options)
        let cpuStart = Posix.cpuSeconds()
        let startClock = Posix.now()
        runOnThreads(count: workers) { _ in _ = verifier.verify(tasks[0]) }
        let startup = Posix.now() - startClock

        let state = BenchState(count: work.count)
        let clock = Posix.now()
        runOnThreads(count: workers) { _ in
            while let index = state.next() {
                let verdict = verifier.verify(work[index])
                state.record(verdict)
            }
        }
        let seconds = Posix.now() - clock
        verifier.stopSandboxes()
        let cpu = Posix.cpuSeconds() - cpuStart - startupCPU
        let summary = state.summary
        return [
            "benchmark": "code", "problems": .integer(Int64(tasks.count)), "executions": .integer(Int64(work.count)),
            "workers": .integer(Int64(workers)), "seconds": .number(seconds),
            "executions_per_second": .number(Double(work.count) / seconds),
            "ms_per_execution_per_worker": .number(seconds * 1000 * Double(workers) / Double(work.count)),
            "passed": .integer(Int64(summary.passed)), "statuses": .object(summary.statuses),
            "mean_sandboxed_wall_ms": .number(summary.wall / Double(work.count) * 1000),
            "cpu_ms_per_execution": .number(cpu * 1000 / Double(work.count)),
            "sandbox_startup_cpu_s": .number(startupCPU),
            "sandbox_startup_s": .number(startup), "sandbox": .object(verifier.sandboxLayers),
        ]
    }
}

private final class BenchState: @unchecked Sendable {
    private let lock = NSLock()
    private var cursor = 0
    private let count: Int
    private(set) var passed = 0
    private var statuses: [String: Int] = [:]
    private var wall = 0.0

    init(count: Int) { self.count = count }

    func next() -> Int? {
        lock.lock()
        defer { lock.unlock() }
        guard cursor < count else { return nil }
        cursor += 1
        return cursor - 1
    }

    func record(_ verdict: Verdict) {
        lock.lock()
        defer { lock.unlock() }
        if verdict.reward == 1 { passed += 1 }
        statuses[verdict.status.rawValue, default: 0] += 1
        wall += verdict.detail["wall_s"]?.doubleValue ?? 0
    }

    var summary: (passed: Int, statuses: JSONObject, wall: Double) {
        lock.lock()
        defer { lock.unlock() }
        var o = JSONObject()
        for (k, v) in statuses.sorted(by: { $0.key < $1.key }) { o[k] = .integer(Int64(v)) }
        return (passed, o, wall)
    }
}
