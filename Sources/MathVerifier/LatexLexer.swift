/// One lexical unit of an answer written in LaTeX, plain text or Unicode math.
struct Token: Sendable, Equatable {
    enum Kind: Sendable, Equatable {
        /// Digits with an optional decimal point (`digits` holds them, separators removed) and a
        /// power-of-ten `exponent` from scientific notation.
        case number
        /// One ASCII letter.
        case letter
        /// A run of two or more letters (a function name, a unit, a connector, or prose).
        case word
        /// A backslash command, normalized (`dfrac` -> `frac`, `leq` -> `le`, `π` -> `pi`).
        case command
        /// Punctuation and operators: + - * / ^ _ ( ) [ ] { } , ; : = < > ! | % & '
        case symbol
        /// The raw content of `\text{...}` and friends.
        case text
        case end
    }

    var kind: Kind
    /// The token text (for `number`, the digits and point; for `command`, the name).
    var text: String
    /// Whether whitespace came right before this token.
    var spaceBefore: Bool
    var exponent: Int
    /// The first UTF-8 byte of `text` (0 when empty). Every symbol is one ASCII character, so a
    /// symbol test is one byte comparison.
    let byte: UInt8

    init(kind: Kind, text: String, spaceBefore: Bool, exponent: Int = 0) {
        self.kind = kind
        self.text = text
        self.spaceBefore = spaceBefore
        self.exponent = exponent
        self.byte = text.utf8.first ?? 0
    }

    static let end = Token(kind: .end, text: "", spaceBefore: false)

    /// Whether this is the one-character symbol `s`.
    @inline(__always) func isSymbol(_ s: Unicode.Scalar) -> Bool { kind == .symbol && UInt32(byte) == s.value }
    /// Whether this is the command `s` (lengths compared first: most tests fail there).
    @inline(__always) func isCommand(_ s: String) -> Bool { kind == .command && text.utf8.count == s.utf8.count && text == s }
}

/// Turns answer text into tokens. Decoration that never changes meaning (`\left`, `\!`, `\,`,
/// `$`, `\displaystyle`...) is dropped here; Unicode math symbols become their LaTeX commands.
struct LatexLexer {
    private let bytes: [UInt8]
    private var index = 0
    private var tokens: [Token] = []
    private var sawSpace = false
    /// Depth of ( and [ brackets: thousands separators are recognised only outside them, so that
    /// `[1,100]` stays an interval.
    private var bracketDepth = 0
    private let limits: MathLimits

    init(_ text: String, limits: MathLimits) {
        bytes = Array(text.utf8)
        self.limits = limits
    }

    /// Lexes the whole text.
    static func tokenize(_ text: String, limits: MathLimits) throws(MathFailure) -> [Token] {
        var lexer = LatexLexer(text, limits: limits)
        return try lexer.run()
    }

    private mutating func emit(_ kind: Token.Kind, _ text: String, exponent: Int = 0) {
        tokens.append(Token(kind: kind, text: text, spaceBefore: sawSpace, exponent: exponent))
        sawSpace = false
    }

    private func peek(_ offset: Int = 0) -> UInt8 {
        let k = index + offset
        return k < bytes.count ? bytes[k] : 0
    }

    private static func isDigit(_ c: UInt8) -> Bool { c >= 0x30 && c <= 0x39 }
    private static func isLetter(_ c: UInt8) -> Bool { (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A) }

