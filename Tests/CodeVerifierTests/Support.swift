import CodeVerifier
import Foundation
import Rewards

/// One verifier shared by all tests (its warm sandboxes are reused across tests).
enum Shared {
    static let verifier: PythonCodeVerifier = {
        var options = SandboxOptions()
        options.wallSeconds = 5
        options.cpuSeconds = 3
        options.workers = 2
        return PythonCodeVerifier(options: options)
    }()

    /// The package root (tests read fixtures from it).
    static let root: URL = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    static func fixture(_ path: String) -> URL { root.appendingPathComponent("fixtures/code/" + path) }
}

func humanEval(_ program: String, test: String, entry: String) -> JSONObject {
    ["program": .string(program), "test": .string(test), "entry_point": .string(entry)]
}

/// A verifier with one warm sandbox (consecutive jobs share it) and short limits.
func oneSandboxVerifier(memoryMB: Int? = nil) -> PythonCodeVerifier {
    var options = SandboxOptions()
    options.wallSeconds = 3
    options.cpuSeconds = 2
    if let memoryMB { options.memoryMB = memoryMB }
    options.workers = 1
    return PythonCodeVerifier(options: options)
}
