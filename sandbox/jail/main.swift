// score-jail: builds the sandbox (namespaces, tmpfs, read-only python, rlimits, cgroup, seccomp)
// and starts the pre-forked Python harness in it. See sandbox/README.md.
#if canImport(Glibc)
    @preconcurrency import Glibc
#endif

do throws(JailError) {
    let options = try JailOptions.parse(Array(CommandLine.arguments.dropFirst()))
    try Jail(options: options).run()
} catch {
    reportFatal(error)
    exit(70)
}
