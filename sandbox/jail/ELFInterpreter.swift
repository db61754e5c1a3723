/// The program interpreter (dynamic loader) an ELF executable names in its PT_INTERP header,
/// which must be visible inside the sandbox for the executable to start.
enum ELFInterpreter {
    static func of(_ path: String) throws(JailError) -> String? {
        let bytes = try Linux.readPrefix(path, count: 65536)
        func u16(_ at: Int) -> Int { at + 2 <= bytes.count ? Int(bytes[at]) | Int(bytes[at + 1]) << 8 : 0 }
        func u64(_ at: Int) -> Int {
            guard at + 8 <= bytes.count else { return 0 }
            var v = 0
            for i in (0..<8).reversed() { v = v << 8 | Int(bytes[at + i]) }
            return v
        }
        // ELF64 little-endian only (x86_64, aarch64).
        guard bytes.count >= 64, bytes[0] == 0x7f, bytes[1] == 0x45, bytes[2] == 0x4c, bytes[3] == 0x46,
            bytes[4] == 2, bytes[5] == 1
        else { throw JailError("\(path) is not a 64-bit little-endian ELF executable") }
        let phoff = u64(32), phentsize = u16(54), phnum = u16(56)
        for i in 0..<phnum {
            let header = phoff + i * phentsize
            guard header + 40 <= bytes.count else { break }
            if u16(header) == 3 {  // PT_INTERP
                let offset = u64(header + 8), size = u64(header + 32)
                guard offset + size <= bytes.count, size > 1 else { break }
                return String(decoding: bytes[offset..<(offset + size - 1)], as: UTF8.self)
            }
        }
        return nil
    }
}
