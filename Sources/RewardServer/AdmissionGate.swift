import Foundation

/// Counts the work items admitted to a pool and refuses new ones beyond a fixed capacity, so a
/// burst of requests is answered with "retry later" instead of a growing pile of queued work.
public final class AdmissionGate: @unchecked Sendable {
    private let lock = NSLock()
    private var admitted = 0
    /// The most items that may be admitted (running or waiting) at once.
    public let capacity: Int

    public init(capacity: Int) { self.capacity = max(1, capacity) }

    /// Items admitted and not yet released.
    public var inFlight: Int {
        lock.lock()
        defer { lock.unlock() }
        return admitted
    }

    /// Admits `count` items if they fit; returns false (admitting none) otherwise.
    public func tryAdmit(_ count: Int) -> Bool {
        guard count > 0 else { return true }
        lock.lock()
        defer { lock.unlock() }
        guard admitted + count <= capacity else { return false }
        admitted += count
        return true
    }

    /// Releases items admitted earlier.
    public func release(_ count: Int) {
        guard count > 0 else { return }
        lock.lock()
        admitted -= count
        lock.unlock()
    }
}
