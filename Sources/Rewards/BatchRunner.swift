import Foundation

#if canImport(Glibc)
    @preconcurrency import Glibc
#endif

/// Runs a JSONL batch: one JSON object per input line in, exactly one JSON line per input line
/// out, in input order, with `jobs` workers.
///
/// A line that is not a JSON object, or that the verifier rejects, produces an output line with
/// `error` and `reward` 0; the batch goes on. The input fields are echoed back (except the
/// verifier's withheld ones) followed by the verdict's fields.
public struct BatchRunner: Sendable {
    /// Worker threads.
    public var jobs: Int
    /// How many lines may be in flight (read but not yet written) at once; bounds memory.
    public var window: Int
    /// Show a progress line on stderr (only honoured when stderr is a terminal).
    public var showProgress: Bool
    /// A label for the progress line.
    public var label: String

    public init(jobs: Int = 1, window: Int? = nil, showProgress: Bool = true, label: String = "verify") {
        self.jobs = max(1, jobs)
        self.window = max(self.jobs, window ?? self.jobs * 256)
        self.showProgress = showProgress
        self.label = label
    }

    /// What a finished batch counted.
    public struct Summary: Sendable, Equatable {
        public var lines = 0
        public var errors = 0
        public var rewardSum = 0.0
    }

    /// Turns one input line into its output line. Pure: it never throws.
    public static func outputLine(for line: String, lineNumber: Int, verifier: some RecordVerifier) -> (
        text: String, reward: Double, isError: Bool
    ) {
        let r = outputBytes(for: line, lineNumber: lineNumber, verifier: verifier)
        return (String(decoding: r.bytes, as: UTF8.self), r.reward, r.isError)
    }

    /// `outputLine` as UTF-8 bytes (what the batch writes, without a String in between).
    static func outputBytes(for line: String, lineNumber: Int, verifier: some RecordVerifier) -> (
        bytes: [UInt8], reward: Double, isError: Bool
    ) {
        let record: JSONObject
        do throws(JSONParseError) {
            guard !line.utf8.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) else { throw JSONParseError(message: "empty line", offset: 0) }
            record = try JSONValue.parseObject(line)
        } catch {
            let o: JSONObject = [
                "line": .integer(Int64(lineNumber)), "reward": 0, "status": .string(VerdictStatus.invalidInput.rawValue),
                "error": .string(error.description),
            ]
            var bytes: [UInt8] = []
            o.write(to: &bytes)
            return (bytes, 0, true)
        }
        let result = outputObject(for: record, verifier: verifier)
        var bytes: [UInt8] = []
        bytes.reserveCapacity(line.utf8.count + 256)
        result.object.write(to: &bytes)
        return (bytes, result.reward, result.isError)
    }

    /// Verifies one parsed record and builds its output object: the input fields (except the
    /// verifier's withheld ones) followed by the verdict's fields, or by `reward` 0,
    /// `status: "invalid_input"` and `error` when the verifier cannot read the record. Never throws.
    public static func outputObject(for record: JSONObject, verifier: some RecordVerifier) -> (
        object: JSONObject, reward: Double, isError: Bool
    ) {
        let withheld = verifier.withheldFields
        var out: JSONObject
        if withheld.isEmpty {
            out = record
        } else {
            out = JSONObject()
            for (k, v) in record where !withheld.contains(k) { out[k] = v }
        }
        out.reserveCapacity(out.count + 12)
        do {
            let verdict = try verifier.verify(record: record)
            verdict.addFields(to: &out)
            return (out, verdict.reward, false)
        } catch {
            out["reward"] = 0
            out["status"] = .string(VerdictStatus.invalidInput.rawValue)
            out["error"] = .string(error.message)
            return (out, 0, true)
        }
    }

    /// Reads lines from `reader` and writes output lines to `output` (default: stdout).
    @discardableResult
    public func run(
        reader: LineReader, verifier: some RecordVerifier,
        output: LineWriter = .standardOutput
    ) -> Summary {
        let state = SharedState(window: window)
        let progress = ProgressLine(label: label, enabled: showProgress)
        let work: @Sendable (Int) -> Void = { _ in
            while let (index, line) = state.claim(reader: reader) {
                let result = BatchRunner.outputBytes(for: line, lineNumber: index + 1, verifier: verifier)
                state.complete(index: index, result: result, output: output, progress: progress)
            }
        }
        runOnThreads(count: jobs, work)
        output.flush()
        progress.finish(count: state.summary.lines)
        return state.summary
    }
}

/// Runs `body(i)` for i in 0..<count, each on its own thread (the caller's thread runs i = 0), and
/// returns when all are done. Unlike `concurrentPerform`, the thread count is not capped at the
/// core count, which matters when workers mostly wait on sandboxed subprocesses.
public func runOnThreads(count: Int, _ body: @escaping @Sendable (Int) -> Void) {
    guard count > 1 else { body(0); return }
    let done = DispatchSemaphore(value: 0)
    for i in 1..<count {
        let thread = Thread {
            body(i)
            done.signal()
        }
        thread.stackSize = 8 << 20
        thread.start()
    }
    body(0)
    for _ in 1..<count { done.wait() }
}

/// The batch's shared cursor, reorder buffer and counters, guarded by one condition lock.
private final class SharedState: @unchecked Sendable {
    let condition = NSCondition()
    let window: Int
    var nextInput = 0
    var nextOutput = 0
    var finishedReading = false
    var pending: [Int: [UInt8]] = [:]
    var summary = BatchRunner.Summary()

    init(window: Int) { self.window = window }

    /// Takes the next input line, waiting while the window of unwritten lines is full.
    func claim(reader: LineReader) -> (Int, String)? {
        condition.lock()
        defer { condition.unlock() }
        while !finishedReading && nextInput - nextOutput >= window { condition.wait() }
        guard !finishedReading, let line = reader.next() else {
            finishedReading = true
            condition.broadcast()
            return nil
        }
        defer { nextInput += 1 }
        return (nextInput, line)
    }

    /// Records a finished line and writes every line that is now next in order.
    func complete(
        index: Int, result: (bytes: [UInt8], reward: Double, isError: Bool),
        output: LineWriter, progress: ProgressLine
    ) {
        condition.lock()
        defer { condition.unlock() }
        summary.lines += 1
        summary.rewardSum += result.reward
        if result.isError { summary.errors += 1 }
        var wrote = false
        if index == nextOutput {
            output.writeLine(bytes: result.bytes)
            nextOutput += 1
            wrote = true
        } else {
            pending[index] = result.bytes
        }
        while !pending.isEmpty, let bytes = pending.removeValue(forKey: nextOutput) {
            output.writeLine(bytes: bytes)
            nextOutput += 1
            wrote = true
        }
        if wrote {
            if nextOutput == nextInput { output.flush() }
            condition.broadcast()
        }
        progress.update(count: summary.lines)
    }
}
