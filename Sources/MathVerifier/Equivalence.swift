/// Decides whether two answer meanings are the same mathematical object, and which rule decided.
enum Equivalence {
    struct Decision: Sendable {
        var equal: Bool
        var rule: String
    }

    static func compare(_ g: MathValue, _ a: MathValue) -> Decision {
        compare(g, a, depth: 0)
    }

    private static func compare(_ g: MathValue, _ a: MathValue, depth: Int) -> Decision {
        if depth > 16 { return Decision(equal: false, rule: "depth") }
        if let t = tupleAssignment(g) { return compare(t, a, depth: depth + 1) }
        if let t = tupleAssignment(a) { return compare(g, t, depth: depth + 1) }
        switch (g, a) {
        case (.scalar(let x), .scalar(let y)):
            return Decision(equal: x.equals(y), rule: x.isConstant && y.isConstant ? "value" : "symbolic")
        case (.text(let s), .text(let t)):
            return Decision(equal: normalizedText(s) == normalizedText(t), rule: "text")
        case (.text, _), (_, .text):
            return Decision(equal: false, rule: "text")
        case (.infinity(let m), .infinity(let n)):
            return Decision(equal: m == n, rule: "value")
        default: break
        }
        // `x = 3` against `3`.
        if case .relation = g, !isRelationLike(a), let v = loneVariableValue(g) {
            return relabel(compare(v, a, depth: depth + 1), "equation_value")
        }
        if case .relation = a, !isRelationLike(g), let v = loneVariableValue(a) {
            return relabel(compare(g, v, depth: depth + 1), "equation_value")
        }
        if case .relation(let o1, let p1) = g, case .relation(let o2, let p2) = a {
            return compareRelations(o1, p1, o2, p2, depth: depth)
        }
        // Intervals and inequalities.
        if isIntervalLike(g) || isIntervalLike(a) {
            if let s = intervalSet(g), let t = intervalSet(a) { return Decision(equal: s.equals(t), rule: "interval") }
        }
        // Ordered structures.
        if case .tuple(let xs, let o1, let c1) = g, case .tuple(let ys, let o2, let c2) = a {
            if xs.count == 2, ys.count == 2,
                let s = IntervalSet.make(low: xs[0], high: xs[1], lowClosed: o1 == "[", highClosed: c1 == "]"),
                let t = IntervalSet.make(low: ys[0], high: ys[1], lowClosed: o2 == "[", highClosed: c2 == "]"),
                o1 != "(" || c1 != ")" || o2 != "(" || c2 != ")"
            {
                return Decision(equal: s.equals(t), rule: "interval")
            }
            return elementwise(xs, ys, rule: "tuple", depth: depth)
        }
        if case .matrix(let r1) = g, case .matrix(let r2) = a {
            guard r1.count == r2.count, r1.first?.count == r2.first?.count else { return Decision(equal: false, rule: "matrix") }
            return elementwise(r1.flatMap { $0 }, r2.flatMap { $0 }, rule: "matrix", depth: depth)
        }
        if let v = vectorElements(g), let w = vectorElements(a), isMatrix(g) != isMatrix(a) {
            return elementwise(v, w, rule: "vector", depth: depth)
        }
        if case .ratio(let xs) = g, case .ratio(let ys) = a {
            guard xs.count == ys.count, let x0 = xs.first, let y0 = ys.first, !x0.isZero, !y0.isZero else {
                return Decision(equal: false, rule: "ratio")
            }
            for (x, y) in zip(xs, ys) {
                guard let l = try? x * y0, let r = try? y * x0, l.equals(r) else { return Decision(equal: false, rule: "ratio") }
            }
            return Decision(equal: true, rule: "ratio")
        }
        // Equations for several variables against a tuple: `x=1, y=-2` = `(1,-2)`.
        if case .tuple(let xs, _, _) = g, let ys = assignmentTuple(a) { return elementwise(xs, ys, rule: "tuple", depth: depth) }
        if case .tuple(let ys, _, _) = a, let xs = assignmentTuple(g) { return elementwise(xs, ys, rule: "tuple", depth: depth) }
        if let xs = assignmentTuple(g), let ys = assignmentTuple(a) { return elementwise(xs, ys, rule: "tuple", depth: depth) }
        // Unordered collections: sets, solution lists, `\pm`.
        let gs = solutions(g), as_ = solutions(a)
        if let xs = gs, let ys = as_ {
            if case .tuple = g, case .list(_, let c) = a, c == "," { return elementwise(xs, ys, rule: "tuple", depth: depth) }
            if case .tuple = a, case .list(_, let c) = g, c == "," { return elementwise(xs, ys, rule: "tuple", depth: depth) }
            return unordered(xs, ys, depth: depth)
        }
        if let xs = gs, isSingle(a) { return unordered(xs, [a], depth: depth) }
        if let ys = as_, isSingle(g) { return unordered([g], ys, depth: depth) }
        return Decision(equal: false, rule: "structure")
    }

