import Foundation

/// Forward and backward passes of one model over token batches. Owns activation and gradient
/// buffers for a maximum batch shape, so a training step allocates nothing.
///
///     let session = TrainingSession(model: model, maxBatchSize: 32, sequenceLength: 64)
///     let stats = session.forwardBackward(batch, reference: nil)
///     optimizer.step()
public final class TrainingSession {
    /// The model whose gradients `forwardBackward` accumulates.
    public let model: Transformer
    public let maxBatchSize: Int
    /// The longest sequence a batch may have (at most the model's context length).
    public let sequenceLength: Int
    /// OpenBLAS threads used by this session's calls.
    public let threads: Int

    private let activations: Activations
    private var referenceActivations: Activations?
    private let gradientStorage: FloatPointer
    private let dResidual: FloatPointer  // (N,C) gradient of the residual stream
    private let dNorm: FloatPointer  // (N,C) gradient of a LayerNorm output
    private let dAttentionOut: FloatPointer  // (N,C)
    private let dQKV: FloatPointer  // (N,3C)
    private let dFeedForward: FloatPointer  // (N,4C)
    private let dLogits: FloatPointer  // (N,V)
    private let attentionScratch: FloatPointer  // (T,T)
    private let normScratch: FloatPointer  // (C)

    public init(model: Transformer, maxBatchSize: Int, sequenceLength: Int, threads: Int = 1) {
        precondition(maxBatchSize >= 1, "maxBatchSize must be at least 1")
        precondition(
            sequenceLength >= 1 && sequenceLength <= model.config.contextLength,
            "sequenceLength must be in 1...\(model.config.contextLength) (the model's context length)")
        self.model = model
        self.maxBatchSize = maxBatchSize
        self.sequenceLength = sequenceLength
        self.threads = max(1, threads)
        activations = Activations(config: model.config, maxBatchSize: maxBatchSize, maxSequenceLength: sequenceLength)
        let n = maxBatchSize * sequenceLength, c = model.config.dim, v = model.config.vocabSize
        let total = n * c * 3 + n * 3 * c + n * 4 * c + n * v + sequenceLength * sequenceLength + c
        let storage = FloatPointer.allocate(capacity: total)
        storage.initialize(repeating: 0, count: total)
        gradientStorage = storage
        var offset = 0
        func take(_ count: Int) -> FloatPointer {
            defer { offset += count }
            return storage + offset
        }
        dResidual = take(n * c)
        dNorm = take(n * c)
        dAttentionOut = take(n * c)
        dQKV = take(n * 3 * c)
        dFeedForward = take(n * 4 * c)
        dLogits = take(n * v)
        attentionScratch = take(sequenceLength * sequenceLength)
        normScratch = take(c)
        precondition(offset == total)
    }

    deinit { gradientStorage.deallocate() }

    /// Computes `loss = sum_t weights[t] * (-log p(targets[t])) + sum_t klWeights[t] * KL_t` (no
    /// implicit averaging: callers scale the weights) and ADDS its gradient to the model's
    /// gradient buffer. `reference` may be nil only when every klWeight is 0.
    @discardableResult
    public func forwardBackward(_ batch: TokenBatch, reference: Transformer?) -> StepStats {
        validate(batch)
        BLAS.setThreads(threads)
        let B = batch.batchSize, T = batch.sequenceLength, N = B * T
        let V = model.config.vocabSize
        let usesKL = batch.klWeights.contains { $0 != 0 }
        var referenceLogProbs: ConstFloatPointer? = nil
        if usesKL {
            guard let reference else { preconditionFailure("forwardBackward: klWeights are non-zero but reference is nil") }
            referenceLogProbs = UnsafePointer(runReference(reference, batch))
        }
        batch.tokens.withUnsafeBufferPointer { activations.forward(model: model, tokens: $0.baseAddress!, B: B, T: T) }

        var stats = StepStats()
        batch.targets.withUnsafeBufferPointer { targets in
            batch.weights.withUnsafeBufferPointer { weights in
                batch.klWeights.withUnsafeBufferPointer { klWeights in
                    for n in 0..<N {
                        let w = weights[n], kw = klWeights[n]
                        let lp = activations.logProbs + n * V, dl = dLogits + n * V
                        if w == 0 && kw == 0 {
                            dl.update(repeating: 0, count: V)
                            continue
                        }
                        // dl = p = exp(log p)
                        dl.update(from: lp, count: V)
                        _ = exponentiate(dl, count: V, shift: 0)
                        var kl: Float = 0
                        if kw != 0, let referenceLogProbs {
                            let lq = referenceLogProbs + n * V
                            for j in 0..<V { kl += dl[j] * (lp[j] - lq[j]) }
                            for j in 0..<V { dl[j] *= w + kw * ((lp[j] - lq[j]) - kl) }
                            stats.weightedKL += Double(kw * kl)
                            stats.klSum += Double(kl)
                            stats.klPositions += 1
                        } else {
                            for j in 0..<V { dl[j] *= w }
                        }
                        if w != 0 {
                            let target = Int(targets[n])
                            dl[target] -= w
                            stats.weightedNLL += Double(w * -lp[target])
                            stats.tokenCount += 1
                        }
                    }
                }
            }
        }
        stats.loss = stats.weightedNLL + stats.weightedKL
        stats.klMean = stats.klPositions > 0 ? stats.klSum / Double(stats.klPositions) : 0
        batch.tokens.withUnsafeBufferPointer { backward(tokens: $0.baseAddress!, B: B, T: T) }
        return stats
    }

