import Foundation

@testable import ScoreTrainer

/// Characters of a small alphabet as tokens, after four special tokens.
struct TestCodec: TokenCodec {
    static let alphabet = Array("0123456789/. abcdefghijklmnopqrstuvwxyz")
    var vocabularySize: Int { 4 + Self.alphabet.count }
    var beginToken: Int32 { 0 }
    var endOfAttemptToken: Int32 { 1 }
    var separatorToken: Int32 { 2 }
    var unknownToken: Int32 { 3 }
    func encodeText(_ text: String) -> [Int32] {
        text.map { c in Self.alphabet.firstIndex(of: c).map { Int32($0 + 4) } ?? unknownToken }
    }
    func decodeText(_ tokens: [Int32]) -> String {
        String(tokens.compactMap { $0 >= 4 && Int($0 - 4) < Self.alphabet.count ? Self.alphabet[Int($0 - 4)] : nil })
    }
}

/// A test double policy: softmax logits indexed by (attempt number, previous token). It cannot do
/// arithmetic, but it can learn which tokens to write in which attempt, so the RL objectives can be
/// checked end to end quickly.
final class TablePolicy: Policy {
    let codec = TestCodec()
    let contextLength = 256
    static let maxAttempts = 4
    var logits: [Float]
    var gradient: [Float]
    var learningRate: Float = 0.1

    init(seed: UInt64) {
        let n = Self.maxAttempts * TestCodec().vocabularySize * TestCodec().vocabularySize
        var rng = SeededGenerator(seed: seed)
        logits = (0..<n).map { _ in Float(rng.unit() - 0.5) * 0.1 }
        gradient = [Float](repeating: 0, count: n)
    }

    var v: Int { codec.vocabularySize }

    /// Rows of the logit table for every position: (attempts ended so far, token at the position).
    func rows(_ tokens: [Int32]) -> [Int] {
        var ended = 0
        return tokens.map { t in
            if t == codec.endOfAttemptToken { ended += 1 }
            return (min(ended, Self.maxAttempts - 1) * v + Int(t)) * v
        }
    }

    func probabilities(_ table: [Float], row: Int) -> [Double] {
        let z = (0..<v).map { Double(table[row + $0]) }
        let m = z.max() ?? 0
        let e = z.map { Foundation.exp($0 - m) }
        let s = e.reduce(0, +)
        return e.map { $0 / s }
    }

    func generate(_ prompts: [[Int32]], temperature: Float, maxNewTokens: Int, seed: UInt64) -> [[Int32]] {
        prompts.enumerated().map { k, prompt in
            var rng = SeededGenerator(seed: SeededGenerator.derive(seed, UInt64(k)))
            var ended = prompt.filter { $0 == codec.endOfAttemptToken }.count
            var last = prompt.last ?? codec.beginToken
            var out: [Int32] = []
            for _ in 0..<maxNewTokens {
                let p = probabilities(logits, row: (min(ended, Self.maxAttempts - 1) * v + Int(last)) * v)
                var next = p.indices.max { p[$0] < p[$1] } ?? 0
                if temperature > 0 {
                    let q = p.map { Foundation.pow($0, 1 / Double(temperature)) }
                    var u = rng.unit() * q.reduce(0, +)
                    for (i, x) in q.enumerated() {
                        if u < x { next = i; break }
                        u -= x
                    }
                }
                last = Int32(next)
                if last == codec.endOfAttemptToken { ended += 1 }
                out.append(Int32(next))
                if Int32(next) == codec.endOfAttemptToken { break }
            }
            return out
        }
    }

    func kl(_ p: [Double], _ q: [Double]) -> Double {
        zip(p, q).reduce(0) { $0 + ($1.0 > 0 ? $1.0 * Foundation.log($1.0 / $1.1) : 0) }
    }

    func accumulateGradient(_ batch: [WeightedSequence], reference: TablePolicy?) -> GradientStats {
        var loss = 0.0
        for s in batch {
            let rows = rows(s.tokens)
            for i in 0..<(s.tokens.count - 1) where s.weights[i] != 0 || s.klWeights[i] != 0 {
                let r = rows[i]
                let p = probabilities(logits, row: r)
                let target = Int(s.tokens[i + 1])
                if s.weights[i] != 0 {
                    loss += Double(s.weights[i]) * -Foundation.log(p[target])
                    for j in 0..<v { gradient[r + j] += s.weights[i] * Float(p[j] - (j == target ? 1 : 0)) }
                }
                if s.klWeights[i] != 0, let reference {
                    let q = probabilities(reference.logits, row: r)
                    let d = kl(p, q)
                    loss += Double(s.klWeights[i]) * d
                    for j in 0..<v {
                        gradient[r + j] += s.klWeights[i] * Float(p[j] * (Foundation.log(p[j] / q[j]) - d))
                    }
                }
            }
        }
        return GradientStats(loss: loss)
    }

    func klDivergence(_ sequences: [[Int32]], reference: TablePolicy) -> [[Float]] {
        sequences.map { tokens in
            let rows = rows(tokens)
            return (0..<(tokens.count - 1)).map { i in
                let r = rows[i]
                return Float(kl(probabilities(logits, row: r), probabilities(reference.logits, row: r)))
            }
        }
    }

    func startOptimizer(_ settings: OptimizerSettings) { learningRate = settings.learningRate }

    func optimizerStep() -> Float {
        for i in logits.indices { logits[i] -= learningRate * gradient[i] }
        gradient = [Float](repeating: 0, count: gradient.count)
        return learningRate
    }

    func frozenCopy() -> TablePolicy {
        let c = TablePolicy(seed: 0)
        c.logits = logits
        return c
    }

    func save(to path: String, metadata: [String: String]) throws {
        let data = logits.withUnsafeBufferPointer { Data(buffer: $0) }
        try data.write(to: URL(fileURLWithPath: path), options: .atomic)
    }
}

struct TablePolicyFactory: PolicyFactory {
    var codec: TestCodec { TestCodec() }
    func makePolicy(seed: UInt64) throws -> TablePolicy { TablePolicy(seed: seed) }
    func loadPolicy(from path: String) throws -> TablePolicy {
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        let p = TablePolicy(seed: 0)
        p.logits = data.withUnsafeBytes { Array($0.bindMemory(to: Float.self)) }
        return p
    }
}

/// A stand-in for the math verifier in unit tests: exact comparison of non-negative rationals
/// written as `n`, `n/d` or a decimal.
enum RationalJudge {
    static func value(_ text: String) -> (Int, Int)? {
        let t = text.trimmingCharacters(in: .whitespaces)
        if let slash = t.firstIndex(of: "/") {
            guard let n = Int(t[..<slash]), let d = Int(t[t.index(after: slash)...]), d > 0 else { return nil }
            return (n, d)
        }
        if let dot = t.firstIndex(of: ".") {
            let frac = t[t.index(after: dot)...]
            guard let w = Int(t[..<dot]), let f = Int(frac), frac.count < 9 else { return nil }
            var p = 1
            for _ in 0..<frac.count { p *= 10 }
            return (w * p + f, p)
        }
        return Int(t).map { ($0, 1) }
    }

    static let judge = AnswerJudge { gold, response in
        guard let r = value(response) else { return Judgement(reward: 0, extracted: nil) }
        guard let g = value(gold) else { return Judgement(reward: 0, extracted: response) }
        return Judgement(reward: r.0 * g.1 == g.0 * r.1 ? 1 : 0, extracted: response)
    }
}
