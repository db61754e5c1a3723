import Foundation
import Rewards
import Testing

#if canImport(Glibc)
    @preconcurrency import Glibc
#endif

@Suite("TextFile: whole files, pipes and FIFOs, with bounds")
struct TextFileTests {
    static func temporaryPath(_ name: String) -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("sv-textfile-\(UUID().uuidString)-\(name)").path
    }

    @Test func readsARegularFile() throws {
        let path = Self.temporaryPath("plain")
        try "def f():\n    return 1\n".write(toFile: path, atomically: false, encoding: .utf8)
        defer { unlink(path) }
        #expect(try TextFile.read(path) == "def f():\n    return 1\n")
        #expect(throws: InvalidRecord.self) { try TextFile.read(path, limit: 5) }
    }

    @Test func readsAFIFOWhoseWriterComesLater() throws {
        let path = Self.temporaryPath("fifo")
        #expect(mkfifo(path, 0o600) == 0)
        defer { unlink(path) }
        let writer = Thread {
            usleep(100_000)  // the reader opens first, before any writer exists
            let fd = open(path, O_WRONLY)
            let text = Array(String(repeating: "x", count: 100_000).utf8)
            _ = text.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
            close(fd)
        }
        writer.start()
        let text = try TextFile.read(path, timeout: 20)
        #expect(text.count == 100_000)
    }

    @Test func readsAPipeThroughDevFd() throws {
        var fds: [Int32] = [0, 0]
        #expect(pipe(&fds) == 0)
        defer { close(fds[0]) }
        let payload = Array("print(42)\n".utf8)
        _ = payload.withUnsafeBytes { write(fds[1], $0.baseAddress, $0.count) }
        close(fds[1])
        #expect(try TextFile.read("/dev/fd/\(fds[0])") == "print(42)\n")
    }

    @Test func boundsAPipeBySizeAndTime() throws {
        var fds: [Int32] = [0, 0]
        #expect(pipe(&fds) == 0)
        defer { close(fds[0]); close(fds[1]) }
        let payload = [UInt8](repeating: 65, count: 4096)
        _ = payload.withUnsafeBytes { write(fds[1], $0.baseAddress, $0.count) }
        let tooLarge = #expect(throws: InvalidRecord.self) { try TextFile.read("/dev/fd/\(fds[0])", limit: 1000, timeout: 5) }
        #expect(tooLarge?.message.contains("larger than the limit") == true)
        // The writer never closes: a clear error after the time bound, not a hang.
        let stalled = #expect(throws: InvalidRecord.self) { try TextFile.read("/dev/fd/\(fds[0])", timeout: 0.3) }
        #expect(stalled?.message.contains("no end of file") == true)
    }

    @Test func missingFileAndDirectoryAreClearErrors() {
        let missing = #expect(throws: InvalidRecord.self) { try TextFile.read("/nonexistent/solution.py") }
        #expect(missing?.message.contains("cannot open '/nonexistent/solution.py'") == true)
        let folder = #expect(throws: InvalidRecord.self) { try TextFile.read("/tmp") }
        #expect(folder?.message.contains("directory") == true)
    }
}
