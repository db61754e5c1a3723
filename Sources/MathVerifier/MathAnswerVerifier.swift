import Rewards

/// Decides whether a model's final answer means the same mathematical object as the gold answer,
/// with exact arithmetic only (no floating-point tolerance).
///
/// ```swift
/// let v = MathAnswerVerifier()
/// v.verify("\\frac{1}{2}", response: "So the answer is $\\boxed{0.5}$.").reward  // 1
/// ```
/// The verdict's `detail` holds `equal`, `extracted`, `extraction`, `gold_normalized`,
/// `answer_normalized`, `rule` and, when the last-number guess was used, `fallback: true`.
public struct MathAnswerVerifier: Verifier, RecordVerifier, Sendable {
    /// Knobs for the verifier.
    public struct Options: Sendable, Equatable {
        /// Size and depth caps.
        public var limits = MathLimits()
        /// Use the last number in a response without any answer marker (flagged in the verdict).
        public var lastNumberFallback = true
        /// Gold answers whose analysis is kept for reuse (two generations of this many; 0 turns
        /// the cache off). Golds longer than 256 bytes are never cached, which bounds the memory held.
        public var goldCacheCapacity = 2048
        public init() {}
    }

    public let options: Options
    /// Recent gold answers, analysed once (shared by copies of this verifier and by all threads).
    private let goldCache: GoldCache

    public init(options: Options = Options()) {
        self.options = options
        self.goldCache = GoldCache(capacity: options.goldCacheCapacity)
    }

    /// Verifies a response (or a bare answer) against the gold answer.
    public func verify(_ gold: String, response: String) -> Verdict {
        let limits = options.limits
        if response.utf8.count > limits.maxResponseBytes {
            return Self.verdict(.unverifiable, "response longer than \(limits.maxResponseBytes) bytes", extracted: nil)
        }
        if gold.utf8.count > limits.maxResponseBytes {
            return Self.verdict(.unverifiable, "gold answer longer than \(limits.maxResponseBytes) bytes", extracted: nil)
        }
        let gold = goldCache.answer(for: gold, limits: limits)
        if gold.text.isEmpty { return Self.verdict(.unverifiable, "the gold answer is empty", extracted: nil) }
        guard let (extracted, bareInterpretation) = extractAnswer(response) else {
            return Self.verdict(.noAnswer, "no answer found in the response", extracted: nil)
        }

        if Self.nestsTooDeep(response, limit: limits.maxDepth) {
            return Self.verdict(.unverifiable, "response nests brackets more than \(limits.maxDepth) deep", extracted: extracted)
        }
        // Plain numbers on both sides: decided without the parser.
        if let x = gold.quick, let y = QuickNumber.parse(extracted.text) {
            return Self.decided(x == y, rule: "value", gold: x.description, answer: y.description, extracted: extracted)
        }
        // Words on both sides (`Yes`, `New York`): compare as text.
        let goldIsText = gold.isExplicitText
        if (gold.isWordLike || goldIsText)
            && (Interpretation.isWordLike(extracted.text) || (goldIsText && Interpretation.isOnlyWords(extracted.text)))
        {
            let x = gold.prose
            let y = Equivalence.normalizedText(Interpretation.prose(extracted.text))
            return Self.decided(x == y, rule: "text", gold: x, answer: y, extracted: extracted)
        }
        let g = gold.interpreted(limits: limits)
        let a = bareInterpretation ?? Interpretation(extracted.text, limits: limits)
        if case .tooLarge(let why) = g.kind {
            return Self.verdict(.unverifiable, "gold answer: \(why)", extracted: extracted)
        }
        if case .tooLarge(let why) = a.kind {
            return Self.verdict(.unverifiable, "answer: \(why)", extracted: extracted)
        }
        switch (g.kind, a.kind) {
        case (.value(let x), .value(let y)):
            let d = Equivalence.compare(x, y)
            return Self.decided(
                d.equal, rule: d.rule, gold: gold.valueDescription ?? x.description, answer: y.description, extracted: extracted)
        case (.undefined(let why), _):
            return Self.verdict(.unverifiable, "gold answer: \(why)", extracted: extracted)
        case (_, .undefined(let why)):
            return Verdict(
                reward: 0, status: .notEqual, reason: "the answer is undefined: \(why)",
                detail: Self.detail(equal: false, extracted: extracted.text, method: extracted.method, rule: "undefined"))
        default:
            // Prose on at least one side: compare as text.
            let x = gold.prose, y = Equivalence.normalizedText(a.text)
            return Self.decided(x == y, rule: "text", gold: x, answer: y, extracted: extracted)
        }
    }

