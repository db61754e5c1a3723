import Foundation

/// Limits and locations for running programs in score-jail. Every field has a default.
public struct SandboxOptions: Sendable, Equatable {
    /// Wall-clock limit per program run (seconds); the whole job is killed when it passes.
    public var wallSeconds: Double = 10
    /// CPU-time limit per program process (seconds, RLIMIT_CPU).
    public var cpuSeconds: Double = 5
    /// Address-space limit per program process (MiB, RLIMIT_AS).
    public var memoryMB: Int = 512
    /// Cap on captured stdout and on stderr (bytes each); more is status `output_limit`.
    public var outputBytes: Int = 1 << 20
    /// cgroup memory limit of a whole sandbox (MiB).
    public var sandboxMemoryMB: Int = 1024
    /// Process cap of a whole sandbox (pids cgroup and RLIMIT_NPROC).
    public var processes: Int = 64
    /// Size of the /work tmpfs (MiB) and RLIMIT_FSIZE.
    public var workMB: Int = 64
    /// Inode cap of the /work tmpfs.
    public var workInodes: Int = 4096
    /// RLIMIT_NOFILE.
    public var openFiles: Int = 64
    /// The interpreter (the distribution's python3 by default, never a PATH shim).
    public var python: String = "/usr/bin/python3"
    /// The score-jail binary; nil: `$SCORE_JAIL`, else beside the running executable.
    public var jailPath: String? = nil
    /// Sandboxes kept warm (and so programs run at once).
    public var workers: Int = 2
    /// Run even when the kernel refuses a layer (each missing layer is reported in verdicts).
    public var allowWeaker = false
    /// Retire a sandbox after this many jobs (0: never). 1 gives every program a fresh sandbox,
    /// which also closes the narrow channels two cooperating programs could use between jobs
    /// (inode and pid counters), at the cost of a sandbox start (about 0.1-0.3 s) per program.
    public var jobsPerSandbox: Int = 0

    public init() {}

    /// The score-jail binary to run.
    public func resolvedJailPath() -> String {
        if let jailPath { return jailPath }
        if let fromEnvironment = ProcessInfo.processInfo.environment["SCORE_JAIL"], !fromEnvironment.isEmpty {
            return fromEnvironment
        }
        let exe = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        return URL(fileURLWithPath: exe).deletingLastPathComponent().appendingPathComponent("score-jail").path
    }

    var jailArguments: [String] {
        var arguments = [
            "--python", python, "--memory-mb", String(sandboxMemoryMB), "--processes", String(processes),
            "--work-mb", String(workMB), "--work-inodes", String(workInodes), "--open-files", String(openFiles),
        ]
        if allowWeaker { arguments.append("--allow-weaker") }
        return arguments
    }
}
