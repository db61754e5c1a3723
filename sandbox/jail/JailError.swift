#if canImport(Glibc)
    @preconcurrency import Glibc
#endif

/// Why the jail refused to start: a layer the kernel would not give, or bad configuration.
struct JailError: Error, CustomStringConvertible {
    let description: String
    init(_ message: String) { description = message }

    /// An error for a failed call, with the current errno's text.
    static func errno(_ what: String) -> JailError {
        let code = Glibc.errno
        return JailError("\(what): \(String(cString: strerror(code))) (errno \(code))")
    }
}
