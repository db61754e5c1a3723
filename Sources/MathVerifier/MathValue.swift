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
        switch self {
        case .scalar(let e): return e.description
        case .infinity(let n): return n ? "-oo" : "oo"
        case .relation(let operands, let ops):
            var s = operands[0].description
            for (k, op) in ops.enumerated() { s += " \(op) \(operands[k + 1])" }
            return s
        case .tuple(let items, let open, let close):
            return "\(open)" + items.map(\.description).joined(separator: ", ") + "\(close)"
        case .list(let items, let connector):
            return items.map(\.description).joined(separator: connector == "," ? ", " : " \(connector) ")
        case .set(let items): return "{" + items.map(\.description).joined(separator: ", ") + "}"
        case .intervals(let s): return s.description
        case .matrix(let rows): return "[" + rows.map { $0.map(\.description).joined(separator: ", ") }.joined(separator: "; ") + "]"
        case .ratio(let parts): return parts.map(\.description).joined(separator: ":")
        case .text(let t): return "\"\(t)\""
        }
    }

    var scalar: ExactExpression? {
        if case .scalar(let e) = self { return e }
        return nil
    }
}
