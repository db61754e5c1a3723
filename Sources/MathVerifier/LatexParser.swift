/// A recursive-descent parser from tokens to `MathExpression`.
///
/// Precedence, loosest first: list separators (`,` `;` "or" "and"), relations (`=` `<` `\le` `\in`
/// ...), set operations (`\cup` `\cap`), ratio `:`, `+ - \pm`, `* / \times` and juxtaposition,
/// unary signs, `^`, postfix `!` `%` `^\circ`. Depth is bounded by `MathLimits.maxDepth`.
struct LatexParser {
    private var tokens: [Token]
    private var position = 0
    private var depth = 0
    /// Inside `\{x : ...\}` the colon separates the condition, not a ratio.
    private var noRatio = 0
    private let limits: MathLimits

    init(tokens: [Token], limits: MathLimits) {
        self.tokens = tokens
        self.limits = limits
    }

    /// Parses a whole answer.
    static func parse(_ text: String, limits: MathLimits) throws(MathFailure) -> MathExpression {
        var parser = LatexParser(tokens: try LatexLexer.tokenize(text, limits: limits), limits: limits)
        if parser.tokens.isEmpty { throw MathFailure("empty answer") }
        if let body = try parser.functionDefinitionBody() { return body }
        let e = try parser.parseList(until: nil)
        if parser.position < parser.tokens.count {
            throw MathFailure("unexpected '\(parser.tokens[parser.position].text)'")
        }
        return e
    }

    // MARK: Token access

    private var current: Token { position < tokens.count ? tokens[position] : .end }
    private func peek(_ k: Int) -> Token { position + k < tokens.count ? tokens[position + k] : .end }
    private mutating func advance() { position += 1 }

    private mutating func expectSymbol(_ s: Unicode.Scalar) throws(MathFailure) {
        guard current.isSymbol(s) else { throw MathFailure("expected '\(s)'") }
        advance()
    }

    private mutating func enter() throws(MathFailure) {
        // Each bracket level costs a few grammar levels; brackets alone are capped at maxDepth.
        depth += 1
        if depth > limits.maxDepth * 4 { throw .limit("nesting deeper than \(limits.maxDepth)") }
    }

    private mutating func leave() { depth -= 1 }

    /// Tokens that end the current list element.
    private func isCloser(_ t: Token) -> Bool {
        (t.kind == .symbol && (t.byte == 0x29 || t.byte == 0x5D || t.byte == 0x7D || t.byte == 0x7C || t.byte == 0x26))
            || (t.kind == .command && (t.text == "}" || t.text == "\\" || t.text == "end" || t.text == "rfloor"))
            || t.kind == .end
    }

    private static func connector(_ t: Token) -> String? {
        if t.kind == .symbol { return t.byte == 0x2C ? "," : (t.byte == 0x3B ? ";" : nil) }
        if t.kind == .word && (t.text == "or" || t.text == "and" || t.text == "OR" || t.text == "AND") { return t.text.lowercased() }
        if t.kind == .text {
            let w = t.text.trimmingSpaces.lowercased()
            if w == "or" || w == "and" || w == "," || w == "and/or" { return w == "," ? "," : (w == "and" ? "and" : "or") }
        }
        if t.kind == .command && (t.text == "quad" || t.text == "text") { return nil }
        return nil
    }

    /// `f(x) = 2x+1`: a function definition whose right side is an expression in its own
    /// variable (and no other letter) means that expression. Nil (and nothing consumed) otherwise.
    private mutating func functionDefinitionBody() throws(MathFailure) -> MathExpression? {
        guard tokens.count > 5, tokens[0].kind == .letter, tokens[1].isSymbol("("), tokens[2].kind == .letter,
            tokens[3].isSymbol(")"), tokens[4].isSymbol("=")
        else { return nil }
        let name = tokens[0].text, variable = tokens[2].text
        let constants: Set<String> = ["e", "i"]
        guard name != variable, !constants.contains(name), !constants.contains(variable) else { return nil }
        let saved = tokens  // the parser splits some tokens in place (`\frac12`, `xy`)
        position = 5
        if let body = try? parseList(until: nil), position == tokens.count {
            switch body {
            case .relation, .list: break
            default:
                var names = Set<String>()
                body.collectVariables(into: &names)
                if names == [variable] { return body }
            }
        }
        tokens = saved
        position = 0
        depth = 0
        noRatio = 0
        return nil
    }

