/// One line of a policy file: allow `syscall` (or fail it with `errno`) when every condition holds.
struct PolicyRule: Equatable {
    /// A masked-equality test on one argument: `(arg & mask) == value`.
    struct Condition: Equatable {
        var argument: UInt32
        var mask: UInt64
        var value: UInt64
    }
    var syscall: String
    var conditions: [Condition] = []
    /// When set, the call fails with this errno instead of running.
    var errno: Int32? = nil
    var line: Int
}

/// Parses a seccomp allowlist file.
///
/// One rule per line; `#` starts a comment. Forms:
///
///     read                                  # allow
///     ioctl   arg1 == 0x5401                # allow only this request
///     clone   arg0 & 0x7e020000 == 0        # allow only without these flag bits
///     clone3  errno ENOSYS                  # fail with ENOSYS (glibc falls back to clone)
enum SeccompPolicy {
    static let errnoNames: [String: Int32] = ["ENOSYS": 38, "EPERM": 1, "EACCES": 13, "EINVAL": 22]

    static func parse(_ text: String) throws(JailError) -> [PolicyRule] {
        var rules: [PolicyRule] = []
        for (index, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let content = rawLine.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
            let words = content.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
            guard let name = words.first else { continue }
            var rule = PolicyRule(syscall: name, line: index + 1)
            var rest = Array(words.dropFirst())
            while !rest.isEmpty {
                if rest[0] == "errno", rest.count >= 2 {
                    guard let code = errnoNames[rest[1]] ?? Int32(rest[1]) else {
                        throw JailError("policy line \(index + 1): unknown errno '\(rest[1])'")
                    }
                    rule.errno = code
                    rest.removeFirst(2)
                } else if rest[0].hasPrefix("arg"), let arg = UInt32(rest[0].dropFirst(3)), arg < 6 {
                    if rest.count >= 5, rest[1] == "&", rest[3] == "==",
                        let mask = number(rest[2]), let value = number(rest[4])
                    {
                        rule.conditions.append(.init(argument: arg, mask: mask, value: value))
                        rest.removeFirst(5)
                    } else if rest.count >= 3, rest[1] == "==", let value = number(rest[2]) {
                        rule.conditions.append(.init(argument: arg, mask: UInt64.max, value: value))
                        rest.removeFirst(3)
                    } else {
                        throw JailError("policy line \(index + 1): cannot read condition '\(rest.joined(separator: " "))'")
                    }
                } else {
                    throw JailError("policy line \(index + 1): unexpected '\(rest[0])'")
                }
            }
            rules.append(rule)
        }
        return rules
    }

    private static func number(_ text: String) -> UInt64? {
        text.hasPrefix("0x") ? UInt64(text.dropFirst(2), radix: 16) : UInt64(text)
    }

    /// Builds a kill-by-default filter from rules.
    static func filter(_ rules: [PolicyRule]) throws(JailError) -> SeccompFilter {
        let filter = try SeccompFilter()
        for rule in rules { try filter.add(rule) }
        return filter
    }
}