    private static func relabel(_ d: Decision, _ rule: String) -> Decision {
        Decision(equal: d.equal, rule: d.rule == "value" || d.rule == "symbolic" ? rule : d.rule)
    }

    private static func isSingle(_ v: MathValue) -> Bool {
        switch v {
        case .scalar, .infinity: return true
        default: return false
        }
    }

    private static func isRelationLike(_ v: MathValue) -> Bool {
        if case .relation = v { return true }
        return false
    }

    private static func isMatrix(_ v: MathValue) -> Bool {
        if case .matrix = v { return true }
        return false
    }

    /// A row or column matrix, or a tuple, as its element list.
    private static func vectorElements(_ v: MathValue) -> [MathValue]? {
        switch v {
        case .matrix(let rows):
            if rows.count == 1 { return rows[0] }
            if rows.allSatisfy({ $0.count == 1 }) { return rows.map { $0[0] } }
            return nil
        case .tuple(let xs, _, _): return xs
        default: return nil
        }
    }

    private static func elementwise(_ xs: [MathValue], _ ys: [MathValue], rule: String, depth: Int) -> Decision {
        guard xs.count == ys.count else { return Decision(equal: false, rule: rule) }
        for (x, y) in zip(xs, ys) where !compare(x, y, depth: depth + 1).equal { return Decision(equal: false, rule: rule) }
        return Decision(equal: true, rule: rule)
    }

    /// Compares as sets: every element of each side equals some element of the other.
    private static func unordered(_ xs: [MathValue], _ ys: [MathValue], depth: Int) -> Decision {
        func covered(_ a: [MathValue], by b: [MathValue]) -> Bool {
            a.allSatisfy { x in b.contains { compare(x, $0, depth: depth + 1).equal } }
        }
        return Decision(equal: covered(xs, by: ys) && covered(ys, by: xs), rule: "set")
    }

    /// The elements of a set, a solution list or a `\pm` pair (equations `x = v` become `v`).
    private static func solutions(_ v: MathValue) -> [MathValue]? {
        switch v {
        case .set(let items): return items.flatMap { v -> [MathValue] in
                if case .list(let xs, "pm") = v { return xs }
                return [v]
            }
        case .list(let items, let connector):
            if connector == "and", items.contains(where: isRelationLike), intervalSet(v) != nil { return nil }
            var out: [MathValue] = []
            var name: String?
            for item in items {
                if case .relation = item {
                    guard let (n, value) = loneVariableAssignment(item) else { return nil }
                    if let name, name != n { return nil }
                    name = n
                    out.append(contentsOf: solutions(value) ?? [value])
                } else {
                    out.append(contentsOf: solutions(item) ?? [item])
                }
            }
            return out
        case .relation:
            if let (_, value) = loneVariableAssignment(v), let s = solutions(value) { return s }
            return nil
        default: return nil
        }
    }

    /// `x=1, y=-2` as the tuple (1, -2), variables in alphabetical order.
    private static func assignmentTuple(_ v: MathValue) -> [MathValue]? {
        guard case .list(let items, _) = v, items.count >= 2 else { return nil }
        var pairs: [(String, MathValue)] = []
        for item in items {
            guard let p = loneVariableAssignment(item) else { return nil }
            pairs.append(p)
        }
        guard Set(pairs.map(\.0)).count == pairs.count else { return nil }
        return pairs.sorted { $0.0 < $1.0 }.map(\.1)
    }

    /// `(x, y) = (1, -2)` as the tuple (1, -2), variables in alphabetical order.
    private static func tupleAssignment(_ v: MathValue) -> MathValue? {
        guard case .relation(let operands, let ops) = v, ops == ["="], operands.count == 2,
            case .tuple(let names, _, _) = operands[0], case .tuple(let values, let open, let close) = operands[1],
            names.count == values.count
        else { return nil }
        var pairs: [(String, MathValue)] = []
        for (n, value) in zip(names, values) {
            guard let name = loneVariable(n) else { return nil }
            pairs.append((name, value))
        }
        guard Set(pairs.map(\.0)).count == pairs.count else { return nil }
        return .tuple(pairs.sorted { $0.0 < $1.0 }.map(\.1), open: open, close: close)
    }

