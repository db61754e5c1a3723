import CSandboxSys

#if canImport(Glibc)
    @preconcurrency import Glibc
#endif

/// The one thin wrapper over the Linux calls the jail makes: every failure becomes a `JailError`.
enum Linux {
    static func check(_ rc: Int32, _ what: @autoclosure () -> String) throws(JailError) {
        if rc != 0 { throw JailError.errno(what()) }
    }

    static func unshare(_ flags: Int32) throws(JailError) {
        if sv_unshare(flags) != 0 {
            var error = JailError.errno("unshare(0x\(String(flags, radix: 16)))")
            error.layer = "namespaces"
            throw error
        }
    }

    static func mount(
        _ source: String?, _ target: String, _ type: String?, _ flags: UInt, _ data: String? = nil
    ) throws(JailError) {
        let rc = Glibc.mount(source, target, type, flags, data)
        try check(rc, "mount \(source ?? "-") on \(target) (\(type ?? "bind/remount"))")
    }

    static func pivotRoot(_ newRoot: String, _ putOld: String) throws(JailError) {
        try check(sv_pivot_root(newRoot, putOld), "pivot_root")
    }

    static func unmountDetached(_ target: String) throws(JailError) {
        try check(umount2(target, Int32(MNT_DETACH)), "umount \(target)")
    }

    static func prctl(_ option: Int32, _ argument: UInt) throws(JailError) {
        try check(sv_prctl(option, argument), "prctl(\(option))")
    }

    static func setLimit(_ resource: Int32, soft: UInt64, hard: UInt64) throws(JailError) {
        var limit = rlimit(rlim_cur: rlim_t(soft), rlim_max: rlim_t(hard))
        try check(setrlimit(__rlimit_resource_t(UInt32(resource)), &limit), "setrlimit(\(resource))")
    }

    static func mkdir(_ path: String, mode: mode_t = 0o755) throws(JailError) {
        if Glibc.mkdir(path, mode) != 0 && errno != EEXIST { throw JailError.errno("mkdir \(path)") }
    }

    /// Creates an empty file to serve as a mount point for a file bind.
    static func touch(_ path: String) throws(JailError) {
        let fd = open(path, O_WRONLY | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw JailError.errno("create \(path)") }
        close(fd)
    }

    /// Writes text into an existing file (a /proc or cgroup control file): no create, no truncate.
    static func writeFile(_ path: String, _ text: String) throws(JailError) {
        let fd = open(path, O_WRONLY | O_CLOEXEC)
        guard fd >= 0 else { throw JailError.errno("open \(path)") }
        defer { close(fd) }
        try writeAll(fd, Array(text.utf8), what: path)
    }

    static func writeFile(_ path: String, _ bytes: [UInt8], mode: mode_t = 0o644) throws(JailError) {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode)
        guard fd >= 0 else { throw JailError.errno("open \(path)") }
        defer { close(fd) }
        try writeAll(fd, bytes, what: path)
    }

    static func writeAll(_ fd: Int32, _ bytes: [UInt8], what: String) throws(JailError) {
        var offset = 0
        while offset < bytes.count {
            let n = bytes[offset...].withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else { throw JailError.errno("write \(what)") }
            offset += n
        }
    }

    static func readFile(_ path: String, limit: Int = 1 << 20) throws(JailError) -> [UInt8] {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw JailError.errno("open \(path)") }
        defer { close(fd) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65536)
        while bytes.count <= limit {
            let n = read(fd, &chunk, chunk.count)
            if n < 0 && errno == EINTR { continue }
            guard n >= 0 else { throw JailError.errno("read \(path)") }
            if n == 0 { return bytes }
            bytes.append(contentsOf: chunk[0..<n])
        }
        throw JailError("\(path) is larger than \(limit) bytes")
    }

    /// Reads one byte from a pipe (a go-ahead signal); false on end of file.
    static func awaitSignal(_ fd: Int32) -> Bool {
        var byte: UInt8 = 0
        while true {
            let n = read(fd, &byte, 1)
            if n < 0 && errno == EINTR { continue }
            return n == 1
        }
    }

    static func signal(_ fd: Int32) {
        var byte: UInt8 = 1
        _ = write(fd, &byte, 1)
    }

    static func realPath(_ path: String) throws(JailError) -> String {
        guard let resolved = realpath(path, nil) else { throw JailError.errno("realpath \(path)") }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    static func isDirectory(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR
    }

    static func exists(_ path: String) -> Bool { access(path, F_OK) == 0 }

    /// Mount flags (MS_*) of the filesystem holding `path`, as a remount must repeat them.
    static func mountFlags(of path: String) -> UInt {
        var info = statvfs()
        guard statvfs(path, &info) == 0 else { return 0 }
        var flags: UInt = 0
        let f = UInt(info.f_flag)  // ST_* bits: nosuid 2, nodev 4, noexec 8, noatime 1024, nodiratime 2048, relatime 4096
        if f & 2 != 0 { flags |= UInt(MS_NOSUID) }
        if f & 4 != 0 { flags |= UInt(MS_NODEV) }
        if f & 8 != 0 { flags |= UInt(MS_NOEXEC) }
        if f & 1024 != 0 { flags |= UInt(MS_NOATIME) }
        if f & 2048 != 0 { flags |= UInt(MS_NODIRATIME) }
        if f & 4096 != 0 { flags |= UInt(MS_RELATIME) }
        return flags
    }

    /// Waits for a child; returns a shell-style exit code (128 + signal when killed).
    static func waitExitCode(_ pid: pid_t) -> Int32 {
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 {
            if errno != EINTR { return 127 }
        }
        if sv_wifexited(status) != 0 { return sv_wexitstatus(status) }
        if sv_wifsignaled(status) != 0 { return 128 + sv_wtermsig(status) }
        return 1
    }

    static func closeFrom(_ first: Int32) {
        _ = sv_close_range(UInt32(first), UInt32.max)
    }
}

extension Linux {
    /// The first `count` bytes of a file (fewer if it is shorter).
    static func readPrefix(_ path: String, count: Int) throws(JailError) -> [UInt8] {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw JailError.errno("open \(path)") }
        defer { close(fd) }
        var bytes = [UInt8](repeating: 0, count: count)
        var filled = 0
        while filled < count {
            let n = bytes[filled...].withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else { break }
            filled += n
        }
        return Array(bytes[0..<filled])
    }
}