    // MARK: Grammar

    /// list := relation (connector relation)*
    mutating func parseList(until closer: String?) throws(MathFailure) -> MathExpression {
        try enter()
        defer { leave() }
        var items: [MathExpression] = []
        var connector = ","
        while true {
            if let c = LatexParser.connector(current) {  // leading or doubled separators
                if items.isEmpty && c != "," { advance(); continue }
                if !items.isEmpty { connector = c == "," || c == ";" ? connector : c }
                advance()
                continue
            }
            // A `|` where an element starts opens an absolute value (`|x| \ge 1`).
            if isCloser(current) && !current.isSymbol("|") { break }
            items.append(try parseRelation())
            if items.count > limits.maxElements { throw .limit("more than \(limits.maxElements) elements") }
            guard let c = LatexParser.connector(current) else { break }
            if c != "," && c != ";" { connector = c }
            advance()
        }
        if items.isEmpty { throw MathFailure("empty expression") }
        return items.count == 1 ? items[0] : .list(items, connector: connector)
    }

    private func relationOperator(_ t: Token) -> String? {
        guard t.kind == .symbol || t.kind == .command else { return nil }
        switch t.text {
        case "=", "<", ">", "le", "ge", "ne", "in": return t.text
        case "equiv": return "="
        default: return nil
        }
    }

    /// relation := setExpression (relop setExpression)*
    private mutating func parseRelation() throws(MathFailure) -> MathExpression {
        var operands = [try parseSetExpression()]
        var operators: [String] = []
        while let op = relationOperator(current) {
            advance()
            operators.append(op)
            operands.append(try parseSetExpression())
        }
        return operators.isEmpty ? operands[0] : .relation(operands, operators)
    }

    /// setExpression := ratio ((\cup | \cap | \setminus) ratio)*
    private mutating func parseSetExpression() throws(MathFailure) -> MathExpression {
        var left = try parseRatio()
        while current.kind == .command || current.kind == .letter || current.kind == .word {
            let t = current
            if t.isCommand("cup") || (t.kind == .letter && t.text == "U" && peek(1).isSymbol("(") == false && isIntervalStart(peek(1))) {
                advance(); left = .union(left, try parseRatio())
            } else if t.isCommand("cap") {
                advance(); left = .intersection(left, try parseRatio())
            } else if t.isCommand("setminus") || t.isCommand("backslash") {
                advance(); left = .setMinus(left, try parseRatio())
            } else {
                break
            }
        }
        return left
    }

    private func isIntervalStart(_ t: Token) -> Bool { t.isSymbol("(") || t.isSymbol("[") }

    /// ratio := additive (':' additive)*
    private mutating func parseRatio() throws(MathFailure) -> MathExpression {
        let first = try parseAdditive()
        guard current.isSymbol(":"), noRatio == 0 else { return first }
        var parts = [first]
        while current.isSymbol(":") {
            advance()
            parts.append(try parseAdditive())
        }
        return .ratio(parts)
    }

    /// additive := term (('+' | '-' | \pm | \mp) term)*
    private mutating func parseAdditive() throws(MathFailure) -> MathExpression {
        try enter()
        defer { leave() }
        var left: MathExpression
        if current.isCommand("pm") || current.isCommand("mp") {
            advance()
            left = .plusMinus(nil, try parseTerm())
        } else {
            left = try parseTerm()
        }
        while true {
            if current.isSymbol("+") {
                advance(); left = .add(left, try parseTerm())
            } else if current.isSymbol("-") {
                advance(); left = .subtract(left, try parseTerm())
            } else if current.isCommand("pm") || current.isCommand("mp") {
                advance(); left = .plusMinus(left, try parseTerm())
            } else {
                return left
            }
        }
    }

    /// Whether `t` can start an operand multiplied by juxtaposition (`2x`, `x(x+1)`, `2\sqrt3`).
    private func startsImplicitFactor(_ t: Token) -> Bool {
        switch t.kind {
        case .number, .letter: return true
        case .word: return !(t.text == "or" || t.text == "and" || t.text == "OR" || t.text == "AND")
        case .symbol: return t.text == "(" || t.text == "{"
        case .command:
            return LatexParser.valueCommands.contains(t.text) || LatexParser.functionNames.contains(t.text)
                || t.text == "frac" || t.text == "sqrt" || t.text == "binom" || t.text == "begin" || t.text == "cbrt"
                || t.text == "overline" || t.text == "lfloor" || t.text == "lceil"
        default: return false
        }
    }

