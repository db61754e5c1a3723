import Foundation
import Testing

/// Runs `integrations/tests` (Python stdlib `unittest`) against the built `score-verify serve`,
/// so `swift test` checks the verl and TRL integrations end to end.
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
    func pythonIntegrations() throws {
        let binary = Self.serverBinary
        try #require(
            FileManager.default.isExecutableFile(atPath: binary),
            "score-verify was not built at \(binary); run `swift build` first")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Self.python)
        process.arguments = ["-m", "unittest", "discover", "-s", "integrations/tests", "-v"]
        process.currentDirectoryURL = Self.packageRoot
        var environment = ProcessInfo.processInfo.environment
        environment["SCORE_VERIFY_BIN"] = binary
        environment["PYTHONDONTWRITEBYTECODE"] = "1"
        environment.removeValue(forKey: "SCORE_VERIFY_URL")
        process.environment = environment
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let timer = DispatchWorkItem { if process.isRunning { process.terminate() } }
        DispatchQueue.global().asyncAfter(deadline: .now() + 150, execute: timer)
        let log = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        timer.cancel()
        #expect(process.terminationStatus == 0, "python integration tests failed:\n\(log)")
        #expect(log.contains("OK"), "\(log)")
    }
}
