import Foundation

/// How `Sampler.generate` picks tokens.
public struct SamplingOptions: Sendable {
    /// Softmax temperature; 0 means greedy (argmax, lowest id on ties).
    public var temperature: Float
    /// Most tokens generated per prompt (the stop token counts).
    public var maxNewTokens: Int
    /// Generation of a sequence ends after it emits one of these.
    public var stopTokens: Set<Int32>
    /// Seed of the sampling noise; sequence i uses its own stream derived from (seed, i), so a
    /// sequence's tokens do not depend on what the other prompts in the batch do.
    public var seed: UInt64

    public init(temperature: Float = 1, maxNewTokens: Int, stopTokens: Set<Int32> = [], seed: UInt64 = 0) {
        self.temperature = temperature
        self.maxNewTokens = maxNewTokens
        self.stopTokens = stopTokens
        self.seed = seed
    }
}

/// Batched autoregressive generation with a key/value cache: each step runs one new token per
/// unfinished sequence through the model, attending to the cached keys and values of the earlier
/// ones. Buffers are allocated once for `maxBatchSize` sequences of the model's context length.
public final class Sampler {
    public let model: Transformer
    public let maxBatchSize: Int
    public let threads: Int

    private let storage: FloatPointer
    private let x: FloatPointer  // (B,C) residual stream of the current token of each row
    private let norm: FloatPointer  // (B,C)
    private let mean: FloatPointer, rstd: FloatPointer  // (B)
    private let qkv: FloatPointer  // (B,3C)
    private let attentionOut: FloatPointer  // (B,C)
    private let feedForward: FloatPointer  // (B,4C)
    private let feedForwardTanh: FloatPointer  // (B,4C)
    private let logits: FloatPointer  // (B,V)
    private let scores: FloatPointer  // (contextLength)
    private let keys: [FloatPointer]  // per layer (B, contextLength, C)
    private let values: [FloatPointer]  // per layer (B, contextLength, C)

    public init(model: Transformer, maxBatchSize: Int, threads: Int = 1) {
        precondition(maxBatchSize >= 1, "maxBatchSize must be at least 1")
        self.model = model
        self.maxBatchSize = maxBatchSize
        self.threads = max(1, threads)
        let b = maxBatchSize, c = model.config.dim, v = model.config.vocabSize, t = model.config.contextLength
        let cache = b * t * c
        let total = b * c * 3 + b * 2 + b * 3 * c + b * 4 * c * 2 + b * v + t + cache * 2 * model.config.layers
        let storage = FloatPointer.allocate(capacity: total)
        storage.initialize(repeating: 0, count: total)
        self.storage = storage
        var offset = 0
        func take(_ count: Int) -> FloatPointer {
            defer { offset += count }
            return storage + offset
        }
        x = take(b * c)
        norm = take(b * c)
        mean = take(b)
        rstd = take(b)
        qkv = take(b * 3 * c)
        attentionOut = take(b * c)
        feedForward = take(b * 4 * c)
        feedForwardTanh = take(b * 4 * c)
        logits = take(b * v)
        scores = take(t)
        keys = (0..<model.config.layers).map { _ in take(cache) }
        values = (0..<model.config.layers).map { _ in take(cache) }
        precondition(offset == total)
    }

    deinit { storage.deallocate() }

    /// Generates a continuation of every prompt; returns the new tokens per prompt (without the
    /// prompt, with the stop token when one was hit). A sequence also ends at `maxNewTokens` or
    /// when prompt + continuation would exceed the context length by more than the last token.
    /// Each prompt must be non-empty and at most `contextLength` tokens.
    public func generate(prompts: [[Int32]], options: SamplingOptions) -> [[Int32]] {
        precondition(prompts.count <= maxBatchSize, "\(prompts.count) prompts exceed maxBatchSize \(maxBatchSize)")
        let config = model.config
        for (i, prompt) in prompts.enumerated() {
            precondition(
                !prompt.isEmpty && prompt.count <= config.contextLength,
                "prompt \(i) has \(prompt.count) tokens; it needs 1...\(config.contextLength)")
            precondition(prompt.allSatisfy { $0 >= 0 && Int($0) < config.vocabSize }, "prompt \(i) has a token outside the vocabulary")
        }
        var outputs = [[Int32]](repeating: [], count: prompts.count)
        guard options.maxNewTokens > 0, !prompts.isEmpty else { return outputs }
        BLAS.setThreads(threads)
        var generators = (0..<prompts.count).map {
            SplitMix64(seed: options.seed ^ (UInt64($0) &* 0xD1B5_4A32_D192_ED03))
        }
        var positions = [Int](repeating: 0, count: prompts.count)
        var nextInput = prompts.map { $0[0] }
        var active = Array(0..<prompts.count)
        let V = config.vocabSize
        while !active.isEmpty {
            step(rows: active, tokens: nextInput, positions: positions)
            var stillActive: [Int] = []
            for (r, s) in active.enumerated() {
                positions[s] += 1
                if positions[s] < prompts[s].count {
                    nextInput[s] = prompts[s][positions[s]]
                    stillActive.append(s)
                    continue
                }
                let token = pick(logits + r * V, count: V, temperature: options.temperature, rng: &generators[s])
                outputs[s].append(token)
                if options.stopTokens.contains(token) || outputs[s].count >= options.maxNewTokens
                    || positions[s] >= config.contextLength
                {
                    continue
                }
                nextInput[s] = token
                stillActive.append(s)
            }
            active = stillActive
        }
        return outputs
    }