    /// term := unary (('*' | '/' | juxtaposition) unary)*
    private mutating func parseTerm() throws(MathFailure) -> MathExpression {
        try enter()
        defer { leave() }
        var left = try parseUnary()
        while true {
            let t = current
            if t.isSymbol("*") {
                advance(); left = .multiply(left, try parseUnary())
            } else if t.isSymbol("/") {
                advance(); left = .divide(left, try parseUnary())
            } else if t.kind == .text || (t.kind == .word && isUnitWord(t.text)) {
                if LatexParser.connector(t) != nil { return left }
                // Units and trailing prose after a value: `5\text{ cm}`, `10 dollars`.
                advance()
                if current.isSymbol("^") && (peek(1).kind == .number) { advance(); advance() }
            } else if startsImplicitFactor(t) {
                if let mixed = try mixedNumber(after: left) { left = try parsePostfix(mixed); continue }
                left = .multiply(left, try parseUnary())
            } else {
                return left
            }
        }
    }

    private func isUnitWord(_ w: String) -> Bool {
        if LatexParser.unitWords.contains(w) { return true }
        if w.utf8.count >= 4 && !LatexParser.functionNames.contains(w) && !LatexParser.wordValues.keys.contains(w) { return true }
        return false
    }

    static let unitWords: Set<String> = [
        "cm", "mm", "km", "kg", "mg", "ft", "in", "yd", "mi", "hr", "hrs", "min", "mins", "sec", "secs", "mph",
        "kph", "ml", "mL", "oz", "lb", "lbs", "sq", "deg", "rad", "pts", "cents", "units", "dollars", "dollar",
        "degrees", "degree", "percent", "meters", "inches", "feet", "miles", "hours", "minutes", "seconds", "days",
        "years", "square", "cubic", "cm^", "m^", "am", "pm", "AM", "PM", "radian", "radians", "meter", "inch", "foot",
        "mile", "hour", "minute", "second", "day", "week", "weeks", "month", "months", "year", "gram", "grams",
        "kilograms", "liter", "liters", "gallon", "gallons", "unit",
    ]

    /// `7\frac{3}{4}` and `7 3/4`: an integer directly followed by a fraction of integers.
    private mutating func mixedNumber(after left: MathExpression) throws(MathFailure) -> MathExpression? {
        var negative = false
        var whole = left
        if case .negate(let inner) = left { negative = true; whole = inner }
        guard whole.isIntegerLiteral else { return nil }
        let saved = position
        var fractionPart: MathExpression?
        if current.isCommand("frac") {
            advance()
            let n = try parseFracArgument(), d = try parseFracArgument()
            if n.isIntegerLiteral && d.isIntegerLiteral { fractionPart = .divide(n, d) }
        } else if current.kind == .number && current.spaceBefore && peek(1).isSymbol("/") && peek(2).kind == .number
            && !current.text.utf8.contains(0x2E) && !peek(2).text.utf8.contains(0x2E) && !peek(3).isSymbol("^")
        {
            let n = numberExpression(current)
            advance(); advance()
            let d = numberExpression(current)
            advance()
            fractionPart = .divide(n, d)
        }
        guard let f = fractionPart else { position = saved; return nil }
        let sum = MathExpression.add(whole, f)
        return negative ? .negate(sum) : sum
    }

    /// unary := ('-' | '+') unary | power
    private mutating func parseUnary() throws(MathFailure) -> MathExpression {
        try enter()
        defer { leave() }
        if current.isSymbol("-") { advance(); return .negate(try parseUnary()) }
        if current.isSymbol("+") { advance(); return try parseUnary() }
        if current.isCommand("pm") || current.isCommand("mp") { advance(); return .plusMinus(nil, try parseUnary()) }
        return try parsePower()
    }

    /// power := postfix ('^' exponent)?   (right-associative)
    private mutating func parsePower() throws(MathFailure) -> MathExpression {
        let base = try parsePostfix(try parsePrimary())
        return try parseExponentIfAny(base)
    }

