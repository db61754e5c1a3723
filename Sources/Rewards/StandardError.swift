#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Unbuffered writes to standard error (fd 2), usable from any thread in Swift 6 mode without
/// touching the C `stderr` global.
public enum StandardError {
    /// Writes `text` as is.
    public static func write(_ text: String) {
        var text = text
        text.withUTF8 { bytes in
            guard let base = bytes.baseAddress else { return }
            var offset = 0
            while offset < bytes.count {
                let n = Glibc.write(2, base + offset, bytes.count - offset)
                if n > 0 { offset += n } else if n < 0 && errno == EINTR { continue } else { return }
            }
        }
    }

    /// Writes `text` and a newline.
    public static func line(_ text: String) { write(text + "\n") }

    /// True when standard error is a terminal (progress displays are shown only then).
    public static var isTerminal: Bool { isatty(2) == 1 }
}
