import Foundation

/// A fixed set of threads that run blocking verification work off the NIO event loops.
///
/// Verifiers are CPU-bound (math) or block on a sandboxed subprocess (code); running them on an
/// event loop would stall every connection, so handlers hand them to a pool and await the result.
/// The queue itself is unbounded: callers bound what they submit with an `AdmissionGate`.
public final class WorkerPool: @unchecked Sendable {
    /// A job dropped because the pool shut down before a thread picked it up.
    public struct ShutDown: Error, Sendable {}

    private let condition = NSCondition()
    private var queue: [@Sendable (Bool) -> Void] = []
    private var head = 0
    private var running = 0
    private var stopping = false
    private var liveThreads = 0
    /// The number of threads.
    public let threadCount: Int

    /// Starts `threads` worker threads named `name`.
    public init(threads: Int, name: String) {
        threadCount = max(1, threads)
        liveThreads = threadCount
        for i in 0..<threadCount {
            let thread = Thread { [self] in workLoop() }
            thread.name = "\(name)-\(i)"
            thread.stackSize = 8 << 20
            thread.start()
        }
    }

    /// Jobs queued and not yet started.
    public var queuedJobs: Int {
        condition.lock()
        defer { condition.unlock() }
        return queue.count - head
    }

    /// Jobs running right now.
    public var runningJobs: Int {
        condition.lock()
        defer { condition.unlock() }
        return running
    }

    /// Runs `body` on a pool thread and returns its result. Throws `ShutDown` if the pool stopped
    /// before the job started.
    public func run<T: Sendable>(_ body: @escaping @Sendable () -> T) async throws -> T {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<T, any Error>) in
            enqueue { cancelled in
                if cancelled {
                    continuation.resume(throwing: ShutDown())
                } else {
                    continuation.resume(returning: body())
                }
            }
        }
    }

    /// Computes `body(i)` for every i in 0..<count on up to `parallelism` pool threads and returns
    /// the results in index order. Indices are claimed in chunks (`chunk` items, or a size that
    /// gives each thread a few chunks), so one slow item does not hold back the others.
    public func map<T: Sendable>(
        count: Int, parallelism: Int? = nil, chunk: Int? = nil, _ body: @escaping @Sendable (Int) -> T
    ) async throws -> [T] {
        guard count > 0 else { return [] }
        let lanes = min(max(1, parallelism ?? threadCount), threadCount, count)
        let chunk = max(1, chunk ?? min(64, count / (lanes * 4)))
        let batch = IndexedResults<T>(count: count)
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<lanes {
                group.addTask {
                    try await self.run {
                        while let range = batch.claim(chunk: chunk) {
                            for i in range { batch.store(body(i), at: i) }
                        }
                    }
                }
            }
            try await group.waitForAll()
        }
        return batch.results()
    }

    /// Stops the pool: queued jobs that have not started fail with `ShutDown`; this waits until
    /// running jobs have finished (they are bounded by the verifiers' own limits) and the threads
    /// have exited.
    public func shutdown() {
        condition.lock()
        stopping = true
        let dropped = Array(queue[head...])
        queue.removeAll()
        head = 0
        condition.broadcast()
        condition.unlock()
        for job in dropped { job(true) }
        condition.lock()
        while liveThreads > 0 { condition.wait() }
        condition.unlock()
    }

    private func enqueue(_ job: @escaping @Sendable (Bool) -> Void) {
        condition.lock()
        if stopping {
            condition.unlock()
            job(true)
            return
        }
        queue.append(job)
        condition.signal()
        condition.unlock()
    }

    private func workLoop() {
        while true {
            condition.lock()
            while head == queue.count && !stopping { condition.wait() }
            if head == queue.count {
                liveThreads -= 1
                condition.broadcast()
                condition.unlock()
                return
            }
            let job = queue[head]
            head += 1
            if head > 1024 && head * 2 > queue.count {
                queue.removeFirst(head)
                head = 0
            }
            running += 1
            condition.unlock()
            job(false)
            condition.lock()
            running -= 1
            condition.unlock()
        }
    }
}

/// Results of a parallel map, written by index from several threads.
private final class IndexedResults<T: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var next = 0
    private let count: Int
    private var storage: [T?]

    init(count: Int) {
        self.count = count
        storage = Array(repeating: nil, count: count)
    }

    func claim(chunk: Int) -> Range<Int>? {
        lock.lock()
        defer { lock.unlock() }
        guard next < count else { return nil }
        let end = min(count, next + chunk)
        defer { next = end }
        return next..<end
    }

    func store(_ value: T, at index: Int) {
        lock.lock()
        storage[index] = value
        lock.unlock()
    }

    func results() -> [T] {
        lock.lock()
        defer { lock.unlock() }
        return storage.compactMap { $0 }
    }
}
