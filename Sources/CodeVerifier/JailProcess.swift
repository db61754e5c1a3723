import Rewards

#if canImport(Glibc)
    @preconcurrency import Glibc
#endif

/// One running score-jail: a warm, sandboxed Python that runs jobs one at a time.
///
/// Jobs go as JSON lines to the jail's stdin, test payloads to its fd 3 (read only by each job's
/// checker process), and one JSON line per job comes back on its stdout. Closing the pipes makes
/// the jail exit; `terminate()` also kills it.
final class JailProcess {
    let pid: pid_t
    private let control: Int32
    private let results: Int32
    private let tests: Int32
    private let programs: Int32
    private var pending: [UInt8] = []
    /// The layers the jail reports, from its ready line.
    private(set) var layers: JSONObject = [:]
    private(set) var isUsable = true
    /// Jobs this sandbox has answered.
    private(set) var jobsRun = 0

    init(options: SandboxOptions) throws(SandboxError) {
        let path = options.resolvedJailPath()
        guard Posix.isExecutable(path) else {
            throw SandboxError("score-jail not found at \(path) (build it, or set --jail / SCORE_JAIL)")
        }
        let controlPipe = try Posix.pipe()
        let resultsPipe = try Posix.pipe()
        let testsPipe = try Posix.pipe()
        let programsPipe = try Posix.pipe()
        defer {
            for fd in [controlPipe.read, resultsPipe.write, testsPipe.read, programsPipe.read] { Posix.close(fd) }
        }
        do throws(SandboxError) {
            pid = try Posix.spawn(
                path, arguments: options.jailArguments,
                fds: [controlPipe.read, resultsPipe.write, 2, testsPipe.read, programsPipe.read])
        } catch {
            for fd in [controlPipe.write, resultsPipe.read, testsPipe.write, programsPipe.write] { Posix.close(fd) }
            throw error
        }
        control = controlPipe.write
        results = resultsPipe.read
        tests = testsPipe.write
        programs = programsPipe.write
        Posix.setNonBlocking(control)
        Posix.setNonBlocking(tests)
        Posix.setNonBlocking(programs)
        var ready: JSONObject = [:]
        do throws(SandboxError) {
            guard let line = try readLine(deadline: Posix.now() + 20) else {
                throw SandboxError("score-jail did not start within 20 s")
            }
            guard let object = try? JSONValue.parseObject(line) else {
                throw SandboxError("score-jail said: \(line.prefix(300))")
            }
            if case .string(let fatal)? = object["fatal"] {
                throw SandboxError("sandbox refused to start: \(fatal)", refusedLayer: object["layer"]?.stringValue)
            }
            guard case .object(let reported)? = object["layers"] else {
                throw SandboxError("score-jail sent no ready line")
            }
            ready = reported
        } catch {
            terminate()
            throw error
        }
        layers = ready
    }

    deinit { terminate() }

    /// Runs one job; returns the jail's result object. Throws (and becomes unusable) when the
    /// jail breaks or does not answer before `timeout` seconds.
    ///
    /// The job line goes to the zygote; `source` (the program, read only by the process that runs
    /// it) and `payload` (the tests, read only by the checker) go on their own pipes.
    func run(job: JSONObject, source: JSONObject, tests payload: [UInt8]?, timeout: Double) throws(SandboxError) -> JSONObject {
        guard isUsable else { throw SandboxError("the sandbox has stopped", beforeJob: true) }
        // An idle jail says nothing: anything waiting (a `fatal` line, end-of-file) means it died
        // after its last answer, e.g. while cleaning up after a job.
        if !pending.isEmpty || Posix.isReadable(results) {
            terminate()
            throw SandboxError("the sandbox stopped between jobs", beforeJob: true)
        }
        let deadline = Posix.now() + timeout
        do throws(SandboxError) {
            try Posix.writeAll(control, Array((job.jsonText + "\n").utf8), deadline: deadline)
            let sourceBytes = Array(source.jsonText.utf8)
            var frame = withUnsafeBytes(of: UInt64(sourceBytes.count).bigEndian) { Array($0) }
            frame.append(contentsOf: sourceBytes)
            try Posix.writeAll(programs, frame, deadline: deadline)
            if let payload { try Posix.writeAll(tests, payload, deadline: deadline) }
            guard let line = try readLine(deadline: deadline) else {
                throw SandboxError("the sandbox did not answer within \(timeout) s")
            }
            guard let result = try? JSONValue.parseObject(line) else {
                throw SandboxError("unreadable answer from the sandbox: \(line.prefix(200))")
            }
            if case .string(let fatal)? = result["fatal"] {
                throw SandboxError("the sandbox died: \(fatal.prefix(300))")
            }
            jobsRun += 1
            if case .bool(true)? = result["poisoned"] { terminate() }
            return result
        } catch {
            terminate()
            throw error
        }
    }

    /// Closes the pipes (an idle zygote then exits and the jail removes its cgroup), waits up to
    /// a second for that, then kills the jail (the sandbox dies with it) and reaps it.
    func terminate() {
        guard isUsable else { return }
        isUsable = false
        for fd in [control, results, tests, programs] { Posix.close(fd) }
        if !Posix.reap(pid, within: 1.0) { Posix.killAndReap(pid) }
    }

    private func readLine(deadline: Double) throws(SandboxError) -> String? {
        while true {
            if let newline = pending.firstIndex(of: 10) {
                let line = String(decoding: pending[..<newline], as: UTF8.self)
                pending.removeSubrange(...newline)
                return line
            }
            guard let chunk = try Posix.readSome(results, deadline: deadline) else { return nil }
            if chunk.isEmpty { throw SandboxError("the sandbox exited") }
            pending.append(contentsOf: chunk)
        }
    }
}
