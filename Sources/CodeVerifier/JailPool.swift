import Foundation
import Rewards

/// Up to `capacity` warm jails shared by any number of threads; each job borrows one.
final class JailPool: @unchecked Sendable {
    private let options: SandboxOptions
    private let condition = NSCondition()
    private var idle: [JailProcess] = []
    private var running = 0
    private var lastLayers: JSONObject = [:]

    init(options: SandboxOptions) {
        self.options = options
        Posix.ignoreBrokenPipes()
    }

    deinit {
        for jail in idle { jail.terminate() }
    }

    /// The layers the most recently started jail reported.
    var layers: JSONObject {
        condition.lock()
        defer { condition.unlock() }
        return lastLayers
    }

    /// Runs `body` with a jail of its own; a jail that broke is replaced next time.
    func withJail<T>(_ body: (JailProcess) throws(SandboxError) -> T) throws(SandboxError) -> T {
        let jail = try checkOut()
        defer { checkIn(jail) }
        return try body(jail)
    }

    private func checkOut() throws(SandboxError) -> JailProcess {
        condition.lock()
        while idle.isEmpty && running >= max(1, options.workers) { condition.wait() }
        if let jail = idle.popLast() {
            condition.unlock()
            return jail
        }
        running += 1
        condition.unlock()
        do throws(SandboxError) {
            let jail = try JailProcess(options: options)
            condition.lock()
            lastLayers = jail.layers
            condition.unlock()
            return jail
        } catch {
            condition.lock()
            running -= 1
            condition.signal()
            condition.unlock()
            throw error
        }
    }

    private func checkIn(_ jail: JailProcess) {
        if options.jobsPerSandbox > 0 && jail.jobsRun >= options.jobsPerSandbox { jail.terminate() }
        condition.lock()
        if jail.isUsable {
            idle.append(jail)
        } else {
            running -= 1
        }
        condition.signal()
        condition.unlock()
    }

    /// Stops every idle jail (busy ones stop when returned and the pool is gone).
    func shutdown() {
        condition.lock()
        let jails = idle
        idle = []
        running -= jails.count
        condition.unlock()
        for jail in jails { jail.terminate() }
    }
}