    /// `x = v` or `v = x` with a lone variable: the variable and the value.
    private static func loneVariableAssignment(_ v: MathValue) -> (String, MathValue)? {
        guard case .relation(let operands, let ops) = v, ops == ["="], operands.count == 2 else { return nil }
        if let n = loneVariable(operands[0]), !mentions(operands[1], n) { return (n, operands[1]) }
        if let n = loneVariable(operands[1]), !mentions(operands[0], n) { return (n, operands[0]) }
        return nil
    }

    private static func loneVariableValue(_ v: MathValue) -> MathValue? { loneVariableAssignment(v)?.1 }

    private static func loneVariable(_ v: MathValue) -> String? {
        guard case .scalar(let e) = v, e.isPolynomial, e.numerator.terms.count == 1 else { return nil }
        let t = e.numerator.terms[0]
        guard t.coefficient == .one, t.monomial.factors.count == 1, t.monomial.factors[0].exponent == Exponent(1) else { return nil }
        switch t.monomial.factors[0].atom {
        case .variable(let n): return n
        case .function(let f): return f
        default: return nil
        }
    }

    private static func mentions(_ v: MathValue, _ name: String) -> Bool {
        if case .scalar(let e) = v { return e.variables.contains(name) }
        return false
    }

    private static func isIntervalLike(_ v: MathValue) -> Bool {
        switch v {
        case .intervals: return true
        case .relation(_, let ops): return ops.contains { $0 != "=" }
        case .list(let items, _): return items.contains(where: isIntervalLike)
        default: return false
        }
    }

    // MARK: Relations

    private static func compareRelations(
        _ o1: [MathValue], _ p1: [String], _ o2: [MathValue], _ p2: [String], depth: Int
    ) -> Decision {
        // Same lone variable on the left: compare right-hand sides.
        if p1 == ["="], p2 == ["="], let (n1, v1) = loneVariableAssignment(.relation(o1, p1)),
            let (n2, v2) = loneVariableAssignment(.relation(o2, p2))
        {
            if n1 != n2 { return Decision(equal: false, rule: "equation") }
            let d = compare(v1, v2, depth: depth + 1)
            if d.equal || !(isSingle(v1) && isSingle(v2)) { return relabel(d, "equation") }
        }
        if p1.contains(where: { $0 != "=" }) || p2.contains(where: { $0 != "=" }) {
            if let (x, s) = relationIntervals(.relation(o1, p1)), let (y, t) = relationIntervals(.relation(o2, p2)) {
                return Decision(equal: x == y && s.equals(t), rule: "inequality")
            }
        }
        guard p1.count == 1, p2.count == 1, let d1 = difference(o1, p1[0]), let d2 = difference(o2, p2[0]) else {
            return Decision(equal: false, rule: "relation")
        }
        guard d1.op == d2.op, let t1 = leadingTerm(d1.poly), let t2 = leadingTerm(d2.poly) else {
            return Decision(equal: false, rule: "relation")
        }
        guard let l = try? d1.poly * t2, let r = try? d2.poly * t1, l.equals(r) else {
            return Decision(equal: false, rule: "relation")
        }
        if d1.op != "=" && d1.op != "ne" {
            // Scaling an inequality must keep its direction: the factor must be positive.
            guard let k = try? t1 / t2, let q = k.rational, q.signum > 0 else { return Decision(equal: false, rule: "relation") }
        }
        return Decision(equal: true, rule: "relation")
    }

    /// `L op R` as `P op' 0` with op' in {=, ne, <, le}.
    private static func difference(_ operands: [MathValue], _ op: String) -> (poly: ExactExpression, op: String)? {
        guard operands.count == 2, case .scalar(let l) = operands[0], case .scalar(let r) = operands[1],
            let d = try? l - r
        else { return nil }
        switch op {
        case "=", "ne", "<", "le": return (d, op)
        case ">": return (-d, "<")
        case "ge": return (-d, "le")
        default: return nil
        }
    }

    private static func leadingTerm(_ e: ExactExpression) -> ExactExpression? {
        guard let t = e.numerator.terms.first else { return nil }
        return ExactExpression(Polynomial(terms: [t]))
    }