    /// log p(targets[t]) per position (B*T), without gradients; 0 where the target is outside
    /// the vocabulary.
    public func logProbabilities(_ batch: TokenBatch) -> [Float] {
        validate(batch)
        BLAS.setThreads(threads)
        let N = batch.batchSize * batch.sequenceLength, V = model.config.vocabSize
        batch.tokens.withUnsafeBufferPointer {
            activations.forward(model: model, tokens: $0.baseAddress!, B: batch.batchSize, T: batch.sequenceLength)
        }
        return (0..<N).map { n in
            let target = Int(batch.targets[n])
            return target >= 0 && target < V ? activations.logProbs[n * V + target] : 0
        }
    }

    /// The exact KL(p_model(.|prefix) || p_reference(.|prefix)) at every position (B*T).
    public func klDivergence(_ batch: TokenBatch, reference: Transformer) -> [Float] {
        validate(batch)
        BLAS.setThreads(threads)
        let N = batch.batchSize * batch.sequenceLength, V = model.config.vocabSize
        let lq = UnsafePointer(runReference(reference, batch))
        batch.tokens.withUnsafeBufferPointer {
            activations.forward(model: model, tokens: $0.baseAddress!, B: batch.batchSize, T: batch.sequenceLength)
        }
        let lp = activations.logProbs
        return (0..<N).map { n in
            var kl: Float = 0
            for j in 0..<V { kl += exp(lp[n * V + j]) * (lp[n * V + j] - lq[n * V + j]) }
            return max(kl, 0)
        }
    }

    /// The logits (B*T*V) of the model for `batch`'s tokens; for tests and tools.
    public func logits(_ batch: TokenBatch) -> [Float] {
        validate(batch)
        BLAS.setThreads(threads)
        let count = batch.batchSize * batch.sequenceLength * model.config.vocabSize
        batch.tokens.withUnsafeBufferPointer {
            activations.forward(model: model, tokens: $0.baseAddress!, B: batch.batchSize, T: batch.sequenceLength)
        }
        return Array(UnsafeBufferPointer(start: activations.logits, count: count))
    }

    /// A forward pass whose results stay in the session's buffers (for benchmarks).
    func forwardOnly(_ batch: TokenBatch) {
        validate(batch)
        BLAS.setThreads(threads)
        batch.tokens.withUnsafeBufferPointer {
            activations.forward(model: model, tokens: $0.baseAddress!, B: batch.batchSize, T: batch.sequenceLength)
        }
    }

    private func validate(_ batch: TokenBatch) {
        if let problem = batch.problem(
            vocabSize: model.config.vocabSize, maxBatchSize: maxBatchSize, maxSequenceLength: sequenceLength)
        {
            preconditionFailure("TokenBatch: \(problem)")
        }
    }

