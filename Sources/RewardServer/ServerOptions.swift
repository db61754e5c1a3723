import Foundation

/// Where the server listens and the limits that keep every request bounded.
public struct ServerOptions: Sendable {
    /// Address to bind (`127.0.0.1` for this machine only, `0.0.0.0` for every interface).
    public var host = "127.0.0.1"
    /// TCP port; 0 picks a free one (the log line `listening on ...` names it).
    public var port = 8000
    /// Largest request body accepted, in bytes; larger ones get 413.
    public var maxBodyBytes = 64 << 20
    /// Most items (queries, records, rollouts) in one request; more get 413.
    public var maxItemsPerRequest = 16_384
    /// Threads that run math verification (CPU-bound).
    public var verifyThreads = ProcessInfo.processInfo.activeProcessorCount
    /// Math items that may be admitted (running or waiting) at once; beyond it requests get 429.
    public var maxPendingMathItems = 262_144
    /// Sandboxed code runs at the same time (one thread each, blocked on the sandbox).
    public var maxConcurrentSandboxes = 2
    /// Code items that may wait for a sandbox; beyond it requests get 429 with `Retry-After`.
    public var sandboxQueueCapacity = 512
    /// The `Retry-After` value sent with 429 and 503 answers, in seconds.
    public var retryAfterSeconds = 2
    /// How long SIGTERM waits for in-flight requests before cancelling them, in seconds.
    public var shutdownGraceSeconds = 60

    public init() {}
}