    /// A one-variable relation (chain) or list of them as the set of the variable's values.
    static func relationIntervals(_ v: MathValue) -> (String, IntervalSet)? {
        switch v {
        case .relation(let operands, let ops):
            var name: String?
            var result = IntervalSet.real
            for (k, op) in ops.enumerated() {
                guard let (n, s) = constraint(operands[k], op, operands[k + 1]) else { return nil }
                if let name, name != n { return nil }
                name = n
                result = result.intersection(s)
            }
            guard let name else { return nil }
            return (name, result)
        case .list(let items, let connector):
            var name: String?
            var result: IntervalSet?
            for item in items {
                guard let (n, s) = relationIntervals(item) else { return nil }
                if let name, name != n { return nil }
                name = n
                if let r = result { result = connector == "and" ? r.intersection(s) : r.union(s) } else { result = s }
            }
            guard let name, let result else { return nil }
            return (name, result)
        default: return nil
        }
    }

    /// `L op R` where the difference is linear in one variable: that variable's solution set.
    private static func constraint(_ l: MathValue, _ op: String, _ r: MathValue) -> (String, IntervalSet)? {
        if op == "in" {
            guard let n = loneVariable(l), let s = intervalSet(r) else { return nil }
            return (n, s)
        }
        var op = op
        var lhs = l, rhs = r
        // `x < \infty` style bounds.
        if case .infinity = rhs, let n = loneVariable(lhs) { return (n, .real) }
        if case .infinity = lhs, let n = loneVariable(rhs) { return (n, .real) }
        guard case .scalar(let a) = lhs, case .scalar(let b) = rhs, let d = try? a - b, d.isPolynomial else { return nil }
        let vars = d.variables
        guard vars.count == 1, let name = vars.first else { return nil }
        var slope = Rational.zero
        var rest = Polynomial.zero
        for t in d.numerator.terms {
            if t.monomial.factors == [Factor(atom: .variable(name), exponent: Exponent(1))] {
                slope = t.coefficient
            } else if t.monomial.isConstant {
                rest = (try? rest + Polynomial(terms: [t])) ?? rest
            } else {
                return nil
            }
        }
        guard !slope.isZero, let inv = try? (-slope).inverse(), let p = try? rest.scaled(by: inv) else { return nil }
        let point = ExactExpression(p)  // the variable's boundary value
        if slope.signum < 0 {
            switch op {
            case "<": op = ">"
            case ">": op = "<"
            case "le": op = "ge"
            case "ge": op = "le"
            default: break
            }
        }
        lhs = .scalar(point)
        rhs = lhs
        let bound = MathValue.scalar(point)
        let set: IntervalSet?
        switch op {
        case "<": set = IntervalSet.make(low: .infinity(negative: true), high: bound, lowClosed: false, highClosed: false)
        case "le": set = IntervalSet.make(low: .infinity(negative: true), high: bound, lowClosed: false, highClosed: true)
        case ">": set = IntervalSet.make(low: bound, high: .infinity(negative: false), lowClosed: false, highClosed: false)
        case "ge": set = IntervalSet.make(low: bound, high: .infinity(negative: false), lowClosed: true, highClosed: false)
        case "=": set = IntervalSet.point(point)
        case "ne": set = IntervalSet.point(point)?.complement
        default: set = nil
        }
        guard let set else { return nil }
        return (name, set)
    }

    /// Any value that denotes a set of reals, as intervals.
    static func intervalSet(_ v: MathValue) -> IntervalSet? {
        switch v {
        case .intervals(let s): return s
        case .tuple(let xs, let open, let close):
            guard xs.count == 2 else { return nil }
            return IntervalSet.make(low: xs[0], high: xs[1], lowClosed: open == "[", highClosed: close == "]")
        case .set(let items):
            var s = IntervalSet.empty
            for item in items {
                guard case .scalar(let e) = item, let p = IntervalSet.point(e) else { return nil }
                s = s.union(p)
            }
            return s
        case .relation:
            return relationIntervals(v)?.1
        case .list(let items, let connector):
            if let (_, s) = relationIntervals(v) { return s }
            var result: IntervalSet?
            for item in items {
                guard let s = intervalSet(item) else { return nil }
                if let r = result { result = connector == "and" ? r.intersection(s) : r.union(s) } else { result = s }
            }
            return result
        default: return nil
        }
    }

    /// Text compared case-insensitively with whitespace collapsed and a final period dropped.
    static func normalizedText(_ s: String) -> String {
        var out: [UInt8] = []
        var space = false
        for c in s.lowercased().utf8 {
            if c == 0x20 || c == 0x09 || c == 0x0A || c == 0x0D {
                space = !out.isEmpty
                continue
            }
            if space { out.append(0x20); space = false }
            out.append(c)
        }
        while let last = out.last, last == 0x2E { out.removeLast() }
        return String(decoding: out, as: UTF8.self)
    }
}
