/// The syntax tree of a parsed answer, before any evaluation.
indirect enum MathExpression: Sendable {
    /// A decimal literal (`12`, `1.5`), repeating digits after it, and a power-of-ten exponent.
    case number(String, repeating: String, exponent: Int)
    /// Digits written in a base (`1011_2`).
    case baseNumber(digits: String, base: Int)
    /// A letter, a Greek letter or a subscripted name.
    case variable(String)
    case pi, euler, imaginary, infinity
    case emptySet
    case negate(MathExpression)
    case add(MathExpression, MathExpression)
    case subtract(MathExpression, MathExpression)
    case multiply(MathExpression, MathExpression)
    case divide(MathExpression, MathExpression)
    case power(MathExpression, MathExpression)
    /// `a \pm b` (a is nil for a leading `\pm b`).
    case plusMinus(MathExpression?, MathExpression)
    case factorial(MathExpression)
    /// A trailing percent sign (dropped: 50\% = 50).
    case percent(MathExpression)
    /// A degree mark (dropped, except inside a trigonometric argument).
    case degrees(MathExpression)
    /// A named function: `sin`, `log` (with `base`), `sqrt` (with `base` = index), `abs`, ...
    case function(String, base: MathExpression?, argument: MathExpression)
    case binomial(MathExpression, MathExpression)
    /// A relation chain: operands and the operators between them (`=`, `<`, `le`, `>`, `ge`, `ne`, `in`).
    case relation([MathExpression], [String])
    /// A bracketed list: `(1,2)`, `[a,b)`, `\langle 1, 2\rangle`.
    case bracketed(open: Character, close: Character, [MathExpression])
    case set([MathExpression])
    /// `{x | condition}` or `{x : condition}`.
    case setBuilder(MathExpression, MathExpression)
    case union(MathExpression, MathExpression)
    case intersection(MathExpression, MathExpression)
    case setMinus(MathExpression, MathExpression)
    /// Elements separated at the top level; `connector` is `,`, `;`, `or` or `and`.
    case list([MathExpression], connector: String)
    /// A ratio `a:b(:c)`.
    case ratio([MathExpression])
    case matrix([[MathExpression]])
    /// Prose that is not mathematics.
    case text(String)
}

extension MathExpression {
    /// An integer literal node.
    static func integer(_ digits: String) -> MathExpression { .number(digits, repeating: "", exponent: 0) }

    /// Whether the node is a plain integer literal (no point, no repeating part, no exponent).
    var isIntegerLiteral: Bool {
        if case .number(let text, "", 0) = self { return !text.utf8.contains(0x2E) }
        return false
    }
}

extension MathExpression {
    /// Adds the names of every letter variable in the tree to `names` (`\pi`, e and i are not variables).
    func collectVariables(into names: inout Set<String>) {
        switch self {
        case .variable(let v): names.insert(v)
        case .number, .baseNumber, .pi, .euler, .imaginary, .infinity, .emptySet, .text: break
        case .negate(let x), .factorial(let x), .percent(let x), .degrees(let x): x.collectVariables(into: &names)
        case .add(let a, let b), .subtract(let a, let b), .multiply(let a, let b), .divide(let a, let b), .power(let a, let b),
            .binomial(let a, let b), .setBuilder(let a, let b), .union(let a, let b), .intersection(let a, let b),
            .setMinus(let a, let b):
            a.collectVariables(into: &names)
            b.collectVariables(into: &names)
        case .plusMinus(let a, let b):
            a?.collectVariables(into: &names)
            b.collectVariables(into: &names)
        case .function(_, let base, let argument):
            base?.collectVariables(into: &names)
            argument.collectVariables(into: &names)
        case .relation(let xs, _), .bracketed(_, _, let xs), .set(let xs), .list(let xs, _), .ratio(let xs):
            for x in xs { x.collectVariables(into: &names) }
        case .matrix(let rows):
            for row in rows { for x in row { x.collectVariables(into: &names) } }
        }
    }
}
