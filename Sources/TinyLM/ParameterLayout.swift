/// Where each parameter tensor lives inside the model's single parameter allocation (and, at the
/// same offsets, inside the gradient and optimizer-moment allocations). Shapes are row-major.
struct ParameterLayout: Sendable {
    /// The offsets of one transformer block's tensors (C = dim).
    struct Block: Sendable {
        var norm1Weight = 0, norm1Bias = 0  // (C), (C)
        var qkvWeight = 0, qkvBias = 0  // (3C, C), (3C)
        var attentionProjectionWeight = 0, attentionProjectionBias = 0  // (C, C), (C)
        var norm2Weight = 0, norm2Bias = 0  // (C), (C)
        var feedForwardWeight = 0, feedForwardBias = 0  // (4C, C), (4C)
        var feedForwardProjectionWeight = 0, feedForwardProjectionBias = 0  // (C, 4C), (C)
    }

    let tokenEmbedding: Int  // (V, C)
    let positionEmbedding: Int  // (maxT, C)
    let blocks: [Block]
    let finalNormWeight: Int, finalNormBias: Int  // (C), (C)
    let head: Int  // (V, C): logits = h @ head^T
    /// Total number of parameters.
    let count: Int
    /// Ranges that get weight decay (matrices and embeddings; not biases or norm gains).
    let decayed: [Range<Int>]
    /// Ranges of the residual-output projections, initialised with a smaller scale.
    let residualProjections: [Range<Int>]
    /// Ranges of the norm gains, initialised to 1.
    let normGains: [Range<Int>]
    /// Every tensor's name and range, in layout order (for tests and diagnostics).
    let namedRanges: [(name: String, range: Range<Int>)]

    init(_ config: TransformerConfig) {
        let v = config.vocabSize, c = config.dim, t = config.contextLength
        var offset = 0
        var decayed: [Range<Int>] = []
        var residual: [Range<Int>] = []
        var gains: [Range<Int>] = []
        var named: [(name: String, range: Range<Int>)] = []
        var prefix = ""
        func take(
            _ n: Int, _ name: String, decay: Bool = false, residualOutput: Bool = false, gain: Bool = false
        ) -> Int {
            let start = offset
            offset += n
            named.append((prefix + name, start..<offset))
            if decay { decayed.append(start..<offset) }
            if residualOutput { residual.append(start..<offset) }
            if gain { gains.append(start..<offset) }
            return start
        }
        tokenEmbedding = take(v * c, "tokenEmbedding", decay: true)
        positionEmbedding = take(t * c, "positionEmbedding", decay: true)
        var blocks: [Block] = []
        for l in 0..<config.layers {
            prefix = "block\(l)."
            var b = Block()
            b.norm1Weight = take(c, "norm1Weight", gain: true)
            b.norm1Bias = take(c, "norm1Bias")
            b.qkvWeight = take(3 * c * c, "qkvWeight", decay: true)
            b.qkvBias = take(3 * c, "qkvBias")
            b.attentionProjectionWeight = take(c * c, "attentionProjectionWeight", decay: true, residualOutput: true)
            b.attentionProjectionBias = take(c, "attentionProjectionBias")
            b.norm2Weight = take(c, "norm2Weight", gain: true)
            b.norm2Bias = take(c, "norm2Bias")
            b.feedForwardWeight = take(4 * c * c, "feedForwardWeight", decay: true)
            b.feedForwardBias = take(4 * c, "feedForwardBias")
            b.feedForwardProjectionWeight = take(4 * c * c, "feedForwardProjectionWeight", decay: true, residualOutput: true)
            b.feedForwardProjectionBias = take(c, "feedForwardProjectionBias")
            blocks.append(b)
        }
        self.blocks = blocks
        prefix = ""
        finalNormWeight = take(c, "finalNormWeight", gain: true)
        finalNormBias = take(c, "finalNormBias")
        head = take(v * c, "head", decay: true)
        count = offset
        self.decayed = decayed
        self.residualProjections = residual
        self.normGains = gains
        self.namedRanges = named
    }

    /// Parameters that sit in matrix multiplies (block weights and the head): the "N" of the
    /// usual 6N FLOPs-per-token estimate.
    func matmulParameterCount(_ config: TransformerConfig) -> Int {
        let c = config.dim
        return config.layers * 12 * c * c + config.vocabSize * c
    }
}
