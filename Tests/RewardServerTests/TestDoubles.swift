import Foundation
import Rewards

/// A math verifier double: the answer is right when it equals the gold text after trimming.
/// A response starting with `sleep:N` waits N milliseconds first (to shuffle completion order).
struct EchoMathVerifier: RecordVerifier {
    func verify(record: JSONObject) throws(InvalidRecord) -> Verdict {
        let gold = try record.requireString("gold")
        let response = try record.requireString("response", "answer")
        var answer = response.trimmingCharacters(in: .whitespaces)
        if answer.hasPrefix("sleep:"), let space = answer.firstIndex(of: " ") {
            let ms = Int(answer[answer.index(answer.startIndex, offsetBy: 6)..<space]) ?? 0
            usleep(UInt32(ms) * 1000)
            answer = String(answer[answer.index(after: space)...])
        }
        let same = answer == gold.trimmingCharacters(in: .whitespaces)
        return Verdict(
            reward: same ? 1 : 0, status: same ? .equal : .notEqual, reason: same ? "same text" : "different text",
            detail: ["extracted": .string(answer)])
    }
}

/// A code verifier double: passes when the program contains the label's `expect` text; `sleep:N`
/// in the program holds the "sandbox" N milliseconds, and `hold` until `release()`. Counts
/// concurrent runs.
final class FakeSandboxVerifier: RecordVerifier, @unchecked Sendable {
    private let lock = NSLock()
    private let held = DispatchSemaphore(value: 0)

    /// Lets `count` held programs finish.
    func release(_ count: Int) { for _ in 0..<count { held.signal() } }
    private var running = 0
    private var peak = 0
    private var total = 0

    /// The most runs that were in progress at once.
    var maxRunning: Int {
        lock.lock()
        defer { lock.unlock() }
        return peak
    }

    /// Runs started so far.
    var runs: Int {
        lock.lock()
        defer { lock.unlock() }
        return total
    }

    var withheldFields: Set<String> { ["program", "completion"] }

    func verify(record: JSONObject) throws(InvalidRecord) -> Verdict {
        let program = try record.requireString("program", "completion")
        guard record["test"] != nil || record["test_list"] != nil || record["inputs"] != nil else {
            throw InvalidRecord("missing field 'test'")
        }
        let expect = record["expect"]?.stringValue ?? "return"
        lock.lock()
        running += 1
        total += 1
        peak = max(peak, running)
        lock.unlock()
        defer {
            lock.lock()
            running -= 1
            lock.unlock()
        }
        if let r = program.range(of: "sleep:") {
            let digits = program[r.upperBound...].prefix(while: \.isNumber)
            usleep(UInt32(Int(digits) ?? 0) * 1000)
        }
        if program.contains("hold") { held.wait() }
        let passed = program.contains(expect)
        return Verdict(reward: passed ? 1 : 0, status: passed ? .passed : .failed, reason: passed ? "all tests passed" : "a test failed")
    }
}