    private mutating func run() throws(MathFailure) -> [Token] {
        if bytes.count > limits.maxAnswerBytes { throw .limit("answer longer than \(limits.maxAnswerBytes) bytes") }
        tokens.reserveCapacity(bytes.count / 2 + 2)
        while index < bytes.count {
            let c = bytes[index]
            if c == 0x20 || c == 0x09 || c == 0x0A || c == 0x0D || c == 0x7E || c == 0x24 {  // space, ~, $
                sawSpace = true
                index += 1
            } else if LatexLexer.isDigit(c) || (c == 0x2E && LatexLexer.isDigit(peek(1))) {
                try lexNumber()
            } else if LatexLexer.isLetter(c) {
                let start = index
                while index < bytes.count && LatexLexer.isLetter(bytes[index]) { index += 1 }
                if index - start == 1 {
                    emit(.letter, String(decoding: bytes[start..<index], as: UTF8.self))
                } else {
                    emit(.word, String(decoding: bytes[start..<index], as: UTF8.self))
                }
            } else if c == 0x5C {  // backslash
                try lexCommand()
            } else if c >= 0x80 {
                lexUnicode()
            } else {
                index += 1
                switch c {
                case 0x28, 0x5B: bracketDepth += 1
                case 0x29, 0x5D: bracketDepth = max(0, bracketDepth - 1)
                default: break
                }
                if c == 0x3C && peek() == 0x3D { index += 1; emit(.command, "le"); continue }
                if c == 0x3E && peek() == 0x3D { index += 1; emit(.command, "ge"); continue }
                if c == 0x21 && peek() == 0x3D { index += 1; emit(.command, "ne"); continue }
                if c == 0x2A && peek() == 0x2A { index += 1; emit(.symbol, "^"); continue }  // x**2
                emit(.symbol, String(UnicodeScalar(c)))
            }
        }
        return tokens
    }

    private mutating func lexNumber() throws(MathFailure) {
        // The literal is the bytes from `start` while it is contiguous; `digits` holds a copy only
        // once a thousands separator has been skipped (the common literal allocates nothing).
        let start = index
        var digits: [UInt8]? = nil
        func readDigits(_ lexer: inout LatexLexer, into digits: inout [UInt8]?) {
            let from = lexer.index
            while lexer.index < lexer.bytes.count && LatexLexer.isDigit(lexer.bytes[lexer.index]) { lexer.index += 1 }
            digits?.append(contentsOf: lexer.bytes[from..<lexer.index])
        }
        readDigits(&self, into: &digits)
        // Thousands separators: `1,000,000` or `1{,}000`, groups of exactly three digits.
        if index - start <= 3 && index > start {
            while true {
                var skip = 0
                if peek() == 0x2C && peek(1) == 0x5C && peek(2) == 0x21 {
                    skip = 3  // 10,\!000
                } else if peek() == 0x2C && bracketDepth == 0 {
                    skip = 1
                } else if peek() == 0x7B && peek(1) == 0x2C && peek(2) == 0x7D {
                    skip = 3  // 1{,}000
                } else if peek() == 0x5C && (peek(1) == 0x2C || peek(1) == 0x21 || peek(1) == 0x20) {
                    skip = 2  // 1\,000\,000
                } else {
                    break
                }
                if LatexLexer.isDigit(peek(skip)) && LatexLexer.isDigit(peek(skip + 1)) && LatexLexer.isDigit(peek(skip + 2))
                    && !LatexLexer.isDigit(peek(skip + 3))
                {
                    if digits == nil { digits = Array(bytes[start..<index]) }
                    index += skip
                    readDigits(&self, into: &digits)
                } else {
                    break
                }
            }
        }
        if peek() == 0x2E && (LatexLexer.isDigit(peek(1)) || peek(1) == 0x5C) {
            digits?.append(0x2E)
            index += 1
            readDigits(&self, into: &digits)
        }
        let literalEnd = index
        if (digits?.count ?? literalEnd - start) > limits.maxDigits { throw .limit("literal longer than \(limits.maxDigits) digits") }
        // Scientific notation: 1.5e3, 2E-4 (but `2e` alone is 2 times e).
        var exponent = 0
        if peek() == 0x65 || peek() == 0x45 {
            var k = 1
            var sign = 1
            if peek(1) == 0x2D || peek(1) == 0x2B { sign = peek(1) == 0x2D ? -1 : 1; k = 2 }
            if LatexLexer.isDigit(peek(k)) {
                index += k
                var e = 0
                while index < bytes.count && LatexLexer.isDigit(bytes[index]) {
                    e = e * 10 + Int(bytes[index] - 0x30)
                    if e > 1_000_000 { throw .limit("exponent too large") }
                    index += 1
                }
                exponent = sign * e
            }
        }
        let text = digits.map { String(decoding: $0, as: UTF8.self) } ?? String(decoding: bytes[start..<literalEnd], as: UTF8.self)
        emit(.number, text, exponent: exponent)
    }

