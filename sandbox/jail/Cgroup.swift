#if canImport(Glibc)
    @preconcurrency import Glibc
#endif

/// A per-jail cgroup capping memory and process count of everything in the sandbox.
///
/// cgroup v1 (separate `memory` and `pids` hierarchies) and v2 (one unified tree) are supported.
/// When neither can be used, `state` says why; the jail reports it instead of failing silently.
struct Cgroup {
    private(set) var folders: [String] = []
    private(set) var state: String
    /// The parent folders, opened now: the zygote's pivot_root later moves this process's root
    /// into the sandbox too, so the cgroups are removed relative to these descriptors.
    private var parents: [(fd: Int32, name: String)] = []

    private static let root = "/sys/fs/cgroup"

    /// Creates `score-verify/jail-<id>` with the limits, or records why it could not.
    init(id: Int32, memoryBytes: Int, processes: Int) {
        state = "unavailable"
        let name = "score-verify/jail-\(id)"
        if Linux.exists(Cgroup.root + "/cgroup.controllers") {
            let folder = "\(Cgroup.root)/\(name)"
            do throws(JailError) {
                try Linux.mkdir("\(Cgroup.root)/score-verify")
                try? Linux.writeFile("\(Cgroup.root)/score-verify/cgroup.subtree_control", "+memory +pids")
                Cgroup.sweepStale("\(Cgroup.root)/score-verify")
                try Linux.mkdir(folder)
                folders = [folder]
                try Linux.writeFile(folder + "/memory.max", "\(memoryBytes)")
                try? Linux.writeFile(folder + "/memory.swap.max", "0")
                try Linux.writeFile(folder + "/pids.max", "\(processes)")
                state = "v2 memory+pids"
            } catch {
                remove()
                state = "unavailable (cgroup v2: \(error))"
            }
            return
        }
        guard Linux.isDirectory(Cgroup.root + "/memory"), Linux.isDirectory(Cgroup.root + "/pids") else {
            state = "unavailable (no cgroup v1 memory+pids or v2 hierarchy under /sys/fs/cgroup)"
            return
        }
        do throws(JailError) {
            for controller in ["memory", "pids"] {
                try Linux.mkdir("\(Cgroup.root)/\(controller)/score-verify")
                Cgroup.sweepStale("\(Cgroup.root)/\(controller)/score-verify")
                let folder = "\(Cgroup.root)/\(controller)/\(name)"
                try Linux.mkdir(folder)
                folders.append(folder)
            }
            try Linux.writeFile(folders[0] + "/memory.limit_in_bytes", "\(memoryBytes)")
            try? Linux.writeFile(folders[0] + "/memory.memsw.limit_in_bytes", "\(memoryBytes)")
            try Linux.writeFile(folders[1] + "/pids.max", "\(processes)")
            state = "v1 memory+pids"
        } catch {
            remove()
            state = "unavailable (cgroup v1: \(error))"
        }
    }

    var isActive: Bool { !folders.isEmpty }

    /// Moves a process (and its future children) into the cgroup.
    func add(_ pid: pid_t) throws(JailError) {
        for folder in folders { try Linux.writeFile(folder + "/cgroup.procs", "\(pid)") }
    }

    /// Removes the cgroup folders (they must be empty of processes; retried briefly).
    mutating func remove() {
        if parents.isEmpty {
            for folder in folders { parents.append(Cgroup.openParent(of: folder)) }
        }
        for parent in parents where parent.fd >= 0 {
            for _ in 0..<100 {
                if unlinkat(parent.fd, parent.name, 0x200) == 0 || errno == ENOENT { break }  // AT_REMOVEDIR
                usleep(5000)
            }
            close(parent.fd)
        }
        parents = []
        folders = []
    }

    /// Opens the parent folders so `remove()` works from any root.
    mutating func holdParents() {
        parents = folders.map(Cgroup.openParent(of:))
    }

    private static func openParent(of folder: String) -> (fd: Int32, name: String) {
        var parts = folder.split(separator: "/").map(String.init)
        let name = parts.removeLast()
        let fd = open("/" + parts.joined(separator: "/"), O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        return (fd, name)
    }

    /// Removes empty folders left by jails that were killed before they could clean up.
    private static func sweepStale(_ parent: String) {
        guard let dir = opendir(parent) else { return }
        defer { closedir(dir) }
        while let entry = readdir(dir) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix(while: { $0 != 0 }), as: UTF8.self)
            }
            guard name.hasPrefix("jail-"), let pid = Int32(name.dropFirst(5)) else { continue }
            if kill(pid, 0) != 0 && errno == ESRCH { rmdir("\(parent)/\(name)") }
        }
    }
}
