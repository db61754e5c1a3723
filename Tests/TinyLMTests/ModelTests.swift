import Foundation
import Testing

@testable import TinyLM

let tinyConfig = TransformerConfig(vocabSize: 7, contextLength: 6, layers: 2, dim: 8, heads: 2)

/// A batch over `config` with random tokens and targets, given weights.
func randomBatch(
    _ config: TransformerConfig, batchSize: Int, sequenceLength: Int, seed: UInt64, weights: [Float]? = nil,
    klWeights: [Float]? = nil
) -> TokenBatch {
    var rng = SplitMix64(seed: seed)
    let n = batchSize * sequenceLength
    let tokens = (0..<n).map { _ in Int32(rng.next() % UInt64(config.vocabSize)) }
    let targets = (0..<n).map { _ in Int32(rng.next() % UInt64(config.vocabSize)) }
    return TokenBatch(
        batchSize: batchSize, sequenceLength: sequenceLength, tokens: tokens, targets: targets,
        weights: weights ?? .init(repeating: 1, count: n), klWeights: klWeights)
}

@Suite("Whole-model gradients and objectives")
struct ModelGradientTests {
    /// The objective recomputed without gradients: sum w * -log p + sum kw * KL.
    func objective(_ session: TrainingSession, _ batch: TokenBatch, reference: Transformer?) -> Double {
        let lp = session.logProbabilities(batch)
        var total = 0.0
        for i in lp.indices { total += Double(batch.weights[i]) * -Double(lp[i]) }
        if let reference {
            let kl = session.klDivergence(batch, reference: reference)
            for i in kl.indices { total += Double(batch.klWeights[i]) * Double(kl[i]) }
        }
        return total
    }

    func checkEveryTensor(weights: [Float], klWeights: [Float]?, reference: Transformer?) throws {
        let model = Transformer(config: tinyConfig, seed: 42)
        // Larger weights than the 0.02 init so every path carries signal.
        model.setParameterValues(model.parameterValues().enumerated().map { $0.element + 0.2 * sin(Float($0.offset)) })
        let batch = randomBatch(tinyConfig, batchSize: 2, sequenceLength: 5, seed: 7, weights: weights, klWeights: klWeights)
        let session = TrainingSession(model: model, maxBatchSize: 2, sequenceLength: 5)
        let stats = session.forwardBackward(batch, reference: reference)
        #expect(abs(stats.loss - objective(session, batch, reference: reference)) < 1e-4 * max(1, abs(stats.loss)))
        let analytic = model.gradientValues()
        let start = model.parameterValues()
        // Up to 24 evenly spaced entries of every tensor, to keep the check fast.
        for (name, range) in model.layout.namedRanges where !name.hasPrefix("positionEmbedding") {
            let stride = max(1, range.count / 24)
            let indices = Array(Swift.stride(from: range.lowerBound, to: range.upperBound, by: stride))
            let numeric = GradientCheck.numeric(indices.map { start[$0] }, epsilon: 1e-2) { values in
                var all = start
                for (k, i) in indices.enumerated() { all[i] = values[k] }
                model.setParameterValues(all)
                return objective(session, batch, reference: reference)
            }
            let error = GradientCheck.relativeError(indices.map { analytic[$0] }, numeric, floor: 1e-3)
            #expect(error < 2e-2, "\(name): relative gradient error \(error)")
        }
        model.setParameterValues(start)
        // Position 5 is never used by a length-5 batch: its gradient must be exactly zero.
        let unused = model.layout.positionEmbedding + 5 * tinyConfig.dim
        #expect(analytic[unused..<(unused + tinyConfig.dim)].allSatisfy { $0 == 0 })
    }

    @Test func crossEntropyGradientOfEveryTensor() throws {
        // Mixed weights: masked (0), positive, and negative (policy-gradient style).
        let weights: [Float] = [1, 0, 0.5, -0.7, 1, 0, 2, 1, -1, 0.3]
        try checkEveryTensor(weights: weights, klWeights: nil, reference: nil)
    }

    @Test func klGradientOfEveryTensor() throws {
        let reference = Transformer(config: tinyConfig, seed: 99)
        reference.setParameterValues(reference.parameterValues().map { $0 * 5 })
        let weights: [Float] = [0, 0, 0.5, 0, 1, 0, 0, 1, 0, 0]
        let klWeights: [Float] = [0.8, 0, 1, 0.5, 0, 2, 1, 0, 0.4, 1]
        try checkEveryTensor(weights: weights, klWeights: klWeights, reference: reference)
    }

    @Test func klOfModelWithItselfIsZero() {
        let model = Transformer(config: tinyConfig, seed: 3)
        let batch = randomBatch(tinyConfig, batchSize: 2, sequenceLength: 6, seed: 4, weights: .init(repeating: 0, count: 12),
            klWeights: .init(repeating: 1, count: 12))
        let session = TrainingSession(model: model, maxBatchSize: 2, sequenceLength: 6)
        let kl = session.klDivergence(batch, reference: model.copy())
        #expect(kl.allSatisfy { $0 == 0 })
        let stats = session.forwardBackward(batch, reference: model.copy())
        #expect(stats.klSum == 0 && stats.klPositions == 12 && stats.tokenCount == 0)
        #expect(model.gradientValues().allSatisfy { abs($0) < 1e-6 })
        // Against a different model the KL is positive.
        let other = session.klDivergence(batch, reference: Transformer(config: tinyConfig, seed: 5))
        #expect(other.allSatisfy { $0 > 0 })
    }

