/// Turns a syntax tree into its meaning (`MathValue`), evaluating numbers exactly.
struct Evaluator {
    let limits: MathLimits

    func value(_ e: MathExpression) throws(MathFailure) -> MathValue {
        try value(e, degreesAsRadians: false)
    }

    private func value(_ e: MathExpression, degreesAsRadians: Bool) throws(MathFailure) -> MathValue {
        switch e {
        case .infinity: return .infinity(negative: false)
        case .emptySet: return .set([])
        case .text(let t): return .text(t)
        case .negate(let x):
            let v = try value(x, degreesAsRadians: degreesAsRadians)
            if case .infinity(let n) = v { return .infinity(negative: !n) }
            return try map(v) { s throws(MathFailure) in -s }
        case .add(let a, let b), .subtract(let a, let b):
            let x = try value(a, degreesAsRadians: degreesAsRadians)
            let y = try value(b, degreesAsRadians: degreesAsRadians)
            let isAdd: Bool
            if case .add = e { isAdd = true } else { isAdd = false }
            return try combine(x, y) { p, q throws(MathFailure) in isAdd ? try p + q : try p - q }
        case .multiply(let a, let b):
            return try combine(value(a, degreesAsRadians: degreesAsRadians), value(b, degreesAsRadians: degreesAsRadians)) {
                p, q throws(MathFailure) in try p * q
            }
        case .divide(let a, let b):
            return try combine(value(a, degreesAsRadians: degreesAsRadians), value(b, degreesAsRadians: degreesAsRadians)) {
                p, q throws(MathFailure) in try p / q
            }
        case .power(let a, let b):
            return try combine(value(a, degreesAsRadians: degreesAsRadians), value(b, degreesAsRadians: degreesAsRadians)) {
                p, q throws(MathFailure) in try ExactFunctions.power(p, q)
            }
        case .plusMinus(let a, let b):
            let y = try scalar(b, degreesAsRadians)
            guard let a else { return .list([.scalar(y), .scalar(-y)], connector: "pm") }
            let x = try scalar(a, degreesAsRadians)
            return .list([.scalar(try x + y), .scalar(try x - y)], connector: "pm")
        case .percent(let x):
            return try value(x, degreesAsRadians: degreesAsRadians)
        case .degrees(let x):
            let v = try value(x, degreesAsRadians: degreesAsRadians)
            guard degreesAsRadians else { return v }
            let toRadians = try ExactExpression(Polynomial(atom: .pi)) / ExactExpression(Rational(180))
            return try map(v) { s throws(MathFailure) in try s * toRadians }
        default:
            return .scalar(try scalarValue(e, degreesAsRadians: degreesAsRadians))
        }
    }

    private func scalar(_ e: MathExpression, _ degrees: Bool) throws(MathFailure) -> ExactExpression {
        let v = try value(e, degreesAsRadians: degrees)
        guard case .scalar(let s) = v else { throw MathFailure("expected a number, found \(v)") }
        return s
    }

    private func map(_ v: MathValue, _ f: (ExactExpression) throws(MathFailure) -> ExactExpression) throws(MathFailure) -> MathValue {
        switch v {
        case .scalar(let s): return .scalar(try f(s))
        case .list(let items, let c) where c == "pm":
            var out: [MathValue] = []
            for item in items { out.append(try map(item, f)) }
            return .list(out, connector: c)
        default: throw MathFailure("arithmetic on a non-number")
        }
    }

    /// Applies a binary operation, distributing over the two values of a `\pm`.
    private func combine(
        _ x: MathValue, _ y: MathValue, _ f: (ExactExpression, ExactExpression) throws(MathFailure) -> ExactExpression
    ) throws(MathFailure) -> MathValue {
        switch (x, y) {
        case (.scalar(let a), .scalar(let b)): return .scalar(try f(a, b))
        case (.list(let items, "pm"), .scalar):
            var out: [MathValue] = []
            for item in items { out.append(try combine(item, y, f)) }
            return .list(out, connector: "pm")
        case (.scalar, .list(let items, "pm")):
            var out: [MathValue] = []
            for item in items { out.append(try combine(x, item, f)) }
            return .list(out, connector: "pm")
        default: throw MathFailure("arithmetic on a non-number")
        }
    }

