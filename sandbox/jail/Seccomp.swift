import CSeccomp

#if canImport(Glibc)
    @preconcurrency import Glibc
#endif

/// The one thin wrapper over libseccomp: a filter under construction, whose C failures become
/// `JailError`s here and nowhere else.
final class SeccompFilter {
    private let context: scmp_filter_ctx

    /// Kills the whole process (SIGSYS) on any system call that no rule allows.
    static let killProcess: UInt32 = 0x8000_0000
    /// Lets the call through.
    static let allow: UInt32 = 0x7fff_0000
    /// Fails the call with `errno` instead of running it (libseccomp's `SCMP_ACT_ERRNO` macro).
    static func fail(errno code: Int32) -> UInt32 { 0x0005_0000 | (UInt32(code) & 0xffff) }

    init(defaultAction: UInt32 = SeccompFilter.killProcess) throws(JailError) {
        guard let ctx = seccomp_init(defaultAction) else { throw JailError("seccomp_init failed") }
        context = ctx
    }

    deinit { seccomp_release(context) }

    /// The kernel's number for a syscall name on this architecture, or nil if it has none.
    static func number(of name: String) -> Int32? {
        let n = seccomp_syscall_resolve_name(name)
        return n == __NR_SCMP_ERROR ? nil : n
    }

    /// Adds one rule: `action` for `syscall` when every condition holds.
    func add(_ rule: PolicyRule) throws(JailError) {
        guard let number = SeccompFilter.number(of: rule.syscall) else {
            throw JailError("policy line \(rule.line): unknown system call '\(rule.syscall)'")
        }
        var conditions = rule.conditions.map { c in
            scmp_arg_cmp(arg: c.argument, op: SCMP_CMP_MASKED_EQ, datum_a: c.mask, datum_b: c.value)
        }
        let action = rule.errno.map { SeccompFilter.fail(errno: $0) } ?? SeccompFilter.allow
        let rc = conditions.withUnsafeMutableBufferPointer { buffer in
            seccomp_rule_add_array(context, action, number, UInt32(buffer.count), buffer.baseAddress)
        }
        guard rc == 0 else {
            throw JailError("policy line \(rule.line): seccomp_rule_add(\(rule.syscall)) failed: \(String(cString: strerror(-rc)))")
        }
    }

    /// Installs the filter on the calling thread (libseccomp also sets no-new-privs).
    func load() throws(JailError) {
        let rc = seccomp_load(context)
        guard rc == 0 else { throw JailError("seccomp_load failed: \(String(cString: strerror(-rc)))") }
    }

    /// The filter as a raw BPF program (an array of `struct sock_filter`), for a process that
    /// installs it later with prctl(PR_SET_SECCOMP).
    func exportBPF() throws(JailError) -> [UInt8] {
        var fds: [Int32] = [0, 0]
        guard pipe(&fds) == 0 else { throw JailError.errno("pipe") }
        defer { close(fds[0]) }
        let rc = seccomp_export_bpf(context, fds[1])
        close(fds[1])
        guard rc == 0 else { throw JailError("seccomp_export_bpf failed: \(String(cString: strerror(-rc)))") }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        while true {
            let n = read(fds[0], &chunk, chunk.count)
            if n < 0 && errno == EINTR { continue }
            guard n >= 0 else { throw JailError.errno("read of exported filter") }
            if n == 0 { break }
            bytes.append(contentsOf: chunk[0..<n])
        }
        return bytes
    }
}
