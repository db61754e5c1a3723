#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Buffered line output straight to a file descriptor (no stdio), so that writers on several
/// threads can share it under the caller's lock without any global state.
public final class LineWriter: @unchecked Sendable {
    /// Standard output (fd 1).
    public static let standardOutput = LineWriter(fileDescriptor: 1)

    private let fd: Int32
    private var buffer: [UInt8] = []
    private let flushThreshold = 1 << 16

    public init(fileDescriptor: Int32) {
        self.fd = fileDescriptor
        buffer.reserveCapacity(flushThreshold * 2)
    }

    /// Appends `text` and a newline; writes out when the buffer is large.
    public func writeLine(_ text: String) {
        buffer.append(contentsOf: text.utf8)
        buffer.append(0x0A)
        if buffer.count >= flushThreshold { flush() }
    }

    /// Appends UTF-8 `bytes` and a newline; writes out when the buffer is large.
    public func writeLine(bytes: [UInt8]) {
        buffer.append(contentsOf: bytes)
        buffer.append(0x0A)
        if buffer.count >= flushThreshold { flush() }
    }

    /// Writes everything buffered, retrying on partial writes and EINTR. Output to a closed pipe is
    /// dropped (the reader has gone away; there is nobody left to tell).
    public func flush() {
        var offset = 0
        buffer.withUnsafeBytes { raw in
            guard let base = raw.baseAddress else { return }
            while offset < raw.count {
                let n = write(fd, base + offset, raw.count - offset)
                if n > 0 {
                    offset += n
                } else if n < 0 && errno == EINTR {
                    continue
                } else {
                    return
                }
            }
        }
        buffer.removeAll(keepingCapacity: true)
    }
}