    /// Reads `gold` and `answer` (or `response`) from a record.
    public func verify(record: JSONObject) throws(InvalidRecord) -> Verdict {
        let gold = try record.requireString("gold")
        let answer = try record.requireString("answer", "response")
        return verify(gold, response: answer)
    }

    /// Finds the answer: boxed, marker, bare, or (flagged) the last number.
    public func extract(_ response: String) -> AnswerExtraction.Extracted? { extractAnswer(response)?.0 }

    /// Extraction, plus the parsed answer when deciding that a bare response reads as an answer
    /// already parsed it.
    func extractAnswer(_ response: String) -> (AnswerExtraction.Extracted, Interpretation?)? {
        if let b = AnswerExtraction.lastBoxed(response) {
            let t = AnswerExtraction.cleaned(b)
            return t.isEmpty ? nil : (.init(text: t, method: .boxed), nil)
        }
        if let m = AnswerExtraction.afterMarker(response) { return (.init(text: m, method: .marker), nil) }
        let whole = AnswerExtraction.cleaned(response)
        if whole.isEmpty { return nil }
        if whole.utf8.count <= 400 {
            if QuickNumber.parse(whole) != nil { return (.init(text: whole, method: .bare), nil) }
            if Interpretation.readsAsAnswer(whole) {
                let bare = Interpretation(whole, limits: options.limits)
                switch bare.kind {
                case .value, .tooLarge, .undefined:
                    return (.init(text: whole, method: .bare), bare)
                case .prose:
                    // Malformed LaTeX (`\frac{1}{2`) is a bare answer that does not parse, not prose.
                    if whole.utf8.contains(where: { $0 == 0x5C || $0 == 0x7B }) { return (.init(text: whole, method: .bare), bare) }
                }
            }
            // A short answer in words (`Evelyn`, `New York`).
            if !whole.utf8.contains(where: { $0 >= 0x30 && $0 <= 0x39 }) && whole.utf8.count <= 40 {
                return (.init(text: whole, method: .bare), nil)
            }
        }
        if options.lastNumberFallback, let n = AnswerExtraction.lastNumber(response) { return (.init(text: n, method: .lastNumber), nil) }
        return nil
    }

    // MARK: Verdicts

    /// Whether brackets in `text` nest deeper than `limit`.
    private static func nestsTooDeep(_ text: String, limit: Int) -> Bool {
        if text.utf8.count <= limit { return false }  // each level needs a byte
        var text = text
        return text.withUTF8 { ByteScan.nestsDeeper($0, than: limit) }
    }

    /// The detail object in its documented key order.
    private static func detail(
        equal: Bool, extracted: String?, method: AnswerExtraction.Method?, gold: String? = nil, answer: String? = nil,
        rule: String? = nil
    ) -> JSONObject {
        var o = JSONObject()
        o.reserveCapacity(8)
        o.append(newKey: "equal", .bool(equal))
        o.append(newKey: "extracted", extracted.map { .string($0) } ?? .null)
        if let method {
            o.append(newKey: "extraction", .string(method.rawValue))
            if method == .lastNumber { o.append(newKey: "fallback", true) }
        }
        if let gold { o.append(newKey: "gold_normalized", .string(gold)) }
        if let answer { o.append(newKey: "answer_normalized", .string(answer)) }
        if let rule { o.append(newKey: "decided_by", .string(rule)) }
        return o
    }

