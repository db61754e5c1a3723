import ArgumentParser
import CodeVerifier

/// Sandbox limits shared by `code` and `bench code`.
struct SandboxOptionGroup: ParsableArguments {
    @Option(help: "Wall-clock limit per program run, seconds.")
    var timeout: Double = 10
    @Option(help: "CPU-time limit per program process, seconds.")
    var cpu: Double = 5
    @Option(name: .customLong("memory-mb"), help: "Address-space limit per program process, MiB.")
    var memoryMB: Int = 512
    @Option(name: .customLong("output-limit"), help: "Cap on captured stdout and on stderr, bytes each.")
    var outputLimit: Int = 1 << 20
    @Option(name: .customLong("sandbox-memory-mb"), help: "cgroup memory limit of one whole sandbox, MiB.")
    var sandboxMemoryMB: Int = 1024
    @Option(help: "Process cap of one sandbox (pids cgroup and RLIMIT_NPROC).")
    var processes: Int = 64
    @Option(name: .customLong("work-mb"), help: "Size of the sandbox's /work tmpfs, MiB.")
    var workMB: Int = 64
    @Option(help: "Interpreter to run (the distribution's own by default).")
    var python: String = "/usr/bin/python3"
    @Option(help: "The score-jail binary (default: $SCORE_JAIL, else beside score-verify).")
    var jail: String?
    @Option(
        name: .customLong("jobs-per-sandbox"),
        help: "Retire each sandbox after this many programs (0: never). 1 = a fresh sandbox per program: no state at all survives between programs (about 0.1-0.3 s more each).")
    var jobsPerSandbox: Int = 0
    @Flag(name: .customLong("allow-weaker"), help: "Run even if the kernel refuses a sandbox layer (reported in every verdict).")
    var allowWeaker = false

    func validate() throws {
        guard timeout > 0, cpu > 0, memoryMB > 0, outputLimit > 0, sandboxMemoryMB > 0, processes > 0, workMB > 0, jobsPerSandbox >= 0 else {
            throw ValidationError("limits must be positive")
        }
    }

    func options(workers: Int) -> SandboxOptions {
        var o = SandboxOptions()
        o.wallSeconds = timeout
        o.cpuSeconds = cpu
        o.memoryMB = memoryMB
        o.outputBytes = outputLimit
        o.sandboxMemoryMB = sandboxMemoryMB
        o.processes = processes
        o.workMB = workMB
        o.python = python
        o.jailPath = jail
        o.workers = max(1, workers)
        o.allowWeaker = allowWeaker
        o.jobsPerSandbox = jobsPerSandbox
        return o
    }
}
