import Foundation
import RewardServer
import Rewards
import Testing

@Suite("Reward server internals: worker pool, admission gate, prompt stripping")
struct EngineTests {
    @Test("the pool maps in index order whatever order the work finishes in")
    func poolOrder() async throws {
        let pool = WorkerPool(threads: 3, name: "test")
        defer { pool.shutdown() }
        let out = try await pool.map(count: 500) { i -> Int in
            if i % 37 == 0 { usleep(2000) }
            return i * i
        }
        #expect(out == (0..<500).map { $0 * $0 })
        #expect(try await pool.map(count: 0) { $0 }.isEmpty)
    }

    @Test("shutdown waits for running jobs and fails the ones not started")
    func poolShutdown() async throws {
        let pool = WorkerPool(threads: 1, name: "test")
        let release = DispatchSemaphore(value: 0)
        let finished = ManagedFlag()
        let running = Task { try await pool.run { release.wait(); finished.set() } }
        try await waitUntil { pool.runningJobs == 1 }
        let queued = Task { try await pool.run { 1 } }
        try await waitUntil { pool.queuedJobs == 1 }
        let stopped = ManagedFlag()
        Thread { pool.shutdown(); stopped.set() }.start()
        // The queued job fails at once; the running one holds shutdown until it ends.
        await #expect(throws: WorkerPool.ShutDown.self) { try await queued.value }
        #expect(!stopped.isSet)
        release.signal()
        try await running.value
        try await waitUntil { stopped.isSet }
        #expect(finished.isSet)
        await #expect(throws: WorkerPool.ShutDown.self) { try await pool.run { 2 } }
    }

    @Test("the gate admits up to its capacity and no further")
    func gate() {
        let gate = AdmissionGate(capacity: 5)
        #expect(gate.tryAdmit(3))
        #expect(!gate.tryAdmit(3))
        #expect(gate.tryAdmit(2))
        #expect(gate.inFlight == 5)
        gate.release(4)
        #expect(gate.tryAdmit(4))
    }

    @Test("the response is the query after its prompt, compared byte for byte")
    func stripping() {
        #expect(RewardQuery.response(query: "Q: x\nA: 42", prompt: "Q: x\nA: ") == ("42", true))
        #expect(RewardQuery.response(query: "Q: x", prompt: "Q: y") == ("Q: x", false))
        #expect(RewardQuery.response(query: "abc", prompt: nil) == ("abc", false))
        #expect(RewardQuery.response(query: "abc", prompt: "") == ("abc", false))
        // "e" + combining acute: the prompt ends inside the grapheme; bytes still strip.
        #expect(RewardQuery.response(query: "e\u{301}!", prompt: "e") == ("\u{301}!", true))
    }

    @Test("labels decide math or code")
    func classification() {
        #expect(RewardQuery.make(response: "r", label: "12") == .math(["gold": "12", "response": "r"]))
        #expect(RewardQuery.make(response: "r", label: 3) == .math(["gold": 3, "response": "r"]))
        #expect(RewardQuery.make(response: "r", label: #"{"x": 1}"#) == .math(["gold": #"{"x": 1}"#, "response": "r"]))
        #expect(
            RewardQuery.make(response: "def f", label: #" {"test": "t", "entry_point": "f"}"#)
                == .code(["test": "t", "entry_point": "f", "program": "def f"]))
        #expect(
            RewardQuery.make(response: "  return 1", label: ["prompt": "def f():\n", "test": "t"])
                == .code(["prompt": "def f():\n", "test": "t", "completion": "  return 1"]))
        #expect(RewardQuery.make(response: "r", label: ["inputs": ["1"], "outputs": ["1"]]) != .invalid(""))
        if case .invalid = RewardQuery.make(response: "r", label: ["x": 1]) {} else { Issue.record("object without tests accepted") }
        if case .invalid = RewardQuery.make(response: "r", label: nil) {} else { Issue.record("missing label accepted") }
    }
}

/// Polls `condition` every few milliseconds for up to 120 seconds (generous: when the whole
/// suite runs in parallel on 2 cores, other tests can hold the cooperative threads for long).
func waitUntil(_ condition: @Sendable () -> Bool) async throws {
    let deadline = ContinuousClock.now + .seconds(120)
    while !condition() {
        guard ContinuousClock.now < deadline else {
            Issue.record("condition not met within 120 s")
            return
        }
        try await Task.sleep(for: .milliseconds(2))
    }
}

/// A flag set from another thread.
final class ManagedFlag: @unchecked Sendable {
    private let lock = NSLock()
    private var value = false
    func set() { lock.lock(); value = true; lock.unlock() }
    var isSet: Bool { lock.lock(); defer { lock.unlock() }; return value }
}
