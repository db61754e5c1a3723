import CSandboxSys

#if canImport(Glibc)
    @preconcurrency import Glibc
#endif

/// Builds the sandbox and starts the zygote in it.
///
/// Process layout: this process (the monitor) stays outside the new PID namespace, waits for the
/// zygote and removes the cgroup afterwards. The zygote is PID 1 of a fresh PID namespace, so when
/// it dies the kernel kills every process in the sandbox; it dies with the monitor
/// (PR_SET_PDEATHSIG) and exits by itself when its stdin (the verifier's pipe) closes.
struct Jail {
    let options: JailOptions
    /// The uid and gid the sandbox runs as inside its user namespace.
    static let sandboxID: UInt32 = 1000
    /// Bit flags for unshare(2).
    static let namespaces: [(name: String, flag: Int32)] = [
        ("user", Int32(SV_CLONE_NEWUSER)), ("pid", Int32(SV_CLONE_NEWPID)), ("net", Int32(SV_CLONE_NEWNET)),
        ("mount", Int32(SV_CLONE_NEWNS)), ("ipc", Int32(SV_CLONE_NEWIPC)), ("uts", Int32(SV_CLONE_NEWUTS)),
    ]

    /// A host path made visible read-only inside the sandbox.
    struct Bind {
        var source: String
        var target: String
        var isFile: Bool
        var readOnly = true
        var fd: Int32 = -1
    }

    func run() throws(JailError) -> Never {
        // Descriptors 0-4 are the protocol's; hold them (with /dev/null if the caller gave none)
        // so nothing opened here lands on them.
        for fd: Int32 in 0...4 where fcntl(fd, F_GETFD) < 0 {
            let null = open("/dev/null", O_RDWR)
            if null >= 0 && null != fd { dup2(null, fd); close(null) }
        }
        var layers = LayerReport()
        let folder = try options.resourceFolder()
        let policyText = try Linux.readFile(folder + "/policy/python.allow")
        let zygoteText = try Linux.readFile(folder + "/policy/zygote.allow")
        let candidateRules = try SeccompPolicy.parse(String(decoding: policyText, as: UTF8.self))
        let zygoteRules = try SeccompPolicy.parse(String(decoding: zygoteText, as: UTF8.self))
        let candidateBPF = try SeccompPolicy.filter(candidateRules).exportBPF()
        let zygoteFilter = try SeccompPolicy.filter(candidateRules + zygoteRules)
        layers.add("seccomp", "allowlist, default kill: \(candidateRules.count) candidate rules, +\(zygoteRules.count) for the harness")

        var binds = try pythonBinds(harness: folder + "/harness")
        for device in ["null", "zero", "urandom"] {
            binds.append(Bind(source: "/dev/" + device, target: "/dev/" + device, isFile: true, readOnly: false))
        }

        let monitor = getpid()
        let hostID = 1_000_000 + UInt32(monitor)
        var cgroup = Cgroup(id: monitor, memoryBytes: options.memoryMB << 20, processes: options.processes)
        cgroup.holdParents()
        layers.add("cgroup", cgroup.state)

        // The user namespace's id maps must be written from outside it: a helper does it.
        let mapsRequested = try makePipe(), mapsDone = try makePipe()
        let helper = fork()
        guard helper >= 0 else { throw JailError.errno("fork") }
        if helper == 0 {
            close(mapsRequested.write)
            close(mapsDone.read)
            guard Linux.awaitSignal(mapsRequested.read) else { _exit(1) }
            let map = "\(Jail.sandboxID) \(hostID) 1\n"
            do throws(JailError) {
                try Linux.writeFile("/proc/\(monitor)/uid_map", map)
                try Linux.writeFile("/proc/\(monitor)/gid_map", map)
            } catch { _exit(1) }
            Linux.signal(mapsDone.write)
            _exit(0)
        }
        close(mapsRequested.read)
        close(mapsDone.write)

        var flags: Int32 = 0
        for ns in Jail.namespaces { flags |= ns.flag }
        var userNamespace = true
        do throws(JailError) {
            try Linux.unshare(flags)
        } catch {
            guard options.allowWeaker else { kill(helper, SIGKILL); throw error }
            userNamespace = false
            try Linux.unshare(flags & ~Int32(SV_CLONE_NEWUSER))
        }
        for ns in Jail.namespaces {
            layers.add("ns:" + ns.name, ns.name == "user" && !userNamespace ? "REFUSED (running weaker)" : "new")
        }
        if userNamespace {
            Linux.signal(mapsRequested.write)
            let mapped = Linux.awaitSignal(mapsDone.read)
            _ = Linux.waitExitCode(helper)
            guard mapped else { throw JailError("could not write the user namespace id maps") }
            layers.add("uid", "sandbox uid \(Jail.sandboxID) = host uid \(hostID), no capabilities")
        } else {
            kill(helper, SIGKILL)
            _ = Linux.waitExitCode(helper)
        }

        let go = try makePipe()
        let zygote = fork()
        guard zygote >= 0 else { throw JailError.errno("fork") }
        if zygote == 0 {
            close(go.write)
            guard Linux.awaitSignal(go.read) else { _exit(1) }
            do throws(JailError) {
                try enterSandbox(binds: binds, bpf: candidateBPF, userNamespace: userNamespace)
                try startZygote(filter: zygoteFilter, layers: layers)
            } catch {
                reportFatal(error)
                _exit(70)
            }
        }
        close(go.read)
        if cgroup.isActive {
            do throws(JailError) { try cgroup.add(zygote) } catch {
                kill(zygote, SIGKILL)
                throw JailError("could not move the sandbox into its cgroup: \(error)")
            }
        }
        Linux.signal(go.write)
        close(go.write)
        close(0)
        close(3)
        close(4)
        let code = Linux.waitExitCode(zygote)
        cgroup.remove()
        if code != 0 && code != 3 {  // 3: the zygote retired itself after a broken job
            let how = code > 128 ? "was killed by signal \(code - 128)\(code == 128 + SIGSYS ? " (a system call outside the policy)" : "")" : "exited with status \(code)"
            reportFatal(JailError("the sandboxed interpreter \(how)"))
        }
        exit(code)
    }

