import Rewards
import Testing

@testable import MathVerifier

@Suite("Concurrency")
struct ConcurrencyTests {
    /// Many threads verify the same pairs at once and get exactly the sequential verdicts.
    @Test func manyThreadsAgreeWithOneThread() {
        let verifier = MathAnswerVerifier()
        let pairs = MathBenchmark.builtInMix + EquivalenceTests.equalPairs.map { MathBenchmark.Pair(gold: $0.0, response: $0.1) }
        let expected = pairs.map { verifier.verify($0.gold, response: $0.response) }
        let results = ResultBox(count: 8)
        runOnThreads(count: 8) { worker in
            var ok = true
            for round in 0..<20 {
                for k in pairs.indices {
                    let i = (k + worker * 7 + round) % pairs.count
                    if verifier.verify(pairs[i].gold, response: pairs[i].response) != expected[i] { ok = false }
                }
            }
            results.set(worker, ok)
        }
        #expect(results.all)
    }
}

/// Per-worker flags written from several threads (each worker writes only its own slot).
final class ResultBox: @unchecked Sendable {
    private var flags: [Bool]
    private let lock = NSLockish()
    init(count: Int) { flags = Array(repeating: false, count: count) }
    func set(_ i: Int, _ v: Bool) { lock.with { flags[i] = v } }
    var all: Bool { lock.with { flags.allSatisfy { $0 } } }
}

import Foundation

/// A tiny lock wrapper.
final class NSLockish: @unchecked Sendable {
    private let lock = NSLock()
    func with<T>(_ body: () -> T) -> T {
        lock.lock()
        defer { lock.unlock() }
        return body()
    }
}
