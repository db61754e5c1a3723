/// The meaning of an answer: what two answers are compared as.
indirect enum MathValue: Sendable, CustomStringConvertible {
    case scalar(ExactExpression)
    /// +infinity or -infinity.
    case infinity(negative: Bool)
    /// A relation chain `a op b op c`; operands may be scalars or sets (for `\in`).
    case relation([MathValue], [String])
    /// A bracketed list; a two-element one may also be an interval.
    case tuple([MathValue], open: Character, close: Character)
    /// Elements joined by `,` `;` "or" "and", or the two values of a `\pm`.
    case list([MathValue], connector: String)
    case set([MathValue])
    case intervals(IntervalSet)
    case matrix([[MathValue]])
    case ratio([ExactExpression])
    case text(String)

    var description: String {
        var s = ""
        write(to: &s)
        return s
    }

    /// Appends `description` to `s`, one buffer for the whole value.
    func write(to s: inout String) {
        switch self {
        case .scalar(let e): e.write(to: &s)
        case .infinity(let n): s += n ? "-oo" : "oo"
        case .relation(let operands, let ops):
            operands[0].write(to: &s)
            for (k, op) in ops.enumerated() {
                s += " "
                s += op
                s += " "
                operands[k + 1].write(to: &s)
            }
        case .tuple(let items, let open, let close):
            s.append(open)
            Self.write(items, separator: ", ", to: &s)
            s.append(close)
        case .list(let items, let connector):
            Self.write(items, separator: connector == "," ? ", " : " \(connector) ", to: &s)
        case .set(let items):
            s += "{"
            Self.write(items, separator: ", ", to: &s)
            s += "}"
        case .intervals(let set): s += set.description
        case .matrix(let rows):
            s += "["
            for (k, row) in rows.enumerated() {
                if k > 0 { s += "; " }
                Self.write(row, separator: ", ", to: &s)
            }
            s += "]"
        case .ratio(let parts):
            for (k, p) in parts.enumerated() {
                if k > 0 { s += ":" }
                p.write(to: &s)
            }
        case .text(let t):
            s += "\""
            s += t
            s += "\""
        }
    }

    private static func write(_ items: [MathValue], separator: String, to s: inout String) {
        for (k, item) in items.enumerated() {
            if k > 0 { s += separator }
            item.write(to: &s)
        }
    }

    var scalar: ExactExpression? {
        if case .scalar(let e) = self { return e }
        return nil
    }
}