    /// Evaluates a node that must be a single scalar.
    private func scalarValue(_ e: MathExpression, degreesAsRadians: Bool) throws(MathFailure) -> ExactExpression {
        switch e {
        case .number(let text, let repeating, let exponent):
            return ExactExpression(try Rational.decimal(text, repeating: repeating, exponent: exponent))
        case .baseNumber(let digits, let base):
            var v = Rational.zero
            for ch in digits.lowercased().unicodeScalars {
                let d: Int
                if ch.value >= 0x30 && ch.value <= 0x39 { d = Int(ch.value - 0x30) } else if ch.value >= 0x61 && ch.value <= 0x7A {
                    d = Int(ch.value - 0x61) + 10
                } else {
                    throw MathFailure("bad digit")
                }
                if d >= base { throw MathFailure("digit \(d) not allowed in base \(base)") }
                v = try v * Rational(Int64(base)) + Rational(Int64(d))
            }
            return ExactExpression(v)
        case .variable(let name): return ExactExpression(Polynomial(atom: .variable(name)))
        case .pi: return ExactExpression(Polynomial(atom: .pi))
        case .euler: return ExactExpression(Polynomial(atom: .euler))
        case .imaginary: return ExactExpression(Polynomial(atom: .imaginary))
        case .factorial(let x):
            let v = try scalar(x, degreesAsRadians)
            guard let r = v.rational else { return ExactFunctions.opaque("(\(v))!") }
            return ExactExpression(try Rational.factorial(r, limit: limits.maxFactorial))
        case .binomial(let n, let k):
            let a = try scalar(n, degreesAsRadians), b = try scalar(k, degreesAsRadians)
            guard let x = a.rational, let y = b.rational else { return ExactFunctions.opaque("binom(\(a),\(b))") }
            return ExactExpression(try Rational.binomial(x, y, limit: limits.maxFactorial))
        case .function(let name, let base, let argument):
            return try function(name, base: base, argument: argument, degreesAsRadians: degreesAsRadians)
        default:
            throw MathFailure("not a number")
        }
    }

    private func function(
        _ name: String, base: MathExpression?, argument: MathExpression, degreesAsRadians: Bool
    ) throws(MathFailure) -> ExactExpression {
        switch name {
        case "sin", "cos", "tan", "sec", "csc", "cot", "cosec":
            return try ExactFunctions.trig(name, scalar(argument, true))
        case "arcsin", "arccos", "arctan":
            return try ExactFunctions.inverseTrig(name, scalar(argument, degreesAsRadians))
        case "sqrt":
            let x = try scalar(argument, degreesAsRadians)
            var index: Int64 = 2
            if let base {
                guard let r = try scalar(base, degreesAsRadians).rational, let k = r.int64, r.isInteger, k >= 2, k <= 64 else {
                    throw MathFailure("unsupported root index")
                }
                index = k
            }
            if let r = x.rational { return try ExactFunctions.rationalPower(r, Exponent(1, Int(index))) }
            return try ExactFunctions.power(x, ExactExpression(Rational(1, index)))
        case "ln":
            return try ExactFunctions.ln(scalar(argument, degreesAsRadians))
        case "log", "lg":
            let x = try scalar(argument, degreesAsRadians)
            let b = try base.map { (e: MathExpression) throws(MathFailure) in try scalar(e, degreesAsRadians) } ?? ExactExpression(Rational(10))
            let lb = try ExactFunctions.ln(b)
            if lb.isZero { throw MathFailure.undefined("logarithm base 1") }
            return try ExactFunctions.ln(x) / lb
        case "exp":
            return try ExactFunctions.exponential(scalar(argument, degreesAsRadians))
        case "abs":
            let x = try scalar(argument, degreesAsRadians)
            if let r = x.rational { return ExactExpression(r.signum < 0 ? -r : r) }
            if x.isConstant, x.isReal, let a = x.approximate, abs(a) > 1e-9 { return a < 0 ? -x : x }
            if x.isConstant, x.isPolynomial {
                // |a + bi| = sqrt(a^2 + b^2) for rational a, b.
                var re = Rational.zero, im = Rational.zero
                var simple = true
                for t in x.numerator.terms {
                    if t.monomial.isOne { re = t.coefficient } else if t.monomial.factors == [Factor(atom: .imaginary, exponent: Exponent(1))] {
                        im = t.coefficient
                    } else {
                        simple = false
                    }
                }
                if simple { return try ExactFunctions.rationalPower(re * re + im * im, Exponent(1, 2)) }
            }
            return ExactFunctions.opaque("abs(\(x))")
        case "floor", "ceil":
            let x = try scalar(argument, degreesAsRadians)
            guard let r = x.rational else { return ExactFunctions.opaque("\(name)(\(x))") }
            let (q, rem) = r.numerator.quotientAndRemainder(dividingBy: r.denominator)
            var v = Rational(q)
            if rem.signum != 0 {
                if name == "floor" && r.signum < 0 { v = try v - .one }
                if name == "ceil" && r.signum > 0 { v = try v + .one }
            }
            return ExactExpression(v)
        default:
            let x = try value(argument, degreesAsRadians: degreesAsRadians)
            return ExactFunctions.opaque("\(name)(\(x))")
        }
    }