    @Test func logProbabilitiesAreNormalised() {
        let model = Transformer(config: tinyConfig, seed: 8)
        let session = TrainingSession(model: model, maxBatchSize: 1, sequenceLength: 4)
        let tokens: [Int32] = [1, 5, 6, 2]
        var total = [Double](repeating: 0, count: 4)
        for v in 0..<tinyConfig.vocabSize {
            let batch = TokenBatch(
                batchSize: 1, sequenceLength: 4, tokens: tokens, targets: .init(repeating: Int32(v), count: 4),
                weights: .init(repeating: 1, count: 4))
            for (t, lp) in session.logProbabilities(batch).enumerated() { total[t] += exp(Double(lp)) }
        }
        for t in 0..<4 { #expect(abs(total[t] - 1) < 1e-5) }
    }

    @Test func memorisesAFewSequences() {
        let config = TransformerConfig(vocabSize: 12, contextLength: 8, layers: 2, dim: 32, heads: 4)
        let model = Transformer(config: config, seed: 1)
        let sequences: [[Int32]] = [
            [1, 5, 6, 7, 8, 9, 10, 2, 0], [1, 9, 9, 3, 11, 4, 5, 2, 0], [1, 6, 5, 4, 7, 3, 2, 0, 0],
            [1, 11, 10, 9, 8, 7, 6, 5, 2],
        ]
        var batch = TokenBatch(batchSize: 4, sequenceLength: 8)
        for (b, s) in sequences.enumerated() {
            for t in 0..<8 {
                batch.tokens[b * 8 + t] = s[t]
                batch.targets[b * 8 + t] = s[t + 1]
                // Position 0 reads only the shared start token, so it cannot be memorised: mask it.
                batch.weights[b * 8 + t] = t == 0 ? 0 : 1.0 / 28
            }
        }
        let session = TrainingSession(model: model, maxBatchSize: 4, sequenceLength: 8)
        let optimizer = AdamW(
            model: model, config: AdamWConfig(learningRate: 1e-2, weightDecay: 0, warmupSteps: 10, totalSteps: 300))
        var first = 0.0, last = 0.0
        for step in 0..<300 {
            let stats = session.forwardBackward(batch, reference: nil)
            if step == 0 { first = stats.loss }
            last = stats.loss
            optimizer.step()
        }
        #expect(first > 2.0)
        #expect(last < 0.02, "mean NLL after 300 steps: \(last)")
        #expect(optimizer.stepCount == 300)
    }

    @Test func trainingIsDeterministic() {
        func run() -> [Float] {
            let model = Transformer(config: tinyConfig, seed: 11)
            let session = TrainingSession(model: model, maxBatchSize: 2, sequenceLength: 6)
            let optimizer = AdamW(model: model, config: AdamWConfig(learningRate: 1e-2))
            for s in 0..<5 {
                session.forwardBackward(randomBatch(tinyConfig, batchSize: 2, sequenceLength: 6, seed: UInt64(s)), reference: nil)
                optimizer.step()
            }
            return model.parameterValues()
        }
        #expect(run() == run())
        #expect(Transformer(config: tinyConfig, seed: 1).parameterValues() != Transformer(config: tinyConfig, seed: 2).parameterValues())
    }
}

@Suite("AdamW")
struct AdamWTests {
    @Test func scheduleWarmsUpThenDecays() {
        let c = AdamWConfig(learningRate: 1, warmupSteps: 4, totalSteps: 14, minLearningRateRatio: 0.1)
        #expect(c.learningRate(atStep: 0) == 0.25)
        #expect(c.learningRate(atStep: 3) == 1)
        #expect(abs(c.learningRate(atStep: 9) - 0.55) < 1e-6)
        #expect(abs(c.learningRate(atStep: 14) - 0.1) < 1e-6)
        #expect(abs(c.learningRate(atStep: 100) - 0.1) < 1e-6)
        #expect(AdamWConfig(learningRate: 0.5).learningRate(atStep: 1000) == 0.5)
    }

    @Test func clipsAndReportsTheNormThenZeroes() {
        let model = Transformer(config: tinyConfig, seed: 2)
        let session = TrainingSession(model: model, maxBatchSize: 2, sequenceLength: 6)
        session.forwardBackward(randomBatch(tinyConfig, batchSize: 2, sequenceLength: 6, seed: 1), reference: nil)
        let expected = Float(model.gradientValues().reduce(0.0) { $0 + Double($1) * Double($1) }.squareRoot())
        let before = model.parameterValues()
        let optimizer = AdamW(model: model, config: AdamWConfig(learningRate: 1e-3, weightDecay: 0, gradientClip: 1e-3))
        let norm = optimizer.step()
        #expect(abs(norm - expected) < 1e-4 * expected)
        #expect(model.gradientValues().allSatisfy { $0 == 0 })
        // First Adam step moves each parameter with a non-zero gradient by about lr, clipped or not.
        let moved = zip(before, model.parameterValues()).map { abs($0 - $1) }.max() ?? 0
        #expect(moved > 0.5e-3 && moved < 1.5e-3)
    }
}

@Suite("Tokenizer")
struct TokenizerTests {
    @Test func roundTripsAndMarksSpecials() {
        let tok = Tokenizer(alphabet: "0123456789+=0")
        #expect(tok.vocabSize == 5 + 12)
        let ids = tok.encode("12+3=15")
        #expect(tok.decode(ids) == "12+3=15")
        #expect(tok.encode("1x")[1] == tok.unknown)
        #expect(tok.decode([tok.bos] + tok.encode("7") + [tok.endOfAttempt]) == "7")
        #expect(tok.decode([tok.bos, tok.turnSeparator, tok.pad], showSpecials: true) == "<bos><sep><pad>")
        #expect(Set([tok.pad, tok.bos, tok.endOfAttempt, tok.turnSeparator, tok.unknown]).count == 5)
    }
}