    private mutating func parseExponentIfAny(_ base: MathExpression) throws(MathFailure) -> MathExpression {
        guard current.isSymbol("^") else { return base }
        advance()
        if current.isCommand("circ") { advance(); return try parsePostfix(.degrees(base)) }
        if current.isSymbol("{") && peek(1).isCommand("circ") && peek(2).isSymbol("}") {
            advance(); advance(); advance()
            return try parsePostfix(.degrees(base))
        }
        if current.isSymbol("{") && peek(1).isSymbol("}") { advance(); advance(); return base }
        try enter()
        defer { leave() }
        let exponent: MathExpression
        if current.isSymbol("-") {
            advance()
            exponent = .negate(try parseExponentAtom())
        } else {
            exponent = try parseExponentAtom()
        }
        return try parsePostfix(.power(base, try parseExponentIfAny(exponent)))
    }

    /// The operand right after `^`: a braced group, a number, a letter or a single command.
    private mutating func parseExponentAtom() throws(MathFailure) -> MathExpression {
        if current.isSymbol("{") {
            advance()
            let e = try parseList(until: "}")
            try expectSymbol("}")
            return e
        }
        return try parsePostfix(try parsePrimary())
    }

    /// postfix := primary ('!' | '%' | degree | prime)*
    private mutating func parsePostfix(_ operand: MathExpression) throws(MathFailure) -> MathExpression {
        var e = operand
        while true {
            if current.isSymbol("!") {
                advance(); e = .factorial(e)
            } else if current.isSymbol("%") || (current.kind == .word && current.text == "percent") {
                advance(); e = .percent(e)
            } else if current.isCommand("circ") {
                advance(); e = .degrees(e)
            } else {
                return e
            }
        }
    }

    static let valueCommands: Set<String> = [
        "pi", "infty", "infinity", "emptyset", "theta", "alpha", "beta", "gamma", "delta", "phi", "lambda", "mu",
        "omega", "epsilon", "sigma", "tau", "rho", "psi", "chi", "eta", "zeta", "nu", "xi", "kappa", "Delta",
        "Omega", "Theta", "Phi", "Gamma", "Lambda", "Sigma", "Pi", "imath", "text",
    ]

    static let functionNames: Set<String> = [
        "sin", "cos", "tan", "sec", "csc", "cot", "arcsin", "arccos", "arctan", "ln", "log", "exp", "sqrt", "sinh",
        "cosh", "tanh", "lg", "det", "gcd", "lcm", "max", "min", "abs", "floor", "ceil", "arccot", "arcsec", "arccsc",
        "cosec", "cbrt",
    ]

    /// Words written without a backslash that mean a value.
    static let wordValues: [String: MathExpression] = [
        "pi": .pi, "infinity": .infinity, "inf": .infinity, "infty": .infinity, "Infinity": .infinity,
        "undefined": .text("undefined"), "none": .text("none"), "NaN": .text("NaN"), "nan": .text("nan"),
        "DNE": .text("DNE"),
    ]

    /// Reads one argument of `\frac` / `\binom`: a braced group or one character (`\frac12`).
    private mutating func parseFracArgument() throws(MathFailure) -> MathExpression {
        if current.isSymbol("{") {
            advance()
            let e = try parseList(until: "}")
            try expectSymbol("}")
            return e
        }
        if current.kind == .number && current.text.utf8.count > 1 && current.exponent == 0 {
            // `\frac12`: only the first digit belongs to the fraction.
            let t = current
            let first = String(t.text.prefix(1))
            let rest = String(t.text.dropFirst())
            tokens[position] = Token(kind: .number, text: rest, spaceBefore: false)
            if rest.utf8.first == 0x2E { throw MathFailure("malformed fraction") }
            return numberExpression(Token(kind: .number, text: first, spaceBefore: false))
        }
        if current.kind == .word {
            // `\frac ab`: the first letter only.
            let t = current
            let first = String(t.text.prefix(1))
            tokens[position] = Token(kind: t.text.utf8.count == 2 ? .letter : .word, text: String(t.text.dropFirst()), spaceBefore: false)
            return .variable(first)
        }
        return try parsePrimary()
    }

    private func numberExpression(_ t: Token) -> MathExpression {
        .number(t.text, repeating: "", exponent: t.exponent)
    }

