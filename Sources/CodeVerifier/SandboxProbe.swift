import Rewards

#if canImport(Glibc)
    @preconcurrency import Glibc
#endif

/// Whether score-jail can build its sandbox here, found by starting one jail and stopping it,
/// and whether this process runs inside a chroot. Facts only: what to do about them is the
/// caller's decision (the verifier itself always refuses to run unsandboxed).
public struct SandboxProbe: Sendable, Equatable {
    /// Why the jail did not start, or nil if it started.
    public var refusal: String?
    /// The layer the kernel refused ("namespaces" when unshare failed), or nil.
    public var refusedLayer: String?
    /// True inside a chroot, false outside, nil when it cannot be told (see `chrootState()`).
    public var insideChroot: Bool?

    public init(refusal: String?, refusedLayer: String?, insideChroot: Bool?) {
        self.refusal = refusal
        self.refusedLayer = refusedLayer
        self.insideChroot = insideChroot
    }

    public var jailStarts: Bool { refusal == nil }

    /// Starts one jail with `options` (the sandbox limits do not matter here) and stops it.
    public static func run(options: SandboxOptions = SandboxOptions()) -> SandboxProbe {
        var refusal: String?
        var layer: String?
        do throws(SandboxError) {
            Posix.ignoreBrokenPipes()
            let jail = try JailProcess(options: options)
            jail.terminate()
        } catch {
            refusal = error.description
            layer = error.refusedLayer
        }
        return SandboxProbe(refusal: refusal, refusedLayer: layer, insideChroot: chrootState())
    }

    /// Whether this process runs inside a chroot: true, false, or nil when it cannot be told.
    ///
    /// First by device and inode of `/` against `/proc/1/root`. Where that link may not be
    /// followed (no ptrace access to PID 1, as in many containers), by the mount table: see
    /// `chrootState(ownMountInfo:initMountInfo:)`. Every doubt answers nil, never true.
    public static func chrootState() -> Bool? {
        if let byInode = chrootState(root: "/", initRoot: "/proc/1/root") { return byInode }
        return chrootState(
            ownMountInfo: try? TextFile.read("/proc/self/mountinfo", timeout: 5),
            initMountInfo: try? TextFile.read("/proc/1/mountinfo", timeout: 5))
    }

    /// Whether `root` is another directory than `initRoot` (device or inode differ); nil when
    /// either cannot be examined.
    ///
    /// A chroot into a bind mount of the real root shares its device and inode and so reads as
    /// "not a chroot": the probe errs towards "not a chroot", never the other way.
    public static func chrootState(root: String, initRoot: String) -> Bool? {
        var ours = stat()
        var theirs = stat()
        guard stat(root, &ours) == 0, stat(initRoot, &theirs) == 0 else { return nil }
        return ours.st_dev != theirs.st_dev || ours.st_ino != theirs.st_ino
    }

    /// Chroot evidence from mount tables (`/proc/<pid>/mountinfo` lists mount points relative to
    /// that process's root, and mount ids are unique on the machine):
    /// - no mount at `/` in our own table: our root is a plain directory, not a mount: true;
    /// - our root mount appears in PID 1's table mounted elsewhere (such as `/tmp/x/root`): true;
    /// - it appears there at `/`: false;
    /// - a table is missing, or PID 1 is in another mount namespace (the id is not in its
    ///   table): nil, unknown.
    public static func chrootState(ownMountInfo: String?, initMountInfo: String?) -> Bool? {
        guard let ownMountInfo, !ownMountInfo.isEmpty else { return nil }
        func entries(_ table: String) -> [(id: Substring, mountPoint: Substring)] {
            table.split(separator: "\n").compactMap { line in
                let fields = line.split(separator: " ", maxSplits: 5)
                return fields.count >= 5 ? (fields[0], fields[4]) : nil
            }
        }
        // Mounts stacked on `/` are listed in mount order: the last one is what `/` shows.
        guard let rootMount = entries(ownMountInfo).last(where: { $0.mountPoint == "/" }) else { return true }
        guard let initMountInfo, let there = entries(initMountInfo).first(where: { $0.id == rootMount.id }) else {
            return nil
        }
        return there.mountPoint != "/"
    }
}