    /// The interpreter, its dynamic loader, standard library, shared libraries and the harness.
    private func pythonBinds(harness: String) throws(JailError) -> [Bind] {
        let python = try Linux.realPath(options.python)
        let name = python.split(separator: "/").last.map(String.init) ?? ""
        guard name.hasPrefix("python3") else { throw JailError("\(python) does not look like a python3 binary") }
        let prefix = dirname(dirname(python))
        let stdlib = "\(prefix)/lib/\(name)"
        guard Linux.isDirectory(stdlib) else { throw JailError("standard library \(stdlib) not found") }
        var binds = [
            Bind(source: python, target: options.python, isFile: true),
            Bind(source: stdlib, target: stdlib, isFile: false),
            Bind(source: harness, target: "/harness", isFile: false),
        ]
        if let interpreter = try ELFInterpreter.of(python) {
            let loader = try Linux.realPath(interpreter)
            binds.append(Bind(source: loader, target: interpreter, isFile: true))
            binds.append(Bind(source: dirname(loader), target: dirname(loader), isFile: false))
        }
        return binds
    }

    /// Runs in the zygote before exec: ids, mounts, hostname, limits.
    private func enterSandbox(binds: [Bind], bpf: [UInt8], userNamespace: Bool) throws(JailError) {
        // Bind sources are opened here, inside the new mount namespace (a mount of another
        // namespace cannot be bound) and before the host root identity is given up.
        var binds = binds
        for i in binds.indices {
            binds[i].fd = open(binds[i].source, Int32(SV_O_PATH) | O_CLOEXEC)
            guard binds[i].fd >= 0 else { throw JailError.errno("open \(binds[i].source)") }
        }
        if userNamespace {
            // Unmapped host root has no identity inside; become the sandbox user first (the
            // capabilities of the new namespace are kept until exec, which drops them).
            try Linux.check(setgroups(0, nil), "setgroups")
            try Linux.check(sv_setresgid(Jail.sandboxID), "setresgid")
            try Linux.check(sv_setresuid(Jail.sandboxID), "setresuid")
        }
        try Linux.mount(nil, "/", nil, UInt(MS_REC | MS_PRIVATE))
        let root = Linux.isDirectory("/tmp") ? "/tmp" : "/mnt"
        try Linux.mount("tmpfs", root, "tmpfs", UInt(MS_NOSUID | MS_NODEV), "size=8m,nr_inodes=1024,mode=755")
        for bind in binds {
            let target = root + bind.target
            try makeParents(target)
            if bind.isFile { try Linux.touch(target) } else { try Linux.mkdir(target) }
            try Linux.mount("/proc/self/fd/\(bind.fd)", target, nil, UInt(MS_BIND | MS_REC))
            if bind.readOnly {
                let keep = Linux.mountFlags(of: target)
                try Linux.mount(nil, target, nil, UInt(MS_BIND | MS_REMOUNT | MS_RDONLY | MS_NOSUID | MS_NODEV) | keep)
            }
        }
        try Linux.mkdir(root + "/work")
        try Linux.mount(
            "tmpfs", root + "/work", "tmpfs", UInt(MS_NOSUID | MS_NODEV),
            "size=\(options.workMB)m,nr_inodes=\(options.workInodes),mode=1777")
        guard symlink("/work", root + "/tmp") == 0 else { throw JailError.errno("symlink /tmp") }
        try Linux.mkdir(root + "/policy")
        try Linux.writeFile(root + "/policy/candidate.bpf", bpf)

        try Linux.check(chdir(root), "chdir new root")
        try Linux.pivotRoot(".", ".")
        try Linux.unmountDetached(".")
        try Linux.check(chdir("/"), "chdir /")
        try Linux.mount(nil, "/", nil, UInt(MS_REMOUNT | MS_BIND | MS_RDONLY | MS_NOSUID | MS_NODEV))
        try Linux.check(sethostname("sandbox", 7), "sethostname")
        try Linux.check(chdir("/work"), "chdir /work")

        let mib: UInt64 = 1 << 20
        try Linux.setLimit(Int32(RLIMIT_CORE.rawValue), soft: 0, hard: 0)
        try Linux.setLimit(Int32(RLIMIT_NOFILE.rawValue), soft: UInt64(options.openFiles), hard: UInt64(options.openFiles))
        try Linux.setLimit(Int32(SV_RLIMIT_NPROC), soft: UInt64(options.processes), hard: UInt64(options.processes))
        try Linux.setLimit(Int32(RLIMIT_FSIZE.rawValue), soft: UInt64(options.workMB) * mib, hard: UInt64(options.workMB) * mib)
        let space = UInt64(options.memoryMB + 512) * mib
        try Linux.setLimit(Int32(RLIMIT_AS.rawValue), soft: space, hard: space)
        try Linux.prctl(PR_SET_PDEATHSIG, UInt(SIGKILL))
        Linux.closeFrom(5)
    }