    private static func verdict(_ status: VerdictStatus, _ reason: String, extracted: AnswerExtraction.Extracted?) -> Verdict {
        Verdict(reward: 0, status: status, reason: reason, detail: detail(equal: false, extracted: extracted?.text, method: extracted?.method))
    }

    private static func decided(
        _ equal: Bool, rule: String, gold: String, answer: String, extracted: AnswerExtraction.Extracted
    ) -> Verdict {
        let reason = equal ? "the answer equals the gold answer (\(rule))" : "the answer differs from the gold answer (\(rule))"
        return Verdict(
            reward: equal ? 1 : 0, status: equal ? .equal : .notEqual, reason: reason,
            detail: detail(equal: equal, extracted: extracted.text, method: extracted.method, gold: gold, answer: answer, rule: rule))
    }
}

/// One side (gold or answer) parsed and evaluated, or the reason it could not be.
struct Interpretation: Sendable {
    enum Kind: Sendable {
        case value(MathValue)
        /// Not mathematics: compared as text.
        case prose
        /// Hit a bound: unverifiable.
        case tooLarge(String)
        /// Mathematics without a value (1/0).
        case undefined(String)
    }

    let kind: Kind
    let raw: String
    /// The text compared when the answer is prose: `\text{...}` wrappers removed.
    var text: String { Interpretation.prose(raw) }

    init(_ text: String, limits: MathLimits) {
        self.raw = text
        let tree: MathExpression
        do {
            tree = try LatexParser.parse(text, limits: limits)
        } catch {
            kind = error.kind == .limit ? .tooLarge(error.description) : .prose
            return
        }
        if case .text = tree { kind = .prose; return }
        do {
            kind = .value(try Evaluator(limits: limits).structure(tree))
        } catch {
            if error.kind == .limit {
                kind = .tooLarge(error.description)
            } else if error.kind == .undefined {
                kind = .undefined(error.description)
            } else {
                kind = .prose
            }
        }
    }
}

extension Interpretation {
    /// Words that may appear in a bare answer without making it prose.
    static let answerWords: Set<String> = LatexParser.functionNames.union(LatexParser.unitWords).union([
        "or", "and", "pi", "infinity", "infty", "inf", "undefined", "none", "text", "frac", "dfrac", "tfrac", "sqrt",
        "boxed", "left", "right", "cdot", "times", "circ", "le", "ge", "leq", "geq", "neq", "cup", "cap", "pm", "mp",
        "begin", "end", "pmatrix", "bmatrix", "matrix", "emptyset", "varnothing", "overline", "mathrm", "textbf",
        "mathbf", "dots", "ldots", "cdots", "quad", "qquad", "displaystyle", "binom", "dbinom", "approx", "in",
        "theta", "alpha", "beta", "infinity", "lfloor", "rfloor", "lceil", "rceil", "operatorname", "degree", "mid",
        "setminus", "lbrace", "rbrace", "langle", "rangle", "vert", "neg", "ne", "lt", "gt", "mbox",
    ])

    /// Whether a whole response reads as a bare answer: no prose words (three or more letters
    /// that are not commands, functions, units or connectors).
    static func readsAsAnswer(_ text: String) -> Bool {
        var text = text
        return text.withUTF8 { bytes in
            var runStart = 0
            var command = false
            for i in 0...bytes.count {
                let c: UInt8 = i < bytes.count ? bytes[i] : 0x20  // a space ends the last run
                let letter = (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A)
                if letter { continue }
                if i - runStart >= 3 && !command
                    && !answerWords.contains(String(decoding: UnsafeBufferPointer(rebasing: bytes[runStart..<i]), as: UTF8.self))
                {
                    return false
                }
                runStart = i + 1
                command = c == 0x5C
            }
            return true
        }
    }

