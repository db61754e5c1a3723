import Foundation

#if canImport(Glibc)
    @preconcurrency import Glibc
#endif

/// Looks at the host from outside the sandbox: files, listening sockets, processes.
enum HostProbe {
    /// A TCP listener on 127.0.0.1 that records whether anyone connected.
    final class Listener {
        let fd: Int32
        init?(port: UInt16) {
            fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            guard fd >= 0 else { return nil }
            var one: Int32 = 1
            setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_port = port.bigEndian
            address.sin_addr.s_addr = UInt32(0x7f00_0001).bigEndian
            let bound = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
                }
            }
            guard bound == 0, listen(fd, 16) == 0 else {
                close(fd)
                return nil
            }
            _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
        }
        /// True if a connection is waiting to be accepted.
        var wasContacted: Bool {
            let client = accept(fd, nil, nil)
            if client >= 0 {
                close(client)
                return true
            }
            return false
        }
        deinit { close(fd) }
    }

    /// Processes on the host owned by `uid`.
    static func processes(ownedBy uid: Int) -> [Int] {
        guard let entries = try? FileManager.default.contentsOfDirectory(atPath: "/proc") else { return [] }
        return entries.compactMap { name -> Int? in
            guard let pid = Int(name),
                let status = try? String(contentsOfFile: "/proc/\(name)/status", encoding: .utf8),
                let line = status.split(separator: "\n").first(where: { $0.hasPrefix("Uid:") })
            else { return nil }
            let fields = line.split(whereSeparator: { $0 == "\t" || $0 == " " })
            return fields.count > 1 && Int(fields[1]) == uid ? pid : nil
        }
    }

    /// The process group of a process (field 5 of /proc/PID/stat).
    static func processGroup(of pid: Int) -> Int? {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
            let close = stat.lastIndex(of: ")")
        else { return nil }
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        return fields.count > 2 ? Int(fields[2]) : nil
    }

    static func exists(_ path: String) -> Bool { FileManager.default.fileExists(atPath: path) }
}
