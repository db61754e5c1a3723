/// The buffers one forward pass (and, for the trained model, its backward pass) writes, sized
/// for a maximum batch shape and allocated once, in one allocation.
final class Activations {
    /// One block's saved tensors (N = B*T rows).
    struct Block {
        var norm1: FloatPointer  // (N,C)
        var norm1Mean: FloatPointer, norm1Rstd: FloatPointer  // (N)
        var qkv: FloatPointer  // (N,3C)
        var attention: FloatPointer  // (B,H,T,T) softmax probabilities
        var attentionOut: FloatPointer  // (N,C) heads concatenated, before the projection
        var residual2: FloatPointer  // (N,C) block input + attention branch
        var norm2: FloatPointer  // (N,C)
        var norm2Mean: FloatPointer, norm2Rstd: FloatPointer  // (N)
        var feedForwardPre: FloatPointer  // (N,4C)
        var feedForwardTanh: FloatPointer  // (N,4C) saved tanh of the GELU
        var feedForwardGelu: FloatPointer  // (N,4C)
        var residual3: FloatPointer  // (N,C) block output
    }

    let config: TransformerConfig
    let maxBatchSize: Int, maxSequenceLength: Int
    let encoded: FloatPointer  // (N,C)
    let blocks: [Block]
    let finalNorm: FloatPointer  // (N,C)
    let finalMean: FloatPointer, finalRstd: FloatPointer  // (N)
    let logits: FloatPointer  // (N,V)
    let logProbs: FloatPointer  // (N,V)
    private let storage: FloatPointer

    init(config: TransformerConfig, maxBatchSize: Int, maxSequenceLength: Int) {
        self.config = config
        self.maxBatchSize = maxBatchSize
        self.maxSequenceLength = maxSequenceLength
        let n = maxBatchSize * maxSequenceLength, c = config.dim, v = config.vocabSize
        let attentionSize = maxBatchSize * config.heads * maxSequenceLength * maxSequenceLength
        let perBlock = n * c * 5 + n * 4 * c * 3 + n * 3 * c + n * 4 + attentionSize
        let total = n * c * 2 + n * 2 + n * v * 2 + perBlock * config.layers
        let storage = FloatPointer.allocate(capacity: total)
        storage.initialize(repeating: 0, count: total)
        self.storage = storage
        var offset = 0
        func take(_ count: Int) -> FloatPointer {
            defer { offset += count }
            return storage + offset
        }
        encoded = take(n * c)
        var blocks: [Block] = []
        for _ in 0..<config.layers {
            blocks.append(
                Block(
                    norm1: take(n * c), norm1Mean: take(n), norm1Rstd: take(n), qkv: take(n * 3 * c),
                    attention: take(attentionSize), attentionOut: take(n * c), residual2: take(n * c),
                    norm2: take(n * c), norm2Mean: take(n), norm2Rstd: take(n), feedForwardPre: take(n * 4 * c),
                    feedForwardTanh: take(n * 4 * c), feedForwardGelu: take(n * 4 * c), residual3: take(n * c)))
        }
        self.blocks = blocks
        finalNorm = take(n * c)
        finalMean = take(n)
        finalRstd = take(n)
        logits = take(n * v)
        logProbs = take(n * v)
        precondition(offset == total)
    }

    deinit { storage.deallocate() }

    /// Runs `model` on tokens (B,T) and leaves every intermediate, the logits (B,T,V) and the
    /// log-probabilities (B,T,V) in these buffers.
    func forward(model: Transformer, tokens: UnsafePointer<Int32>, B: Int, T: Int) {
        precondition(B <= maxBatchSize && T <= maxSequenceLength, "batch larger than the buffers")
        let p = UnsafePointer(model.parameters), layout = model.layout
        let C = config.dim, H = config.heads, V = config.vocabSize, N = B * T
        encoderForward(
            out: encoded, tokens: tokens, tokenEmbedding: p + layout.tokenEmbedding,
            positionEmbedding: p + layout.positionEmbedding, B: B, T: T, C: C)
        var x = UnsafePointer(encoded)
        for (l, a) in blocks.enumerated() {
            let w = layout.blocks[l]
            layerNormForward(
                out: a.norm1, mean: a.norm1Mean, rstd: a.norm1Rstd, inp: x, weight: p + w.norm1Weight,
                bias: p + w.norm1Bias, N: N, C: C)
            matmulForward(out: a.qkv, inp: a.norm1, weight: p + w.qkvWeight, bias: p + w.qkvBias, N: N, C: C, OC: 3 * C)
            attentionForward(out: a.attentionOut, att: a.attention, qkv: a.qkv, B: B, T: T, C: C, H: H)
            matmulForward(
                out: a.residual2, inp: a.attentionOut, weight: p + w.attentionProjectionWeight,
                bias: p + w.attentionProjectionBias, N: N, C: C, OC: C, residual: x)
            layerNormForward(
                out: a.norm2, mean: a.norm2Mean, rstd: a.norm2Rstd, inp: a.residual2, weight: p + w.norm2Weight,
                bias: p + w.norm2Bias, N: N, C: C)
            matmulForward(
                out: a.feedForwardPre, inp: a.norm2, weight: p + w.feedForwardWeight, bias: p + w.feedForwardBias,
                N: N, C: C, OC: 4 * C)
            geluForward(out: a.feedForwardGelu, tanhOut: a.feedForwardTanh, inp: a.feedForwardPre, N: N * 4 * C)
            matmulForward(
                out: a.residual3, inp: a.feedForwardGelu, weight: p + w.feedForwardProjectionWeight,
                bias: p + w.feedForwardProjectionBias, N: N, C: 4 * C, OC: C, residual: a.residual2)
            x = UnsafePointer(a.residual3)
        }
        layerNormForward(
            out: finalNorm, mean: finalMean, rstd: finalRstd, inp: x, weight: p + layout.finalNormWeight,
            bias: p + layout.finalNormBias, N: N, C: C)
        matmulForward(out: logits, inp: finalNorm, weight: p + layout.head, bias: nil, N: N, C: C, OC: V)
        for n in 0..<N {
            logSoftmax(logProbs: logProbs + n * V, logits: logits + n * V, V: V)
        }
    }
}