    /// primary := number | letter | word | command | group | bracket | set | |x| | matrix | text
    private mutating func parsePrimary() throws(MathFailure) -> MathExpression {
        try enter()
        defer { leave() }
        let t = current
        switch t.kind {
        case .end:
            throw MathFailure("unexpected end of answer")
        case .number:
            advance()
            var e = numberExpression(t)
            // Repeating decimal `0.\overline{3}` / `0.1\overline{6}`.
            if t.text.utf8.contains(0x2E), current.isCommand("overline") || current.isCommand("bar"), !current.spaceBefore {
                advance()
                let digits: String
                if current.isSymbol("{") {
                    advance()
                    guard current.kind == .number, !current.text.utf8.contains(0x2E), peek(1).isSymbol("}") else {
                        throw MathFailure("malformed repeating decimal")
                    }
                    digits = current.text
                    advance(); advance()
                } else if current.kind == .number {
                    digits = String(current.text.prefix(1))
                    let rest = String(current.text.dropFirst())
                    if rest.isEmpty { advance() } else { tokens[position] = Token(kind: .number, text: rest, spaceBefore: false) }
                } else {
                    throw MathFailure("malformed repeating decimal")
                }
                if case .number(let text, _, _) = e { e = .number(text, repeating: digits, exponent: 0) }
            }
            // Hexadecimal digits after decimal ones: `1F_{16}`.
            var digitsText = t.text
            if (current.kind == .letter || current.kind == .word), !current.spaceBefore, peek(1).isSymbol("_"),
                !t.text.utf8.contains(0x2E),
                current.text.utf8.allSatisfy({ ($0 >= 0x41 && $0 <= 0x46) || ($0 >= 0x61 && $0 <= 0x66) })
            {
                digitsText += current.text
                advance()
            }
            // A base subscript `1011_2` or `1011_{2}`.
            if current.isSymbol("_") {
                advance()
                var baseText = ""
                if current.isSymbol("{") {
                    advance()
                    guard current.kind == .number else { throw MathFailure("malformed base") }
                    baseText = current.text
                    advance()
                    try expectSymbol("}")
                } else if current.kind == .number {
                    baseText = current.text
                    advance()
                } else {
                    throw MathFailure("malformed base")
                }
                guard let base = Int(baseText), base >= 2, base <= 36, !t.text.utf8.contains(0x2E) else { throw MathFailure("unsupported base") }
                return .baseNumber(digits: digitsText, base: base)
            }
            return e
        case .letter:
            advance()
            return try subscripted(t.text)
        case .word:
            return try parseWord()
        case .text:
            advance()
            return try parseTextContent(t.text)
        case .symbol:
            return try parseBracketOrSymbol()
        case .command:
            return try parseCommand()
        }
    }

    /// A variable with an optional subscript: `x_1`, `a_{n}`.
    private mutating func subscripted(_ name: String) throws(MathFailure) -> MathExpression {
        guard current.isSymbol("_") else {
            if name == "i" { return .imaginary }
            if name == "e" { return .euler }
            return .variable(name)
        }
        advance()
        var sub = ""
        if current.isSymbol("{") {
            advance()
            while !current.isSymbol("}") {
                if current.kind == .end { throw MathFailure("unbalanced braces") }
                sub += current.text
                advance()
                if sub.utf8.count > 32 { throw MathFailure("subscript too long") }
            }
            advance()
        } else if current.kind != .end {
            sub = current.text
            advance()
        }
        return .variable("\(name)_\(sub)")
    }

    private mutating func parseWord() throws(MathFailure) -> MathExpression {
        let t = current
        if LatexParser.functionNames.contains(t.text) { return try parseFunction(t.text) }
        if let v = LatexParser.wordValues[t.text] { advance(); return v }
        if peek(1).isSymbol("_"), t.text.utf8.allSatisfy({ ($0 >= 0x41 && $0 <= 0x46) || ($0 >= 0x61 && $0 <= 0x66) }) {
            // Hexadecimal digits with a base: `FF_{16}`.
            advance()
            advance()
            let base = try parseExponentAtom()
            guard base.isIntegerLiteral, case .number(let digits, _, _) = base, let b = Int(digits) else {
                throw MathFailure("malformed base")
            }
            return .baseNumber(digits: t.text, base: b)
        }
        if t.text.utf8.count <= 3 && t.text.utf8.allSatisfy({ $0 < 0x80 }) {
            // `xy` is x times y: take the first letter, leave the rest for juxtaposition.
            let first = String(t.text.prefix(1))
            let rest = String(t.text.dropFirst())
            tokens[position] = Token(kind: rest.utf8.count == 1 ? .letter : .word, text: rest, spaceBefore: false)
            return first == "e" ? .euler : (first == "i" ? .imaginary : .variable(first))
        }
        throw MathFailure("prose: '\(t.text)'")
    }

