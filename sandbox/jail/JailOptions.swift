#if canImport(Glibc)
    @preconcurrency import Glibc
#endif

/// The jail's settings, from its command line. Every limit has a default.
struct JailOptions {
    var python = "/usr/bin/python3"
    /// The folder holding `harness/` and `policy/` (default: the resource bundle beside the binary).
    var resources: String? = nil
    /// cgroup memory limit for the whole sandbox (MiB).
    var memoryMB = 1024
    /// cgroup pids limit and RLIMIT_NPROC.
    var processes = 64
    /// Size cap of the /work tmpfs (MiB) and RLIMIT_FSIZE.
    var workMB = 64
    /// Inode cap of the /work tmpfs.
    var workInodes = 4096
    /// RLIMIT_NOFILE.
    var openFiles = 64
    /// Run even when a layer cannot be set up (each missing layer is reported).
    var allowWeaker = false

    static let usage = """
        usage: score-jail [--python PATH] [--resources DIR] [--memory-mb N] [--processes N]
                          [--work-mb N] [--work-inodes N] [--open-files N] [--allow-weaker]
        Starts a sandboxed, pre-forked Python (the zygote) that runs jobs sent on stdin as JSON lines
        and answers on stdout; test payloads arrive on fd 3. See sandbox/README.md.
          --python PATH     interpreter to run (default /usr/bin/python3)
          --resources DIR   folder with harness/ and policy/ (default: beside this binary)
          --memory-mb N     cgroup memory limit of the whole sandbox (default 1024)
          --processes N     cgroup pids limit and RLIMIT_NPROC (default 64)
          --work-mb N       size of the /work tmpfs and RLIMIT_FSIZE (default 64)
          --work-inodes N   inode cap of the /work tmpfs (default 4096)
          --open-files N    RLIMIT_NOFILE (default 64)
          --allow-weaker    run even if a layer is refused (reported in the ready line)
        """

    static func parse(_ arguments: [String]) throws(JailError) -> JailOptions {
        var options = JailOptions()
        var rest = arguments[...]
        func value(_ flag: String) throws(JailError) -> String {
            guard let v = rest.popFirst() else { throw JailError("\(flag) needs a value") }
            return v
        }
        func integer(_ flag: String) throws(JailError) -> Int {
            let text = try value(flag)
            guard let v = Int(text), v > 0 else { throw JailError("\(flag): '\(text)' is not a positive integer") }
            return v
        }
        while let flag = rest.popFirst() {
            switch flag {
            case "--python": options.python = try value(flag)
            case "--resources": options.resources = try value(flag)
            case "--memory-mb": options.memoryMB = try integer(flag)
            case "--processes": options.processes = try integer(flag)
            case "--work-mb": options.workMB = try integer(flag)
            case "--work-inodes": options.workInodes = try integer(flag)
            case "--open-files": options.openFiles = try integer(flag)
            case "--allow-weaker": options.allowWeaker = true
            case "-h", "--help":
                print(usage)
                exit(0)
            default: throw JailError("unknown option '\(flag)'\n\(usage)")
            }
        }
        return options
    }

    /// The resource folder: the option, else `<dir of this binary>/score-verify_score-jail.resources`.
    func resourceFolder() throws(JailError) -> String {
        if let resources { return resources }
        let exe = try Linux.realPath("/proc/self/exe")
        let dir = exe.split(separator: "/", omittingEmptySubsequences: false).dropLast().joined(separator: "/")
        return dir + "/score-verify_score-jail.resources"
    }
}