    /// Commands that only change typography.
    private static let ignoredCommands: Set<String> = [
        "left", "right", "displaystyle", "textstyle", "scriptstyle", "big", "Big", "bigg", "Bigg", "bigl", "bigr",
        "Bigl", "Bigr", "biggl", "biggr", "quad", "qquad", "limits", "nolimits", "hfill", "space", "thinspace",
        "medspace", "thickspace", "negthinspace", "mathstrut", "strut", "phantom", "hspace", "vspace", "noindent",
        "mathit", "mathbf", "mathrm", "boldsymbol", "bm", "mathsf", "mathnormal", "rm", "bf", "it", "mathcal",
        "mathbb", "displaylimits", "middle", "cdots", "ldots", "dots",
    ]

    /// Command aliases.
    private static let aliases: [String: String] = [
        "dfrac": "frac", "tfrac": "frac", "cfrac": "frac", "dbinom": "binom", "tbinom": "binom",
        "leq": "le", "leqslant": "le", "leqq": "le", "geq": "ge", "geqslant": "ge", "geqq": "ge", "neq": "ne",
        "lt": "<", "gt": ">", "varnothing": "emptyset", "empty": "emptyset", "degree": "circ",
        "lbrace": "{", "rbrace": "}", "vert": "|", "lvert": "|", "rvert": "|", "mid": "|", "rangle": ")",
        "langle": "(", "lfloor": "lfloor", "rfloor": "rfloor", "varpi": "pi", "cdot": "*", "times": "*",
        "ast": "*", "div": "/", "colon": ":", "land": "and", "lor": "or", "wedge": "and", "vee": "or",
        "textbf": "text", "textit": "text", "textrm": "text", "mbox": "text", "textup": "text", "textnormal": "text",
        "hbox": "text", "textsf": "text", "texttt": "text", "dag": "", "tag": "",
        "varepsilon": "epsilon", "vartheta": "theta", "varphi": "phi",
    ]

    /// What the lexer does with a command before reading its arguments.
    private enum CommandRule {
        case ignored
        case alias(String)
    }

    /// `ignoredCommands` and `aliases` in one table (the two sets of names are disjoint).
    private static let commandRules: [String: CommandRule] = {
        var rules = [String: CommandRule](minimumCapacity: ignoredCommands.count + aliases.count)
        for name in ignoredCommands { rules[name] = .ignored }
        for (name, alias) in aliases {
            precondition(rules[name] == nil, "\\\(name) is both ignored and aliased")
            rules[name] = .alias(alias)
        }
        return rules
    }()

    private mutating func lexCommand() throws(MathFailure) {
        index += 1
        guard index < bytes.count else { return }
        let c = bytes[index]
        if !LatexLexer.isLetter(c) {
            index += 1
            switch c {
            case 0x2C, 0x21, 0x3B, 0x3A, 0x20, 0x24, 0x3E: sawSpace = true  // \, \! \; \: \  \$ \>
            case 0x7B: emit(.command, "{")
            case 0x7D: emit(.command, "}")
            case 0x25: emit(.symbol, "%")
            case 0x5C: emit(.command, "\\")
            case 0x7C: emit(.symbol, "|")
            case 0x26: emit(.word, "and")
            default: break
            }
            return
        }
        let start = index
        while index < bytes.count && LatexLexer.isLetter(bytes[index]) { index += 1 }
        var name = String(decoding: bytes[start..<index], as: UTF8.self)
        let rule = LatexLexer.commandRules[name]  // one lookup decides ignored, alias or neither
        if case .ignored = rule {
            sawSpace = true
            if name == "left" || name == "right" || name == "middle" {
                if peek() == 0x2E { index += 1 }  // \left.
            }
            if name == "hspace" || name == "vspace" || name == "phantom" { skipGroup() }
            return
        }
        if case .alias(let alias) = rule {
            if alias.isEmpty { skipGroup(); return }
            name = alias
        }
        switch name {
        case "*", "/", "<", ">", "|", "(", ")", ":":
            if name == "(" { bracketDepth += 1 }
            if name == ")" { bracketDepth = max(0, bracketDepth - 1) }
            emit(.symbol, name)
        case "text", "operatorname":
            while peek() == 0x20 { index += 1 }
            guard peek() == 0x7B else { emit(.command, name); return }
            let content = try readGroupContent()
            if name == "operatorname" {
                emit(.word, content.filter { $0 != " " })
            } else {
                emit(.text, content)
            }
        case "and", "or":
            emit(.word, name)
        default:
            emit(.command, name)
        }
    }