    /// Loads the harness filter and replaces this process with the zygote, environment empty.
    private func startZygote(filter: SeccompFilter, layers: LayerReport) throws(JailError) -> Never {
        var report = layers
        report.add("mounts", "tmpfs root (read-only) with python, its libraries and the harness bound read-only; /dev: null zero urandom; no /proc")
        report.add("work", "tmpfs /work \(options.workMB) MiB, \(options.workInodes) inodes")
        report.add("rlimits", "core 0, nofile \(options.openFiles), nproc \(options.processes), fsize \(options.workMB) MiB; per job: cpu, as")
        report.add("env", "empty")
        let argv = [options.python, "-I", "-S", "-B", "/harness/zygote.py", report.json]
        try filter.load()
        var cArgs: [UnsafeMutablePointer<CChar>?] = argv.map { strdup($0) } + [nil]
        var cEnv: [UnsafeMutablePointer<CChar>?] = [nil]
        execve(options.python, &cArgs, &cEnv)
        throw JailError.errno("execve \(options.python)")
    }

    private func makeParents(_ path: String) throws(JailError) {
        var parts = path.split(separator: "/").map(String.init)
        parts.removeLast()
        var current = ""
        for part in parts {
            current += "/" + part
            if !Linux.isDirectory(current) { try Linux.mkdir(current) }
        }
    }

    private func makePipe() throws(JailError) -> (read: Int32, write: Int32) {
        var fds: [Int32] = [0, 0]
        guard sv_pipe2(&fds, O_CLOEXEC) == 0 else { throw JailError.errno("pipe") }
        return (fds[0], fds[1])
    }

    private func dirname(_ path: String) -> String {
        let parts = path.split(separator: "/")
        return "/" + parts.dropLast().joined(separator: "/")
    }
}

/// Reports a refused layer or setup failure as one JSON line on stdout (the verifier's channel).
func reportFatal(_ error: JailError) {
    let layer = error.layer.map { ",\"layer\":\(jsonString($0))" } ?? ""
    let line = "{\"fatal\":\(jsonString(error.description))\(layer)}\n"
    _ = try? Linux.writeAll(1, Array(line.utf8), what: "stdout")
    _ = try? Linux.writeAll(2, Array(("score-jail: " + error.description + "\n").utf8), what: "stderr")
}

/// What each layer of the sandbox is, in order, for the zygote's ready line.
struct LayerReport {
    private var entries: [(String, String)] = []
    mutating func add(_ layer: String, _ state: String) { entries.append((layer, state)) }
    var json: String {
        "{" + entries.map { "\(jsonString($0.0)):\(jsonString($0.1))" }.joined(separator: ",") + "}"
    }
}

func jsonString(_ s: String) -> String {
    var out = "\""
    for scalar in s.unicodeScalars {
        switch scalar {
        case "\"": out += "\\\""
        case "\\": out += "\\\\"
        case "\n": out += "\\n"
        case _ where scalar.value < 0x20: out += "\\u" + String(repeating: "0", count: 4 - String(scalar.value, radix: 16).count) + String(scalar.value, radix: 16)
        default: out.unicodeScalars.append(scalar)
        }
    }
    return out + "\""
}
