import Foundation
import Testing

@testable import TinyLM

@Suite("Sampling")
struct SamplerTests {
    let config = TransformerConfig(vocabSize: 11, contextLength: 12, layers: 2, dim: 16, heads: 2)

    func model() -> Transformer {
        let m = Transformer(config: config, seed: 5)
        m.setParameterValues(m.parameterValues().enumerated().map { $0.element * 10 + 0.05 * sin(Float($0.offset)) })
        return m
    }

    @Test func sameSeedSameTokens() {
        let m = model()
        let sampler = Sampler(model: m, maxBatchSize: 3)
        let prompts: [[Int32]] = [[1, 5], [1, 6, 7, 8], [1]]
        let options = SamplingOptions(temperature: 1, maxNewTokens: 8, seed: 77)
        let a = sampler.generate(prompts: prompts, options: options)
        let b = Sampler(model: m, maxBatchSize: 3).generate(prompts: prompts, options: options)
        #expect(a == b)
        #expect(a.map(\.count) == [8, 8, 8])
        var other = options
        other.seed = 78
        #expect(sampler.generate(prompts: prompts, options: other) != a)
        // A sequence's tokens do not depend on its batch neighbours.
        #expect(sampler.generate(prompts: [prompts[0]], options: options)[0] == a[0])
    }

    @Test func stopsAtStopTokenAndContext() {
        let m = model()
        let sampler = Sampler(model: m, maxBatchSize: 2)
        let free = sampler.generate(prompts: [[1, 2, 3]], options: SamplingOptions(temperature: 0, maxNewTokens: 6))[0]
        let stop = free[2]
        let stopped = sampler.generate(
            prompts: [[1, 2, 3]], options: SamplingOptions(temperature: 0, maxNewTokens: 6, stopTokens: [stop]))[0]
        #expect(stopped.last == stop && stopped.count == (free.firstIndex(of: stop) ?? 0) + 1)
        // A 10-token prompt in a 12-token context: tokens at positions 10 and 11 are fed, so 3 come out.
        let long = sampler.generate(prompts: [Array(repeating: 4, count: 10)], options: SamplingOptions(temperature: 0, maxNewTokens: 50))[0]
        #expect(long.count == 3)
    }

    @Test func cachedLogitsEqualFullRecompute() {
        let m = model()
        let prompts: [[Int32]] = [[1, 4, 9, 2, 7, 7, 3], [1, 8], [1, 10, 10, 10, 5, 6, 2, 4, 9, 9, 3, 1]]
        let cached = Sampler(model: m, maxBatchSize: 3).promptLogits(prompts)
        for (i, prompt) in prompts.enumerated() {
            let session = TrainingSession(model: m, maxBatchSize: 1, sequenceLength: prompt.count)
            let batch = TokenBatch(
                batchSize: 1, sequenceLength: prompt.count, tokens: prompt, targets: prompt,
                weights: .init(repeating: 0, count: prompt.count))
            let full = session.logits(batch)
            let last = Array(full[((prompt.count - 1) * config.vocabSize)...])
            let diff = zip(last, cached[i]).map { abs($0 - $1) }.max() ?? 1
            #expect(diff < 1e-4, "prompt \(i): max logit difference \(diff)")
        }
    }

    @Test func greedyEqualsArgmaxOfFullRecompute() {
        let m = model()
        let prompt: [Int32] = [1, 3, 5]
        let generated = Sampler(model: m, maxBatchSize: 1).generate(
            prompts: [prompt], options: SamplingOptions(temperature: 0, maxNewTokens: 7))[0]
        #expect(generated.count == 7)
        var sequence = prompt
        for token in generated {
            let session = TrainingSession(model: m, maxBatchSize: 1, sequenceLength: sequence.count)
            let batch = TokenBatch(
                batchSize: 1, sequenceLength: sequence.count, tokens: sequence, targets: sequence,
                weights: .init(repeating: 0, count: sequence.count))
            let logits = Array(session.logits(batch).suffix(config.vocabSize))
            let argmax = logits.indices.max { logits[$0] < logits[$1] } ?? -1
            #expect(Int32(argmax) == token)
            sequence.append(token)
        }
    }

    @Test func temperatureSamplingFollowsTheDistribution() {
        let m = model()
        let sampler = Sampler(model: m, maxBatchSize: 1)
        let prompt: [Int32] = [1, 2]
        let probs = Sampler(model: m, maxBatchSize: 1).promptLogits([prompt])[0].map { exp(Double($0)) }
        let z = probs.reduce(0, +)
        var counts = [Int](repeating: 0, count: config.vocabSize)
        let draws = 2000
        for s in 0..<draws {
            let t = sampler.generate(prompts: [prompt], options: SamplingOptions(temperature: 1, maxNewTokens: 1, seed: UInt64(s)))[0][0]
            counts[Int(t)] += 1
        }
        for v in 0..<config.vocabSize {
            let p = probs[v] / z
            let sd = (p * (1 - p) / Double(draws)).squareRoot()
            #expect(abs(Double(counts[v]) / Double(draws) - p) < 5 * sd + 1e-3, "token \(v)")
        }
    }
}
