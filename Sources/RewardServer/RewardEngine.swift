import Foundation
import Rewards

/// Runs verification for the HTTP handlers: math on a pool of CPU threads, code on a pool of
/// sandbox threads behind a bounded queue. Knows nothing about HTTP except the errors it throws
/// for load (`APIError.busy`, `APIError.shuttingDown`).
public final class RewardEngine: Sendable {
    public let options: ServerOptions
    public let verifiers: ServedVerifiers
    public let metrics: ServerMetrics
    let mathPool: WorkerPool
    let codePool: WorkerPool
    let mathGate: AdmissionGate
    let codeGate: AdmissionGate
    private let state = DrainState()

    public init(options: ServerOptions, verifiers: ServedVerifiers) {
        self.options = options
        self.verifiers = verifiers
        let mathPool = WorkerPool(threads: options.verifyThreads, name: "math-verify")
        let codePool = WorkerPool(threads: options.maxConcurrentSandboxes, name: "code-sandbox")
        let mathGate = AdmissionGate(capacity: options.maxPendingMathItems)
        let codeGate = AdmissionGate(capacity: options.maxConcurrentSandboxes + options.sandboxQueueCapacity)
        self.mathPool = mathPool
        self.codePool = codePool
        self.mathGate = mathGate
        self.codeGate = codeGate
        metrics = ServerMetrics(gauges: {
            let running = codePool.runningJobs
            return [
                ("score_verify_sandbox_queue_depth", "Code items admitted and waiting for a sandbox.",
                 max(0, codeGate.inFlight - running)),
                ("score_verify_sandbox_running", "Sandboxed code runs in progress.", running),
                ("score_verify_math_items_in_flight", "Math items admitted and not yet verified.", mathGate.inFlight),
            ]
        })
    }

    /// True once shutdown has begun: new code runs are refused with 503.
    public var isDraining: Bool { state.isDraining }

    /// Admits `count` items through `gate`, or counts the rejection under `reason` and throws `busy`
    /// with `message` and the configured retry delay.
    private func admit(_ count: Int, through gate: AdmissionGate, rejection reason: String, _ message: @autoclosure () -> String) throws {
        guard gate.tryAdmit(count) else {
            metrics.recordRejected(reason: reason)
            throw APIError.busy(message(), retryAfter: options.retryAfterSeconds)
        }
    }

    /// Verifies math records in parallel; results are in input order. With `echo` false the
    /// outcomes carry no output object (reward, status and reason only).
    public func verifyMath(_ records: [JSONObject], echo: Bool = true) async throws -> [ItemOutcome] {
        guard !records.isEmpty else { return [] }
        try admit(
            records.count, through: mathGate, rejection: "math_queue_full",
            "math verification queue is full (\(mathGate.capacity) items); retry later")
        defer { mathGate.release(records.count) }
        let verifier = verifiers.math
        let outcomes = try await mapOrUnavailable(mathPool, count: records.count) {
            echo ? ItemOutcome.verify(records[$0], with: verifier) : ItemOutcome.verdictOnly(records[$0], with: verifier)
        }
        metrics.recordVerdicts(kind: "math", statuses: outcomes.map(\.status))
        return outcomes
    }

    /// Runs code records in sandboxes (at most `maxConcurrentSandboxes` at once); results are in
    /// input order. Throws `busy` when the sandbox queue cannot take them all.
    public func runCode(_ records: [JSONObject], echo: Bool = true) async throws -> [ItemOutcome] {
        guard !records.isEmpty else { return [] }
        guard let verifier = verifiers.code else {
            let message = "this server does not run code (no code verifier configured)"
            let outcomes = records.map { _ in ItemOutcome.invalid(message) }
            metrics.recordVerdicts(kind: "code", statuses: outcomes.map(\.status))
            return outcomes
        }
        guard !state.isDraining else {
            metrics.recordRejected(reason: "shutting_down")
            throw APIError.shuttingDown(retryAfter: options.retryAfterSeconds)
        }
        guard records.count <= codeGate.capacity else {
            throw APIError.tooLarge(
                "request has \(records.count) code items; this server queues at most \(codeGate.capacity) "
                    + "(--max-sandboxes + --sandbox-queue); split the batch")
        }
        try admit(
            records.count, through: codeGate, rejection: "sandbox_queue_full",
            "sandbox queue is full (\(codeGate.inFlight) of \(codeGate.capacity) code items admitted); retry later")
        defer { codeGate.release(records.count) }
        // One job per item: a slow program holds one sandbox, not a whole chunk of the batch.
        let outcomes = try await mapOrUnavailable(codePool, count: records.count, chunked: false) {
            echo ? ItemOutcome.verify(records[$0], with: verifier) : ItemOutcome.verdictOnly(records[$0], with: verifier)
        }
        metrics.recordVerdicts(kind: "code", statuses: outcomes.map(\.status))
        return outcomes
    }

    /// Marks the engine as draining (new code runs get 503); in-flight work goes on.
    public func beginDraining() { state.beginDraining() }

    /// Stops both pools: waits for running verifications (and their sandboxes) to finish; work
    /// not yet started is dropped. Call once the HTTP server has stopped.
    public func shutdown() {
        state.beginDraining()
        codePool.shutdown()
        mathPool.shutdown()
    }

    private func mapOrUnavailable(
        _ pool: WorkerPool, count: Int, chunked: Bool = true, _ body: @escaping @Sendable (Int) -> ItemOutcome
    ) async throws -> [ItemOutcome] {
        do {
            return try await pool.map(count: count, chunk: chunked ? nil : 1, body)
        } catch is WorkerPool.ShutDown {
            metrics.recordRejected(reason: "shutting_down")
            throw APIError.shuttingDown(retryAfter: options.retryAfterSeconds)
        }
    }
}

/// Whether shutdown has begun.
private final class DrainState: @unchecked Sendable {
    private let lock = NSLock()
    private var draining = false

    var isDraining: Bool {
        lock.lock()
        defer { lock.unlock() }
        return draining
    }

    func beginDraining() {
        lock.lock()
        draining = true
        lock.unlock()
    }
}
