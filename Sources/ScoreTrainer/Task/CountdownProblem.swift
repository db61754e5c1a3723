/// One Countdown problem: reach `target` with an arithmetic expression over some of `numbers`, each
/// used at most once (as often as it is given).
///
/// The prompt is `"3 5 7 2:26"`. An attempt such as `3*7+5` carries its own evidence: evaluating it
/// and comparing with the target is far easier than finding it, which is what gives a second attempt
/// something to work with that the first did not have.
public struct CountdownProblem: Hashable, Sendable, Codable {
    /// The numbers in prompt order.
    public var numbers: [Int]
    public var target: Int

    public init(numbers: [Int], target: Int) {
        self.numbers = numbers
        self.target = target
    }

    /// The text the model sees.
    public var prompt: String { numbers.map(String.init).joined(separator: " ") + ":" + String(target) }

    /// The expression of `response` (`3*7+5`, or `3*7+5=26` / `3*7+5=21+5=26` with its shown work,
    /// which is not the answer), or nil unless it is built only from digits, `+ - * ×`, parentheses
    /// and spaces, no two numbers stand side by side with only spaces between them, and the numbers it
    /// uses are a sub-multiset of the given ones. Each step of shown work must be a short non-empty
    /// chain of digits, `+ - *` and spaces, the last possibly followed by a check (`<26`, `>26`). Its
    /// value is for the verifier to judge.
    public func gradedExpression(_ response: String) -> String? {
        let parts = response.split(separator: "=", omittingEmptySubsequences: false)
        for step in parts.dropFirst() {
            let shown = step.filter { $0 != " " }
            guard !shown.isEmpty, shown.count <= 12, shown.allSatisfy({ $0.isASCII && ($0.isNumber || "+-*<>".contains($0)) }) else {
                return nil
            }
        }
        let expression = String(parts[0])
        return admits(expression) ? expression : nil
    }

    /// True when `expression` keeps the number rule (see `gradedExpression`).
    func admits(_ expression: String) -> Bool {
        guard let used = CountdownExpression.numbersUsed(in: expression) else { return false }
        var available: [Int: Int] = [:]
        for n in numbers { available[n, default: 0] += 1 }
        for n in used {
            guard let left = available[n], left > 0 else { return false }
            available[n] = left - 1
        }
        return true
    }
}

/// The small expression language of Countdown answers: left-to-right chains over `+ - *` with the
/// usual precedence (what the solver writes), plus the lexical rules `admits` checks.
public enum CountdownExpression {
    /// Characters an answer may contain.
    static let allowed: Set<Character> = ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "+", "-", "*", "×", "(", ")", " "]

    /// The numbers an answer uses, in order, or nil when it has a character outside the language or two
    /// numbers separated only by spaces (`3 7`, which a reader could take for 37).
    public static func numbersUsed(in text: String) -> [Int]? {
        var numbers: [Int] = []
        var current: Int?
        var spaceAfterNumber = false
        for c in text {
            guard allowed.contains(c) else { return nil }
            if let d = c.wholeNumberValue {
                if spaceAfterNumber { return nil }
                guard (current ?? 0) < 1_000_000 else { return nil }
                current = (current ?? 0) * 10 + d
            } else if c == " " {
                if current != nil { spaceAfterNumber = true; numbers.append(current!); current = nil }
            } else {
                spaceAfterNumber = false
                if let n = current { numbers.append(n); current = nil }
            }
        }
        if let n = current { numbers.append(n) }
        return numbers
    }

    /// The value of `operands[0] op[0] operands[1] op[1] ...` with `*` binding tighter than `+`/`-`.
    static func value(_ operands: [Int], _ operators: [Character]) -> Int {
        var total = 0
        var term = operands[0]
        var sign = 1
        for (op, x) in zip(operators, operands.dropFirst()) {
            switch op {
            case "*": term *= x
            case "+", "-":
                total += sign * term
                sign = op == "+" ? 1 : -1
                term = x
            default: preconditionFailure("unknown operator \(op)")
            }
        }
        return total + sign * term
    }

    /// The text of a chain (`3*7+5`).
    static func render(_ operands: [Int], _ operators: [Character]) -> String {
        var s = String(operands[0])
        for (op, x) in zip(operators, operands.dropFirst()) { s += String(op) + String(x) }
        return s
    }
}

/// A chain expression over chosen numbers: what the problem generator and the solver write.
struct CountdownChain: Hashable, Sendable {
    var operands: [Int]
    var operators: [Character]
    var value: Int { CountdownExpression.value(operands, operators) }
    var text: String { CountdownExpression.render(operands, operators) }

    /// The chains met while evaluating this one an operation at a time, products first (left to
    /// right), then sums and differences left to right; the last is the value. `3*7+5` gives
    /// `["21+5", "26"]`, `2-9+5` gives `["-7+5", "-2"]`.
    var reductions: [String] {
        var xs = operands
        var ops = operators
        var steps: [String] = []
        while !ops.isEmpty {
            let i = ops.firstIndex(of: "*") ?? 0
            let v = CountdownExpression.value([xs[i], xs[i + 1]], [ops[i]])
            xs.replaceSubrange(i...(i + 1), with: [v])
            ops.remove(at: i)
            steps.append(CountdownExpression.render(xs, ops))
        }
        return steps
    }

    /// Every chain over exactly `count` distinct positions of `numbers` with operators from `ops`.
    static func all(over numbers: [Int], count: Int, ops: [Character]) -> [CountdownChain] {
        var result: [CountdownChain] = []
        func operatorLists(_ n: Int) -> [[Character]] {
            n == 0 ? [[]] : operatorLists(n - 1).flatMap { prefix in ops.map { prefix + [$0] } }
        }
        let opLists = operatorLists(count - 1)
        func choose(_ chosen: [Int], _ used: Set<Int>) {
            if chosen.count == count {
                let operands = chosen.map { numbers[$0] }
                for o in opLists { result.append(CountdownChain(operands: operands, operators: o)) }
                return
            }
            for i in numbers.indices where !used.contains(i) { choose(chosen + [i], used.union([i])) }
        }
        choose([], [])
        return result
    }
}