    private mutating func parseTextContent(_ content: String) throws(MathFailure) -> MathExpression {
        let trimmed = content.trimmingSpaces
        if trimmed.isEmpty { return try parsePrimary() }
        var inner = LatexParser(tokens: try LatexLexer.tokenize(trimmed, limits: limits), limits: limits)
        inner.depth = depth + 1
        if let e = try? inner.parseList(until: nil), inner.position == inner.tokens.count { return e }
        return .text(trimmed)
    }

    private mutating func parseBracketOrSymbol() throws(MathFailure) -> MathExpression {
        let t = current
        switch t.text {
        case "(", "[":
            advance()
            let inner = try parseList(until: nil)
            let close = current
            guard close.isSymbol(")") || close.isSymbol("]") else { throw MathFailure("unbalanced brackets") }
            advance()
            let open: Character = t.text == "(" ? "(" : "["
            let closeChar: Character = close.text == ")" ? ")" : "]"
            if case .list(let items, let connector) = inner, connector == "," || connector == ";" {
                return .bracketed(open: open, close: closeChar, items)
            }
            if open == "(" && closeChar == ")" { return inner }
            if open == "[" && closeChar == "]" { return inner }
            throw MathFailure("mismatched brackets")
        case "{":
            advance()
            if current.isSymbol("}") { advance(); return .emptySet }
            let inner = try parseList(until: "}")
            try expectSymbol("}")
            if case .list(let items, _) = inner { return .set(items) }
            return inner
        case "|":
            advance()
            let inner = try parseAdditive()
            try expectSymbol("|")
            return .function("abs", base: nil, argument: inner)
        default:
            throw MathFailure("unexpected '\(t.text)'")
        }
    }

    private mutating func parseCommand() throws(MathFailure) -> MathExpression {
        let t = current
        switch t.text {
        case "pi": advance(); return .pi
        case "infty", "infinity": advance(); return .infinity
        case "emptyset": advance(); return .emptySet
        case "imath": advance(); return .imaginary
        case "frac":
            advance()
            let n = try parseFracArgument()
            let d = try parseFracArgument()
            return .divide(n, d)
        case "binom":
            advance()
            let n = try parseFracArgument()
            let k = try parseFracArgument()
            return .binomial(n, k)
        case "{":
            advance()
            if current.isCommand("}") { advance(); return .emptySet }
            noRatio += 1
            let first = try parseRelation()
            noRatio -= 1
            if current.isSymbol("|") || current.isSymbol(":") {
                advance()
                let condition = try parseList(until: "}")
                guard current.isCommand("}") else { throw MathFailure("unbalanced set braces") }
                advance()
                return .setBuilder(first, condition)
            }
            var items = [first]
            while current.isSymbol(",") || current.isSymbol(";") {
                advance()
                if current.isCommand("}") { break }
                items.append(try parseRelation())
                if items.count > limits.maxElements { throw .limit("more than \(limits.maxElements) elements") }
            }
            guard current.isCommand("}") else { throw MathFailure("unbalanced set braces") }
            advance()
            return .set(items)
        case "begin":
            return try parseEnvironment()
        case "overline", "bar":
            throw MathFailure("unsupported overline")
        case "lfloor", "lceil":
            advance()
            let inner = try parseAdditive()
            guard current.isCommand("rfloor") || current.isCommand("rceil") else { throw MathFailure("unbalanced floor") }
            advance()
            return .function(t.text == "lfloor" ? "floor" : "ceil", base: nil, argument: inner)
        case "boxed", "fbox":
            advance()
            return try parsePrimary()
        default:
            if LatexParser.functionNames.contains(t.text) { return try parseFunction(t.text) }
            if LatexParser.valueCommands.contains(t.text) { advance(); return .variable("\\" + t.text) }
            throw MathFailure("unsupported command \\\(t.text)")
        }
    }