    /// Skips a `{...}` group if one follows.
    private mutating func skipGroup() {
        while peek() == 0x20 { index += 1 }
        if peek() == 0x7B { _ = try? readGroupContent() }
    }

    /// Reads the raw text of a balanced `{...}` group starting at the current `{`.
    private mutating func readGroupContent() throws(MathFailure) -> String {
        index += 1
        let start = index
        var depth = 1
        while index < bytes.count {
            let c = bytes[index]
            if c == 0x5C { index += 2; continue }
            if c == 0x7B { depth += 1; if depth > limits.maxDepth { throw .limit("nesting deeper than \(limits.maxDepth)") } }
            if c == 0x7D {
                depth -= 1
                if depth == 0 {
                    let s = String(decoding: bytes[start..<index], as: UTF8.self)
                    index += 1
                    return s
                }
            }
            index += 1
        }
        throw MathFailure("unbalanced braces")
    }

    /// Unicode math symbols as models write them.
    private static let unicodeMap: [UInt32: (Token.Kind, String)] = [
        0x03C0: (.command, "pi"), 0x221E: (.command, "infty"), 0x221A: (.command, "sqrt"),
        0x2212: (.symbol, "-"), 0x2013: (.symbol, "-"), 0x2014: (.symbol, "-"), 0x00D7: (.symbol, "*"),
        0x00B7: (.symbol, "*"), 0x22C5: (.symbol, "*"), 0x2219: (.symbol, "*"), 0x00F7: (.symbol, "/"),
        0x2264: (.command, "le"), 0x2265: (.command, "ge"), 0x2260: (.command, "ne"), 0x222A: (.command, "cup"),
        0x2229: (.command, "cap"), 0x2205: (.command, "emptyset"), 0x00B0: (.command, "circ"),
        0x00B1: (.command, "pm"), 0x2208: (.command, "in"), 0x03B8: (.command, "theta"),
        0x03B1: (.command, "alpha"), 0x03B2: (.command, "beta"), 0x2218: (.command, "circ"),
        0x2032: (.symbol, "'"), 0x2192: (.command, "to"), 0x2248: (.command, "approx"),
        0x27E8: (.symbol, "("), 0x27E9: (.symbol, ")"), 0x2215: (.symbol, "/"), 0x2044: (.symbol, "/"),
        0x221B: (.command, "cbrt"),
    ]

    private mutating func lexUnicode() {
        // Decode one UTF-8 scalar.
        let c = bytes[index]
        var length = 1
        var value = UInt32(c)
        if c >= 0xF0 { length = 4; value = UInt32(c & 0x07) } else if c >= 0xE0 { length = 3; value = UInt32(c & 0x0F) } else if c >= 0xC0 {
            length = 2; value = UInt32(c & 0x1F)
        }
        for k in 1..<length where index + k < bytes.count { value = value << 6 | UInt32(bytes[index + k] & 0x3F) }
        let raw = String(decoding: bytes[index..<min(bytes.count, index + length)], as: UTF8.self)
        index += length
        if value == 0x00A0 || value == 0x2009 || value == 0x202F || value == 0x200B { sawSpace = true; return }
        if value == 0x00B2 || value == 0x00B3 {
            emit(.symbol, "^")
            tokens.append(Token(kind: .number, text: value == 0x00B2 ? "2" : "3", spaceBefore: false))
            return
        }
        if let (kind, text) = LatexLexer.unicodeMap[value] {
            emit(kind, text)
        } else {
            emit(.word, raw)  // other scripts: prose
        }
    }
}
