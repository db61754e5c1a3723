/// One end of an interval: a real constant (or infinity) and whether it is included.
struct Endpoint: Sendable, CustomStringConvertible {
    /// nil for an infinite end.
    var value: ExactExpression?
    var closed: Bool
    /// For ordering only (infinite ends are +-infinity).
    var approx: Double

    static func infinite(negative: Bool) -> Endpoint { Endpoint(value: nil, closed: false, approx: negative ? -.infinity : .infinity) }

    /// Exact equality of positions (closedness ignored).
    func samePosition(_ o: Endpoint) -> Bool {
        if let a = value, let b = o.value { return a.equals(b) }
        return value == nil && o.value == nil && approx == o.approx
    }

    /// Strict ordering of positions; exact ties are decided exactly, the rest by the approximation.
    func before(_ o: Endpoint) -> Bool { !samePosition(o) && approx < o.approx }

    var description: String { value.map(\.description) ?? (approx < 0 ? "-oo" : "oo") }
}

/// An interval of the real line.
struct Interval: Sendable {
    var low: Endpoint
    var high: Endpoint
}

/// A finite union of disjoint intervals in increasing order (points are closed intervals [a, a]).
/// Unions and intersections are simplified so equal sets have equal interval lists.
struct IntervalSet: Sendable, CustomStringConvertible {
    var intervals: [Interval]

    static let empty = IntervalSet(intervals: [])
    static let real = IntervalSet(intervals: [Interval(low: .infinite(negative: true), high: .infinite(negative: false))])

    /// An interval from its written form; nil when the ends are not ordered real constants.
    static func make(low: MathValue, high: MathValue, lowClosed: Bool, highClosed: Bool) -> IntervalSet? {
        guard let lo = endpoint(low, closed: lowClosed), let hi = endpoint(high, closed: highClosed) else { return nil }
        if lo.value == nil && lo.approx > 0 { return nil }
        if hi.value == nil && hi.approx < 0 { return nil }
        if hi.before(lo) { return nil }
        if lo.samePosition(hi) && !(lo.closed && hi.closed) { return nil }
        return IntervalSet(intervals: [Interval(low: lo, high: hi)])
    }

    static func endpoint(_ v: MathValue, closed: Bool) -> Endpoint? {
        switch v {
        case .infinity(let negative): return .infinite(negative: negative)
        case .scalar(let e):
            guard e.isConstant, e.isReal, let a = e.approximate, a.isFinite else { return nil }
            return Endpoint(value: e, closed: closed, approx: a)
        default: return nil
        }
    }

    /// A single point.
    static func point(_ e: ExactExpression) -> IntervalSet? {
        guard let p = endpoint(.scalar(e), closed: true) else { return nil }
        return IntervalSet(intervals: [Interval(low: p, high: p)])
    }

    /// The union, merged into disjoint sorted intervals.
    func union(_ other: IntervalSet) -> IntervalSet {
        var all = intervals + other.intervals
        all.sort { $0.low.before($1.low) || ($0.low.samePosition($1.low) && $0.low.closed && !$1.low.closed) }
        var out: [Interval] = []
        for iv in all {
            if var last = out.last {
                let touches = iv.low.before(last.high)
                    || (iv.low.samePosition(last.high) && (iv.low.closed || last.high.closed))
                if touches {
                    if last.high.before(iv.high) { last.high = iv.high } else if last.high.samePosition(iv.high) {
                        last.high.closed = last.high.closed || iv.high.closed
                    }
                    out[out.count - 1] = last
                    continue
                }
            }
            out.append(iv)
        }
        return IntervalSet(intervals: out)
    }

    /// The intersection.
    func intersection(_ other: IntervalSet) -> IntervalSet {
        var out = IntervalSet.empty
        for a in intervals {
            for b in other.intervals {
                var lo = a.low, hi = a.high
                if lo.before(b.low) { lo = b.low } else if lo.samePosition(b.low) { lo.closed = lo.closed && b.low.closed }
                if b.high.before(hi) { hi = b.high } else if hi.samePosition(b.high) { hi.closed = hi.closed && b.high.closed }
                if hi.before(lo) { continue }
                if lo.samePosition(hi) && !(lo.closed && hi.closed) { continue }
                out = out.union(IntervalSet(intervals: [Interval(low: lo, high: hi)]))
            }
        }
        return out
    }

    /// The complement in the real line.
    var complement: IntervalSet {
        var out: [Interval] = []
        var start = Endpoint.infinite(negative: true)
        for iv in intervals {
            var hi = iv.low
            hi.closed = !iv.low.closed
            if start.before(hi) || (start.samePosition(hi) && start.closed && hi.closed) {
                out.append(Interval(low: start, high: hi))
            }
            start = iv.high
            start.closed = !iv.high.closed
        }
        let end = Endpoint.infinite(negative: false)
        if start.value != nil || start.approx < 0 { out.append(Interval(low: start, high: end)) }
        return IntervalSet(intervals: out)
    }

    func equals(_ o: IntervalSet) -> Bool {
        guard intervals.count == o.intervals.count else { return false }
        for (a, b) in zip(intervals, o.intervals) {
            guard a.low.samePosition(b.low), a.high.samePosition(b.high) else { return false }
            if a.low.value != nil && a.low.closed != b.low.closed { return false }
            if a.high.value != nil && a.high.closed != b.high.closed { return false }
        }
        return true
    }

    var description: String {
        if intervals.isEmpty { return "{}" }
        return intervals.map { iv in
            if iv.low.value != nil && iv.low.samePosition(iv.high) { return "{\(iv.low)}" }
            return "\(iv.low.closed ? "[" : "(")\(iv.low), \(iv.high)\(iv.high.closed ? "]" : ")")"
        }.joined(separator: " U ")
    }
}