    /// Runs the reference model forward and returns its log-probabilities (B,T,V).
    private func runReference(_ reference: Transformer, _ batch: TokenBatch) -> FloatPointer {
        precondition(reference.config == model.config, "reference model has a different shape")
        let buffers: Activations
        if let existing = referenceActivations {
            buffers = existing
        } else {
            buffers = Activations(config: model.config, maxBatchSize: maxBatchSize, maxSequenceLength: sequenceLength)
            referenceActivations = buffers
        }
        batch.tokens.withUnsafeBufferPointer {
            buffers.forward(model: reference, tokens: $0.baseAddress!, B: batch.batchSize, T: batch.sequenceLength)
        }
        return buffers.logProbs
    }

    /// Backpropagates `dLogits` through the activations of the last forward pass, adding to the
    /// model's gradients.
    private func backward(tokens: UnsafePointer<Int32>, B: Int, T: Int) {
        let p = UnsafePointer(model.parameters), g = model.gradients, layout = model.layout
        let a = activations
        let C = model.config.dim, H = model.config.heads, V = model.config.vocabSize, N = B * T
        let last = UnsafePointer(a.blocks[a.blocks.count - 1].residual3)
        matmulBackward(
            dinp: dNorm, dweight: g + layout.head, dbias: nil, dout: dLogits, inp: a.finalNorm,
            weight: p + layout.head, N: N, C: C, OC: V)
        dResidual.update(repeating: 0, count: N * C)
        layerNormBackward(
            dinp: dResidual, dweight: g + layout.finalNormWeight, dbias: g + layout.finalNormBias, dout: dNorm,
            inp: last, weight: p + layout.finalNormWeight, mean: a.finalMean, rstd: a.finalRstd, scratch: normScratch,
            N: N, C: C)
        for l in stride(from: a.blocks.count - 1, through: 0, by: -1) {
            let s = a.blocks[l], w = layout.blocks[l]
            let x = UnsafePointer(l == 0 ? a.encoded : a.blocks[l - 1].residual3)
            // residual3 = residual2 + gelu(norm2 @ Wfc^T + bfc) @ Wproj^T + bproj
            matmulBackward(
                dinp: dFeedForward, dweight: g + w.feedForwardProjectionWeight, dbias: g + w.feedForwardProjectionBias,
                dout: dResidual, inp: s.feedForwardGelu, weight: p + w.feedForwardProjectionWeight, N: N, C: 4 * C, OC: C)
            geluBackward(
                dinp: dFeedForward, inp: s.feedForwardPre, tanhSaved: s.feedForwardTanh, dout: dFeedForward, N: N * 4 * C)
            matmulBackward(
                dinp: dNorm, dweight: g + w.feedForwardWeight, dbias: g + w.feedForwardBias, dout: dFeedForward,
                inp: s.norm2, weight: p + w.feedForwardWeight, N: N, C: C, OC: 4 * C)
            layerNormBackward(
                dinp: dResidual, dweight: g + w.norm2Weight, dbias: g + w.norm2Bias, dout: dNorm, inp: s.residual2,
                weight: p + w.norm2Weight, mean: s.norm2Mean, rstd: s.norm2Rstd, scratch: normScratch, N: N, C: C)
            // residual2 = x + attention(norm1(x) @ Wqkv^T + bqkv) @ Wproj^T + bproj
            matmulBackward(
                dinp: dAttentionOut, dweight: g + w.attentionProjectionWeight, dbias: g + w.attentionProjectionBias,
                dout: dResidual, inp: s.attentionOut, weight: p + w.attentionProjectionWeight, N: N, C: C, OC: C)
            attentionBackward(
                dqkv: dQKV, scratch: attentionScratch, dout: dAttentionOut, qkv: s.qkv, att: s.attention, B: B, T: T,
                C: C, H: H)
            matmulBackward(
                dinp: dNorm, dweight: g + w.qkvWeight, dbias: g + w.qkvBias, dout: dQKV, inp: s.norm1,
                weight: p + w.qkvWeight, N: N, C: C, OC: 3 * C)
            layerNormBackward(
                dinp: dResidual, dweight: g + w.norm1Weight, dbias: g + w.norm1Bias, dout: dNorm, inp: x,
                weight: p + w.norm1Weight, mean: s.norm1Mean, rstd: s.norm1Rstd, scratch: normScratch, N: N, C: C)
        }
        encoderBackward(
            dTokenEmbedding: g + layout.tokenEmbedding, dPositionEmbedding: g + layout.positionEmbedding,
            dout: dResidual, tokens: tokens, B: B, T: T, C: C)
    }
}