    /// The logits (V) after reading each whole prompt through the cache, one token at a time;
    /// lets tests compare the cached path with a full recomputation.
    func promptLogits(_ prompts: [[Int32]]) -> [[Float]] {
        precondition(prompts.count <= maxBatchSize && prompts.allSatisfy { !$0.isEmpty && $0.count <= model.config.contextLength })
        BLAS.setThreads(threads)
        let V = model.config.vocabSize
        var result = [[Float]](repeating: [], count: prompts.count)
        var positions = [Int](repeating: 0, count: prompts.count)
        var nextInput = prompts.map { $0[0] }
        var active = Array(0..<prompts.count)
        while !active.isEmpty {
            step(rows: active, tokens: nextInput, positions: positions)
            var stillActive: [Int] = []
            for (r, s) in active.enumerated() {
                positions[s] += 1
                if positions[s] < prompts[s].count {
                    nextInput[s] = prompts[s][positions[s]]
                    stillActive.append(s)
                } else {
                    result[s] = Array(UnsafeBufferPointer(start: logits + r * V, count: V))
                }
            }
            active = stillActive
        }
        return result
    }

    /// Runs one token per row: row r is sequence `rows[r]` at position `positions[rows[r]]` with
    /// input `tokens[rows[r]]`; writes logits (rows, V) and appends keys/values to the cache.
    private func step(rows: [Int], tokens: [Int32], positions: [Int]) {
        let config = model.config, layout = model.layout
        let p = UnsafePointer(model.parameters)
        let C = config.dim, H = config.heads, V = config.vocabSize, T = config.contextLength
        let hs = config.headDim, n = rows.count
        let scale = 1 / Float(hs).squareRoot()
        for (r, s) in rows.enumerated() {
            add(x + r * C, p + layout.tokenEmbedding + Int(tokens[s]) * C, p + layout.positionEmbedding + positions[s] * C, C)
        }
        for l in 0..<config.layers {
            let w = layout.blocks[l]
            layerNormForward(
                out: norm, mean: mean, rstd: rstd, inp: x, weight: p + w.norm1Weight, bias: p + w.norm1Bias, N: n, C: C)
            matmulForward(out: qkv, inp: norm, weight: p + w.qkvWeight, bias: p + w.qkvBias, N: n, C: C, OC: 3 * C)
            for (r, s) in rows.enumerated() {
                let pos = positions[s]
                let keyCache = keys[l] + s * T * C, valueCache = values[l] + s * T * C
                (keyCache + pos * C).update(from: qkv + r * 3 * C + C, count: C)
                (valueCache + pos * C).update(from: qkv + r * 3 * C + 2 * C, count: C)
                for h in 0..<H {
                    let q = qkv + r * 3 * C + h * hs
                    for j in 0...pos { scores[j] = dot(q, keyCache + j * C + h * hs, hs) * scale }
                    let m = maximum(scores, pos + 1)
                    let inv = 1 / exponentiate(scores, count: pos + 1, shift: m)
                    let out = attentionOut + r * C + h * hs
                    out.update(repeating: 0, count: hs)
                    for j in 0...pos {
                        let weight = scores[j] * inv, v = valueCache + j * C + h * hs
                        for i in 0..<hs { out[i] += weight * v[i] }
                    }
                }
            }
            matmulForward(
                out: x, inp: attentionOut, weight: p + w.attentionProjectionWeight, bias: p + w.attentionProjectionBias,
                N: n, C: C, OC: C, residual: x)
            layerNormForward(
                out: norm, mean: mean, rstd: rstd, inp: x, weight: p + w.norm2Weight, bias: p + w.norm2Bias, N: n, C: C)
            matmulForward(
                out: feedForward, inp: norm, weight: p + w.feedForwardWeight, bias: p + w.feedForwardBias, N: n, C: C,
                OC: 4 * C)
            geluForward(out: feedForward, tanhOut: feedForwardTanh, inp: feedForward, N: n * 4 * C)
            matmulForward(
                out: x, inp: feedForward, weight: p + w.feedForwardProjectionWeight,
                bias: p + w.feedForwardProjectionBias, N: n, C: 4 * C, OC: C, residual: x)
        }
        layerNormForward(
            out: norm, mean: mean, rstd: rstd, inp: x, weight: p + layout.finalNormWeight, bias: p + layout.finalNormBias,
            N: n, C: C)
        matmulForward(out: logits, inp: norm, weight: p + layout.head, bias: nil, N: n, C: C, OC: V)
    }

    /// Greedy argmax at temperature 0, otherwise a draw from softmax(logits / temperature).
    private func pick(_ logits: FloatPointer, count: Int, temperature: Float, rng: inout SplitMix64) -> Int32 {
        if temperature <= 0 {
            var best = 0
            for j in 1..<max(count, 1) where logits[j] > logits[best] { best = j }
            return Int32(best)
        }
        let m = maximum(logits, count)
        var total = 0.0
        for j in 0..<count { total += Double(expf((logits[j] - m) / temperature)) }
        var u = rng.nextUnit() * total
        for j in 0..<count {
            u -= Double(expf((logits[j] - m) / temperature))
            if u < 0 { return Int32(j) }
        }
        return Int32(count - 1)
    }
}
