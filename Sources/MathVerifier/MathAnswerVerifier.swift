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
        public init() {}
    }

    public let options: Options

    public init(options: Options = Options()) { self.options = options }

    /// Verifies a response (or a bare answer) against the gold answer.
    public func verify(_ gold: String, response: String) -> Verdict {
        let limits = options.limits
        if response.utf8.count > limits.maxResponseBytes {
            return Self.verdict(.unverifiable, "response longer than \(limits.maxResponseBytes) bytes", extracted: nil)
        }
        if gold.utf8.count > limits.maxResponseBytes {
            return Self.verdict(.unverifiable, "gold answer longer than \(limits.maxResponseBytes) bytes", extracted: nil)
        }
        let goldText = AnswerExtraction.lastBoxed(gold).map(AnswerExtraction.cleaned) ?? AnswerExtraction.cleaned(gold)
        if goldText.isEmpty { return Self.verdict(.unverifiable, "the gold answer is empty", extracted: nil) }
        guard let extracted = extract(response) else {
            return Self.verdict(.noAnswer, "no answer found in the response", extracted: nil)
        }
        var detail = JSONObject()
        detail["extraction"] = .string(extracted.method.rawValue)
        if extracted.method == .lastNumber { detail["fallback"] = true }

        // Identical text (ignoring spaces) needs no parsing.
        if Self.squeezed(goldText) == Self.squeezed(extracted.text) {
            return Self.decided(true, rule: "identical", gold: goldText, answer: extracted.text, extracted: extracted.text, detail: detail)
        }
        let g = Interpretation(goldText, limits: limits)
        let a = Interpretation(extracted.text, limits: limits)
        if case .tooLarge(let why) = g.kind {
            return Self.verdict(.unverifiable, "gold answer: \(why)", extracted: extracted.text, detail: detail)
        }
        if case .tooLarge(let why) = a.kind {
            return Self.verdict(.unverifiable, "answer: \(why)", extracted: extracted.text, detail: detail)
        }
        switch (g.kind, a.kind) {
        case (.value(let x), .value(let y)):
            let d = Equivalence.compare(x, y)
            return Self.decided(d.equal, rule: d.rule, gold: x.description, answer: y.description, extracted: extracted.text, detail: detail)
        case (.undefined(let why), _):
            return Self.verdict(.unverifiable, "gold answer: \(why)", extracted: extracted.text, detail: detail)
        case (_, .undefined(let why)):
            var d = detail
            d["equal"] = false
            d["rule"] = "undefined"
            return Verdict(reward: 0, status: .notEqual, reason: "the answer is undefined: \(why)", detail: Self.withExtracted(d, extracted.text))
        default:
            // Prose on at least one side: compare as text.
            let x = Equivalence.normalizedText(g.text), y = Equivalence.normalizedText(a.text)
            return Self.decided(x == y, rule: "text", gold: x, answer: y, extracted: extracted.text, detail: detail)
        }
    }

    /// Reads `gold` and `answer` (or `response`) from a record.
    public func verify(record: JSONObject) throws(InvalidRecord) -> Verdict {
        let gold = try record.requireString("gold")
        let answer = try record.requireString("answer", "response")
        return verify(gold, response: answer)
    }

    /// Finds the answer: boxed, marker, bare, or (flagged) the last number.
    public func extract(_ response: String) -> AnswerExtraction.Extracted? {
        if let b = AnswerExtraction.lastBoxed(response) {
            let t = AnswerExtraction.cleaned(b)
            return t.isEmpty ? nil : .init(text: t, method: .boxed)
        }
        if let m = AnswerExtraction.afterMarker(response) { return .init(text: m, method: .marker) }
        let whole = AnswerExtraction.cleaned(response)
        if whole.isEmpty { return nil }
        if whole.utf8.count <= 400 {
            let bare = Interpretation(whole, limits: options.limits)
            switch bare.kind {
            case .value, .tooLarge, .undefined: return .init(text: whole, method: .bare)
            case .prose:
                if !whole.contains(where: { $0.isNumber }) && whole.utf8.count <= 60 { return .init(text: whole, method: .bare) }
            }
        }
        if options.lastNumberFallback, let n = AnswerExtraction.lastNumber(response) { return .init(text: n, method: .lastNumber) }
        return nil
    }

    // MARK: Verdicts

    private static func squeezed(_ s: String) -> [UInt8] { s.utf8.filter { $0 != 0x20 && $0 != 0x09 } }

    private static func withExtracted(_ d: JSONObject, _ extracted: String?) -> JSONObject {
        var o = JSONObject()
        o["equal"] = d["equal"] ?? false
        o["extracted"] = extracted.map { .string($0) } ?? .null
        for (k, v) in d where k != "equal" { o[k] = v }
        return o
    }

    private static func verdict(_ status: VerdictStatus, _ reason: String, extracted: String?, detail: JSONObject = [:]) -> Verdict {
        var d = detail
        d["equal"] = false
        return Verdict(reward: 0, status: status, reason: reason, detail: withExtracted(d, extracted))
    }

    private static func decided(
        _ equal: Bool, rule: String, gold: String, answer: String, extracted: String, detail: JSONObject
    ) -> Verdict {
        var d = detail
        d["equal"] = .bool(equal)
        d["gold_normalized"] = .string(gold)
        d["answer_normalized"] = .string(answer)
        d["rule"] = .string(rule)
        let reason = equal ? "the answer equals the gold answer (\(rule))" : "the answer differs from the gold answer (\(rule))"
        return Verdict(reward: equal ? 1 : 0, status: equal ? .equal : .notEqual, reason: reason, detail: withExtracted(d, extracted))
    }
}

/// One side (gold or answer) parsed and evaluated, or the reason it could not be.
struct Interpretation {
    enum Kind {
        case value(MathValue)
        /// Not mathematics: compared as text.
        case prose
        /// Hit a bound: unverifiable.
        case tooLarge(String)
        /// Mathematics without a value (1/0).
        case undefined(String)
    }

    let kind: Kind
    /// The text compared when the answer is prose: `\text{...}` wrappers removed.
    let text: String

    init(_ text: String, limits: MathLimits) {
        self.text = Interpretation.prose(text)
        let tree: MathExpression
        do {
            tree = try LatexParser.parse(text, limits: limits)
        } catch {
            kind = error.description.hasPrefix("bound") ? .tooLarge(error.description) : .prose
            return
        }
        if case .text = tree { kind = .prose; return }
        do {
            kind = .value(try Evaluator(limits: limits).structure(tree))
        } catch {
            if error.description.hasPrefix("bound") {
                kind = .tooLarge(error.description)
            } else if error.description.contains("division by zero") || error.description.contains("logarithm") {
                kind = .undefined(error.description)
            } else {
                kind = .prose
            }
        }
    }
}

extension Interpretation {
    /// Drops `\text{`, `\textbf{`, `\mathrm{` wrappers and their closing braces.
    static func prose(_ s: String) -> String {
        guard s.contains("\\") else { return s }
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
