#if canImport(Glibc)
    @preconcurrency import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Reads a text stream line by line through C stdio (`getline`), without loading it whole.
///
/// Lines are returned without their terminator (`\n` or `\r\n`). Invalid UTF-8 is repaired with
/// U+FFFD rather than dropped, so every input line still yields exactly one line.
/// Not thread-safe by itself: callers that share one reader (the batch runner) serialize `next()`.
public final class LineReader: @unchecked Sendable {
    private let file: UnsafeMutablePointer<FILE>
    private let ownsFile: Bool
    private var buffer: UnsafeMutablePointer<CChar>? = nil
    private var capacity: Int = 0

    /// Opens `path`, or standard input when `path` is `-`.
    public init(path: String) throws(InvalidRecord) {
        if path == "-" {
            file = stdin
            ownsFile = false
        } else {
            guard let f = fopen(path, "r") else {
                throw InvalidRecord("cannot open '\(path)': \(String(cString: strerror(errno)))")
            }
            file = f
            ownsFile = true
        }
    }

    deinit {
        free(buffer)
        if ownsFile { fclose(file) }
    }

    /// The next line, or nil at end of input.
    public func next() -> String? {
        let n = getline(&buffer, &capacity, file)
        guard n >= 0, let buffer else { return nil }
        var length = n
        if length > 0, buffer[length - 1] == 0x0A { length -= 1 }
        if length > 0, buffer[length - 1] == 0x0D { length -= 1 }
        return buffer.withMemoryRebound(to: UInt8.self, capacity: length) {
            String(decoding: UnsafeBufferPointer(start: $0, count: length), as: UTF8.self)
        }
    }
}
