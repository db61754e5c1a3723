#if canImport(Glibc)
    @preconcurrency import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Reads a whole text file with a size bound and a time bound: regular files, and also pipes and
/// FIFOs (`<(...)` process substitution, `/dev/fd/N`, `mkfifo`), which have no size up front.
///
/// Invalid UTF-8 is repaired with U+FFFD. Errors name the path and say what went wrong.
public enum TextFile {
    /// The default size bound (16 MiB).
    public static let defaultLimit = 16 << 20

    /// The contents of `path`; throws if it cannot be opened or read, is larger than `limit`
    /// bytes, or (a pipe or FIFO) sends no end of file within `timeout` seconds.
    public static func read(
        _ path: String, limit: Int = defaultLimit, timeout: Double = 60
    ) throws(InvalidRecord) -> String {
        // Non-blocking open: opening a FIFO that has no writer yet must not hang.
        let fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        guard fd >= 0 else { throw InvalidRecord("cannot open '\(path)': \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw InvalidRecord("cannot read '\(path)': \(String(cString: strerror(errno)))") }
        if (info.st_mode & S_IFMT) == S_IFDIR { throw InvalidRecord("cannot read '\(path)': it is a directory") }
        if (info.st_mode & S_IFMT) == S_IFREG && Int(info.st_size) > limit {
            throw InvalidRecord("'\(path)' is \(info.st_size) bytes, over the limit of \(limit)")
        }
        let deadline = monotonicNow() + timeout
        let isRegular = (info.st_mode & S_IFMT) == S_IFREG
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            // A pipe or FIFO: wait for data or its writer's end of file first (a FIFO whose
            // writer has not arrived yet reads as end of file, but does not poll ready).
            if !isRegular {
                let remaining = deadline - monotonicNow()
                guard remaining > 0 else {
                    throw InvalidRecord("'\(path)' sent no end of file within \(Int(timeout)) s (a pipe or FIFO nobody finished writing)")
                }
                var entry = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
                if poll(&entry, 1, Int32(min(remaining * 1000 + 1, 1000))) == 0 { continue }
            }
            let n = readSome(fd, &chunk)
            if n > 0 {
                guard bytes.count + n <= limit else {
                    throw InvalidRecord("'\(path)' is larger than the limit of \(limit) bytes")
                }
                bytes.append(contentsOf: chunk[0..<n])
                continue
            }
            if n == 0 { break }
            if errno == EINTR || errno == EAGAIN { continue }
            throw InvalidRecord("cannot read '\(path)': \(String(cString: strerror(errno)))")
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    private static func monotonicNow() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
    }
}

/// read(2) into `buffer` (a free function: inside `TextFile` the name `read` is its own).
private func readSome(_ fd: Int32, _ buffer: inout [UInt8]) -> Int {
    buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
}