    /// Whether the text is one `\text{...}` of letters and spaces (`\text{no}`).
    static func isExplicitText(_ text: String) -> Bool {
        text.hasPrefix("\\text") && isOnlyWords(text)
    }

    /// Whether the text, `\text{}` wrappers removed, has letters and light punctuation only.
    static func isOnlyWords(_ text: String) -> Bool {
        let t = prose(text)
        var letters = 0
        for c in t.utf8 {
            if (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A) || c >= 0x80 { letters += 1; continue }
            if !(c == 0x20 || c == 0x2E || c == 0x2C || c == 0x27 || c == 0x2D || c == 0x21) { return false }
        }
        return letters > 0
    }

    /// Whether the text is only words (letters, spaces, light punctuation) with at least one word
    /// of three or more letters that is not mathematics (`Yes`, `New York`, `\text{odd}`).
    static func isWordLike(_ text: String) -> Bool {
        // Quick reject: digits or math symbols mean mathematics.
        if text.utf8.contains(where: { ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x3D || $0 == 0x5E || $0 == 0x2B || $0 == 0x2F }) { return false }
        let t = prose(text)
        var run = 0
        var longWord = false
        var word: [UInt8] = []
        for c in Array(t.utf8) + [0x20] {
            let letter = (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A) || c >= 0x80
            if letter { run += 1; word.append(c); continue }
            if run >= 3 && !answerWords.contains(String(decoding: word, as: UTF8.self).lowercased()) { longWord = true }
            run = 0
            word.removeAll(keepingCapacity: true)
            if !(c == 0x20 || c == 0x2E || c == 0x2C || c == 0x27 || c == 0x2D || c == 0x21) { return false }
        }
        return longWord
    }

    private static let proseWrappers: [[UInt8]] = ["\\text{", "\\textbf{", "\\textit{", "\\mathrm{", "\\mbox{", "\\textrm{", "\\mathbf{"]
        .map { Array($0.utf8) }

    /// `prose` for ASCII text, on bytes (each byte is a character there).
    private static func asciiProse(_ s: String) -> String {
        var s = s
        return s.withUTF8 { u -> String in
            var out: [UInt8] = []
            out.reserveCapacity(u.count)
            var i = 0
            var closers = 0
            scan: while i < u.count {
                let c = u[i]
                if c == 0x5C {
                    for w in proseWrappers where i + w.count <= u.count {
                        var k = 0
                        while k < w.count && u[i + k] == w[k] { k += 1 }
                        if k == w.count {
                            i += w.count
                            closers += 1
                            continue scan
                        }
                    }
                }
                if c == 0x7D && closers > 0 {
                    closers -= 1
                    i += 1
                    continue
                }
                out.append(c)
                i += 1
            }
            return String(decoding: out, as: UTF8.self)
        }
    }

    /// Drops `\text{`, `\textbf{`, `\mathrm{` wrappers and their closing braces.
    static func prose(_ s: String) -> String {
        guard s.utf8.contains(0x5C) else { return s }
        if s.utf8.allSatisfy({ $0 < 0x80 }) { return asciiProse(s) }
        var out = ""
        var rest = Substring(s)
        var closers = 0
        while let c = rest.first {
            if c == "\\" {
                var matched = false
                for w in ["\\text{", "\\textbf{", "\\textit{", "\\mathrm{", "\\mbox{", "\\textrm{", "\\mathbf{"] where rest.hasPrefix(w) {
                    rest = rest.dropFirst(w.count)
                    closers += 1
                    matched = true
                    break
                }
                if matched { continue }
            }
            if c == "}" && closers > 0 { closers -= 1; rest = rest.dropFirst(); continue }
            out.append(c)
            rest = rest.dropFirst()
        }
        return out
    }
}
