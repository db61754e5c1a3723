/// Compares a program's stdout with the expected output the way judges of stdin/stdout tasks
/// usually do: line endings (`\n`, `\r\n`, stray `\r`), trailing spaces and tabs on each line and
/// trailing blank lines are ignored; everything else must be byte for byte equal. Bytes, not
/// `String ==`: Swift's string equality treats canonically equivalent text as equal (`e` +
/// U+0301 equals `é`, U+212B equals `Å`), which a judge comparing output must not.
public enum OutputMatch {
    /// The lines of `text` as UTF-8 bytes, each without its trailing spaces, tabs and carriage
    /// returns, without trailing empty lines.
    public static func normalized(_ text: String) -> [ArraySlice<UInt8>] {
        let bytes = Array(text.utf8)
        var lines = bytes.split(separator: 0x0A, omittingEmptySubsequences: false).map { line in
            var end = line.endIndex
            while end > line.startIndex, [0x20, 0x09, 0x0D].contains(line[end - 1]) { end -= 1 }
            return line[line.startIndex..<end]
        }
        while let last = lines.last, last.isEmpty { lines.removeLast() }
        return lines
    }

    public static func matches(_ actual: String, expected: String) -> Bool {
        let a = normalized(actual), e = normalized(expected)
        return a.count == e.count && zip(a, e).allSatisfy { $0.elementsEqual($1) }
    }
}
