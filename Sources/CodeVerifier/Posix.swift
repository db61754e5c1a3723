import CSandboxSys
import Foundation

#if canImport(Glibc)
    @preconcurrency import Glibc
#endif

/// Why the sandbox could not run a program (not a verdict about the program).
public struct SandboxError: Error, Sendable, CustomStringConvertible {
    public let description: String
    /// The sandbox layer the kernel refused when the jail would not start (e.g. "namespaces"),
    /// as the jail reported it; nil for any other failure.
    public let refusedLayer: String?
    /// True when the job never reached the sandbox (it had died before the job was sent), so
    /// running the job on a fresh sandbox is safe.
    public let beforeJob: Bool
    public init(_ message: String, refusedLayer: String? = nil, beforeJob: Bool = false) {
        description = message
        self.refusedLayer = refusedLayer
        self.beforeJob = beforeJob
    }

    static func errno(_ what: String) -> SandboxError {
        let code = Glibc.errno
        return SandboxError("\(what): \(String(cString: strerror(code)))")
    }
}

/// The one thin wrapper over the POSIX calls the verifier makes to drive the jail: pipes,
/// posix_spawn, polled reads and writes with deadlines, and reaping. The verifier process is
/// multithreaded, so it never forks: it only spawns the jail.
enum Posix {
    /// A pipe whose both ends are close-on-exec (so concurrently spawned jails never inherit it).
    static func pipe() throws(SandboxError) -> (read: Int32, write: Int32) {
        var fds: [Int32] = [0, 0]
        guard sv_pipe2(&fds, O_CLOEXEC) == 0 else { throw SandboxError.errno("pipe") }
        return (fds[0], fds[1])
    }

    /// Starts `path` with an empty environment; `fds[i]` becomes the child's descriptor i.
    static func spawn(_ path: String, arguments: [String], fds: [Int32]) throws(SandboxError) -> pid_t {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        for (target, source) in fds.enumerated() {
            posix_spawn_file_actions_adddup2(&actions, source, Int32(target))
        }
        var argv: [UnsafeMutablePointer<CChar>?] = ([path] + arguments).map { strdup($0) } + [nil]
        defer { for p in argv { free(p) } }
        var envp: [UnsafeMutablePointer<CChar>?] = [nil]
        var pid: pid_t = 0
        let rc = posix_spawn(&pid, path, &actions, nil, &argv, &envp)
        guard rc == 0 else { throw SandboxError("cannot start \(path): \(String(cString: strerror(rc)))") }
        return pid
    }

    /// Writes everything before `deadline` (seconds, monotonic) or throws.
    static func writeAll(_ fd: Int32, _ bytes: [UInt8], deadline: Double) throws(SandboxError) {
        var offset = 0
        while offset < bytes.count {
            guard try waitReady(fd, events: Int16(POLLOUT), deadline: deadline) else {
                throw SandboxError("the sandbox stopped reading its input")
            }
            let n = bytes[offset...].withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
            if n < 0 {
                if errno == EINTR || errno == EAGAIN { continue }
                throw SandboxError.errno("write to the sandbox")
            }
            offset += n
        }
    }

    /// Waits until `fd` is ready; false when the deadline passes first.
    static func waitReady(_ fd: Int32, events: Int16, deadline: Double) throws(SandboxError) -> Bool {
        while true {
            let remaining = deadline - now()
            if remaining <= 0 { return false }
            var entry = pollfd(fd: fd, events: events, revents: 0)
            let rc = poll(&entry, 1, Int32(min(remaining * 1000 + 1, 3_600_000)))
            if rc < 0 {
                if errno == EINTR { continue }
                throw SandboxError.errno("poll")
            }
            if rc > 0 { return true }
        }
    }

    /// Whether `fd` has data or end-of-file waiting right now (never blocks).
    static func isReadable(_ fd: Int32) -> Bool {
        var entry = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        return poll(&entry, 1, 0) > 0
    }

    /// Reads what is available (blocking until something is, or the deadline); empty on EOF.
    static func readSome(_ fd: Int32, deadline: Double) throws(SandboxError) -> [UInt8]? {
        guard try waitReady(fd, events: Int16(POLLIN), deadline: deadline) else { return nil }
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = Glibc.read(fd, &buffer, buffer.count)
            if n < 0 {
                if errno == EINTR || errno == EAGAIN { continue }
                throw SandboxError.errno("read from the sandbox")
            }
            return Array(buffer[0..<n])
        }
    }

    static func setNonBlocking(_ fd: Int32) {
        let flags = fcntl(fd, F_GETFL)
        _ = fcntl(fd, F_SETFL, flags | O_NONBLOCK)
    }

    static func close(_ fd: Int32) { _ = Glibc.close(fd) }

    /// Kills a process and reaps it.
    static func killAndReap(_ pid: pid_t) {
        _ = kill(pid, SIGKILL)
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
    }

    /// Reaps a process if it exits within `seconds`; false if it is still running.
    static func reap(_ pid: pid_t, within seconds: Double) -> Bool {
        let deadline = now() + seconds
        var status: Int32 = 0
        while true {
            let rc = waitpid(pid, &status, WNOHANG)
            if rc == pid || (rc < 0 && errno != EINTR) { return true }
            if now() >= deadline { return false }
            usleep(2000)
        }
    }

    /// A write to a pipe whose reader died must fail with EPIPE, not kill the verifier.
    static func ignoreBrokenPipes() { _ = signal(SIGPIPE, SIG_IGN) }

    /// Monotonic seconds.
    static func now() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
    }

    /// CPU seconds (user + system) of this process and of every child it has reaped (and theirs).
    static func cpuSeconds() -> Double {
        var total = 0.0
        for who in [RUSAGE_SELF.rawValue, RUSAGE_CHILDREN.rawValue] {
            var usage = rusage()
            getrusage(who, &usage)
            total += Double(usage.ru_utime.tv_sec) + Double(usage.ru_utime.tv_usec) / 1e6
            total += Double(usage.ru_stime.tv_sec) + Double(usage.ru_stime.tv_usec) / 1e6
        }
        return total
    }

    /// 16 random bytes as hex.
    static func nonce() -> String {
        var generator = SystemRandomNumberGenerator()
        return (0..<2).map { _ in String(generator.next() as UInt64, radix: 16) }.joined(separator: "-")
    }

    /// Whether `path` is an executable file.
    static func isExecutable(_ path: String) -> Bool { access(path, X_OK) == 0 }
}
