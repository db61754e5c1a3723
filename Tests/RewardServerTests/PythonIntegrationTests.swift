import Foundation
import SandboxTestSupport
import Testing

/// Runs `integrations/tests` (Python stdlib `unittest`) against the built `score-verify serve`,
/// so `swift test` checks the verl and TRL integrations end to end. Their code checks skip (loudly)
/// only where `SandboxTestGate` says the sandbox cannot run (a chroot refusing namespaces).
@Suite("Python integrations (verl, TRL) against the real server")
struct PythonIntegrationTests {
    static let python = "/usr/bin/python3"
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// `score-verify`, built beside this test binary.
    static var serverBinary: String {
        let exe = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        return URL(fileURLWithPath: exe).deletingLastPathComponent().appendingPathComponent("score-verify").path
    }

    @Test(
        "verl compute_score and TRL reward function get the right rewards",
        .enabled(if: FileManager.default.isExecutableFile(atPath: python), "skipped: /usr/bin/python3 is missing"),
        .timeLimit(.minutes(3))
    )
    func pythonIntegrations() async throws {
        let binary = Self.serverBinary
        try #require(
            FileManager.default.isExecutableFile(atPath: binary),
            "score-verify was not built at \(binary); run `swift build` first")
        let logURL = FileManager.default.temporaryDirectory.appendingPathComponent("sv-integrations-\(UUID().uuidString).log")
        FileManager.default.createFile(atPath: logURL.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: logURL) }
        let logFile = try FileHandle(forWritingTo: logURL)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Self.python)
        process.arguments = ["-m", "unittest", "discover", "-s", "integrations/tests", "-v"]
        process.currentDirectoryURL = Self.packageRoot
        var environment = ProcessInfo.processInfo.environment
        environment["SCORE_VERIFY_BIN"] = binary
        environment["PYTHONDONTWRITEBYTECODE"] = "1"
        environment.removeValue(forKey: "SCORE_VERIFY_URL")
        environment.removeValue(forKey: "SCORE_VERIFY_TESTS_SKIP_SANDBOX")
        environment.merge(SandboxTestGate.pythonEnvironment) { $1 }
        process.environment = environment
        process.standardOutput = logFile
        process.standardError = logFile
        process.standardInput = FileHandle.nullDevice
        // Bound: python's own timeouts are per request; the whole run gets 150 s.
        let timer = DispatchWorkItem { if process.isRunning { process.terminate() } }
        DispatchQueue.global().asyncAfter(deadline: .now() + 150, execute: timer)
        // Wait without blocking a cooperative thread (other suites run beside this one).
        let status: Int32 = try await withCheckedThrowingContinuation { continuation in
            process.terminationHandler = { continuation.resume(returning: $0.terminationStatus) }
            do { try process.run() } catch { continuation.resume(throwing: error) }
        }
        timer.cancel()
        try logFile.close()
        let log = (try? String(contentsOf: logURL, encoding: .utf8)) ?? ""
        #expect(status == 0, "python integration tests failed:\n\(log)")
        #expect(log.contains("\nOK"), "\(log)")
        if !SandboxTestGate.sandboxAvailable {
            let skipped = log.split(separator: "\n").filter { $0.contains("SKIPPED, no sandbox") }
            FileHandle.standardError.write(Data(("python integrations, skipped for want of a sandbox:\n" + skipped.joined(separator: "\n") + "\n").utf8))
            #expect(!skipped.isEmpty, "the gate says skip, but no python code check skipped")
        }
    }
}