    /// `\sin^2 x`, `\log_2 8`, `\sqrt[3]{x}`, `\ln(x+1)`, `\sin 2x`.
    private mutating func parseFunction(_ name: String) throws(MathFailure) -> MathExpression {
        advance()
        var base: MathExpression?
        var outerPower: MathExpression?
        if name == "sqrt" && current.isSymbol("[") {
            advance()
            base = try parseAdditive()
            try expectSymbol("]")
        }
        for _ in 0..<2 {
            if current.isSymbol("_") {
                advance()
                base = try parseExponentAtom()
            } else if current.isSymbol("^") {
                advance()
                if current.isSymbol("-") && peek(1).kind == .number && peek(1).text == "1" {
                    advance(); advance()
                    outerPower = .negate(.integer("1"))
                } else {
                    outerPower = try parseExponentAtom()
                }
            }
        }
        let argument: MathExpression
        if current.isSymbol("(") || current.isSymbol("{") {
            let open = current.byte
            advance()
            argument = try parseList(until: nil)
            try expectSymbol(open == 0x28 ? ")" : "}")
        } else if name == "sqrt" || name == "cbrt" {
            argument = try parsePostfix(try parsePrimary())
        } else {
            // An argument without brackets: factors up to the next operator or function.
            var a = try parseUnaryFactor()
            while startsImplicitFactor(current) && !isFunctionStart(current) && !current.isSymbol("(") {
                a = .multiply(a, try parseUnaryFactor())
            }
            argument = a
        }
        var result: MathExpression = .function(name == "cbrt" ? "sqrt" : name, base: name == "cbrt" ? .integer("3") : base, argument: argument)
        if let p = outerPower {
            if case .negate = p, ["sin", "cos", "tan", "sec", "csc", "cot"].contains(name) {
                result = .function("arc" + name, base: nil, argument: argument)
            } else {
                result = .power(result, p)
            }
        }
        return try parsePostfix(result)
    }

    private func isFunctionStart(_ t: Token) -> Bool {
        (t.kind == .command || t.kind == .word) && LatexParser.functionNames.contains(t.text)
    }

    private mutating func parseUnaryFactor() throws(MathFailure) -> MathExpression {
        if current.isSymbol("-") { advance(); return .negate(try parseUnaryFactor()) }
        return try parsePower()
    }

    /// `\begin{pmatrix} a & b \\ c & d \end{pmatrix}` and friends.
    private mutating func parseEnvironment() throws(MathFailure) -> MathExpression {
        advance()
        guard current.isSymbol("{") else { throw MathFailure("malformed \\begin") }
        advance()
        var name = ""
        while !current.isSymbol("}") {
            if current.kind == .end { throw MathFailure("malformed \\begin") }
            name += current.text
            advance()
        }
        advance()
        let matrixNames: Set<String> = ["pmatrix", "bmatrix", "matrix", "Bmatrix", "smallmatrix", "array", "vmatrix"]
        guard matrixNames.contains(name) else { throw MathFailure("unsupported environment \(name)") }
        if name == "array" && current.isSymbol("{") {
            while !current.isSymbol("}") && current.kind != .end { advance() }
            advance()
        }
        var rows: [[MathExpression]] = []
        var row: [MathExpression] = []
        while true {
            if current.isCommand("end") {
                advance()
                guard current.isSymbol("{") else { throw MathFailure("malformed \\end") }
                while !current.isSymbol("}") && current.kind != .end { advance() }
                advance()
                break
            }
            if current.kind == .end { throw MathFailure("unterminated matrix") }
            if current.isCommand("\\") {
                advance()
                if !row.isEmpty { rows.append(row) }
                row = []
                continue
            }
            if current.isSymbol("&") || (current.kind == .word && current.text == "and") { advance(); continue }
            row.append(try parseAdditive())
            if row.count * (rows.count + 1) > limits.maxElements { throw .limit("matrix too large") }
        }
        if !row.isEmpty { rows.append(row) }
        if name == "vmatrix" { throw MathFailure("determinants are not evaluated") }
        guard let width = rows.first?.count, rows.allSatisfy({ $0.count == width }) else { throw MathFailure("ragged matrix") }
        return .matrix(rows)
    }
}

extension String {
    /// The string without leading and trailing ASCII whitespace.
    var trimmingSpaces: String {
        let u = Array(utf8)
        var a = 0, b = u.count
        while a < b && (u[a] == 0x20 || u[a] == 0x09 || u[a] == 0x0A || u[a] == 0x0D) { a += 1 }
        while b > a && (u[b - 1] == 0x20 || u[b - 1] == 0x09 || u[b - 1] == 0x0A || u[b - 1] == 0x0D) { b -= 1 }
        return String(decoding: u[a..<b], as: UTF8.self)
    }
}