    // MARK: Structures

    /// `|u| op c` or `c op |u|` with `op` one of < \le > \ge, u linear in one variable and c
    /// rational: the solution set (`|x| \ge 1` = `(-\infty,-1]\cup[1,\infty)`). Nil otherwise.
    private func absoluteValueInequality(_ operands: [MathExpression], _ ops: [String]) throws(MathFailure) -> IntervalSet? {
        guard ops.count == 1, operands.count == 2 else { return nil }
        let flipped = ["<": ">", ">": "<", "le": "ge", "ge": "le"]
        guard flipped[ops[0]] != nil else { return nil }
        var op = ops[0]
        var absolute = operands[0], bound = operands[1]
        if case .function("abs", .none, _) = operands[1] {
            swap(&absolute, &bound)
            op = flipped[op]!
        }
        guard case .function("abs", .none, let inner) = absolute, case .scalar(let c) = try value(bound),
            let r = c.rational, case .scalar(let u) = try value(inner)
        else { return nil }
        let low = MathValue.scalar(ExactExpression(-r)), high = MathValue.scalar(ExactExpression(r))
        let conditions: MathValue
        if op == "<" || op == "le" {
            conditions = .relation([low, .scalar(u), high], [op, op])  // -c < u < c
        } else {
            let below = op == ">" ? "<" : "le"
            conditions = .list([.relation([.scalar(u), low], [below]), .relation([.scalar(u), high], [op])], connector: "or")
        }
        return Equivalence.relationIntervals(conditions)?.1
    }

    /// Evaluates the structural nodes (relations, lists, sets, intervals, matrices).
    func structure(_ e: MathExpression) throws(MathFailure) -> MathValue {
        switch e {
        case .relation(let operands, let ops):
            if let s = try absoluteValueInequality(operands, ops) { return .intervals(s) }
            var values: [MathValue] = []
            for o in operands { values.append(try structure(o)) }
            return .relation(values, ops)
        case .list(let items, let connector):
            var values: [MathValue] = []
            for i in items { values.append(try structure(i)) }
            return .list(values, connector: connector)
        case .bracketed(let open, let close, let items):
            var values: [MathValue] = []
            for i in items { values.append(try structure(i)) }
            return .tuple(values, open: open, close: close)
        case .set(let items):
            var values: [MathValue] = []
            for i in items { values.append(try structure(i)) }
            return .set(values)
        case .setBuilder(_, let condition):
            let c = try structure(condition)
            guard let s = Equivalence.intervalSet(c) else { throw MathFailure("unsupported set-builder condition") }
            return .intervals(s)
        case .union(let a, let b), .intersection(let a, let b), .setMinus(let a, let b):
            let x = try structure(a), y = try structure(b)
            guard let p = Equivalence.intervalSet(x), let q = Equivalence.intervalSet(y) else {
                throw MathFailure("set operation on non-sets")
            }
            switch e {
            case .union: return .intervals(p.union(q))
            case .intersection: return .intervals(p.intersection(q))
            default: return .intervals(p.intersection(q.complement))
            }
        case .ratio(let parts):
            var values: [ExactExpression] = []
            for p in parts {
                guard case .scalar(let s) = try structure(p) else { throw MathFailure("ratio of non-numbers") }
                values.append(s)
            }
            return .ratio(values)
        case .matrix(let rows):
            var out: [[MathValue]] = []
            for r in rows {
                var row: [MathValue] = []
                for x in r { row.append(try structure(x)) }
                out.append(row)
            }
            return .matrix(out)
        default:
            return try value(e)
        }
    }
}
