/// Compares a program's stdout with the expected output the way judges of stdin/stdout tasks
/// usually do: line endings, trailing spaces on each line and trailing blank lines are ignored;
/// everything else must be equal.
public enum OutputMatch {
    public static func normalized(_ text: String) -> [Substring] {
        var lines = text.replacingOccurrences(of: "\r\n", with: "\n").split(separator: "\n", omittingEmptySubsequences: false)
            .map { line in line.reversed().drop(while: { $0 == " " || $0 == "\t" || $0 == "\r" }).reversed() }
            .map { Substring(String($0)) }
        while let last = lines.last, last.isEmpty { lines.removeLast() }
        return lines
    }

    public static func matches(_ actual: String, expected: String) -> Bool {
        normalized(actual) == normalized(expected)
    }
}
