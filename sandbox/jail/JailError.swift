#if canImport(Glibc)
    @preconcurrency import Glibc
#endif

/// Why the jail refused to start: a layer the kernel would not give, or bad configuration.
struct JailError: Error, CustomStringConvertible {
    let description: String
    /// The sandbox layer the kernel refused (e.g. "namespaces"), when that is why; reported in
    /// the fatal line so callers can tell a refused layer from a configuration problem.
    var layer: String? = nil
    init(_ message: String, layer: String? = nil) {
        description = message
        self.layer = layer
    }

    /// An error for a failed call, with the current errno's text.
    static func errno(_ what: String) -> JailError {
        let code = Glibc.errno
        return JailError("\(what): \(String(cString: strerror(code))) (errno \(code))")
    }
}
