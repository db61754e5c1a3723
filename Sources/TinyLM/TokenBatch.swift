/// B sequences of T tokens, row-major, padded. Position t predicts `targets[t]` from
/// `tokens[0...t]`.
///
/// A target outside the vocabulary (for example -1) is allowed only where `weights` is 0; its
/// log-probability reads as 0.
public struct TokenBatch: Sendable {
    public var batchSize: Int, sequenceLength: Int
    /// Input tokens, B*T.
    public var tokens: [Int32]
    /// Next-token targets, B*T.
    public var targets: [Int32]
    /// Per-position weight of -log p(target): 0 masks, and it may be negative (policy gradient).
    public var weights: [Float]
    /// Per-position weight of KL(p_theta(.|prefix) || p_ref(.|prefix)), exact over the vocabulary.
    public var klWeights: [Float]

    public init(
        batchSize: Int, sequenceLength: Int, tokens: [Int32], targets: [Int32], weights: [Float],
        klWeights: [Float]? = nil
    ) {
        self.batchSize = batchSize
        self.sequenceLength = sequenceLength
        self.tokens = tokens
        self.targets = targets
        self.weights = weights
        self.klWeights = klWeights ?? [Float](repeating: 0, count: batchSize * sequenceLength)
    }

    /// An all-padding batch (tokens and targets `padding`, every weight 0) to fill in place.
    public init(batchSize: Int, sequenceLength: Int, padding: Int32 = 0) {
        let n = batchSize * sequenceLength
        self.init(
            batchSize: batchSize, sequenceLength: sequenceLength, tokens: .init(repeating: padding, count: n),
            targets: .init(repeating: padding, count: n), weights: .init(repeating: 0, count: n))
    }

    /// What is wrong with this batch for a model of `vocabSize` and buffers of the given maximum
    /// shape, or nil.
    public func problem(vocabSize: Int, maxBatchSize: Int, maxSequenceLength: Int) -> String? {
        let n = batchSize * sequenceLength
        if batchSize < 1 || sequenceLength < 1 { return "batch shape \(batchSize)x\(sequenceLength) is empty" }
        if batchSize > maxBatchSize || sequenceLength > maxSequenceLength {
            return "batch shape \(batchSize)x\(sequenceLength) exceeds the session's \(maxBatchSize)x\(maxSequenceLength)"
        }
        if tokens.count != n || targets.count != n || weights.count != n || klWeights.count != n {
            return "batch arrays must each hold \(n) entries (tokens \(tokens.count), targets \(targets.count), "
                + "weights \(weights.count), klWeights \(klWeights.count))"
        }
        for i in 0..<n {
            if tokens[i] < 0 || Int(tokens[i]) >= vocabSize { return "token \(tokens[i]) at \(i) is outside 0..<\(vocabSize)" }
            if weights[i] != 0, targets[i] < 0 || Int(targets[i]) >= vocabSize {
                return "target \(targets[i]) at \(i) has weight \(weights[i]) but is outside 0..<\(vocabSize)"
            }
            if !weights[i].isFinite || !klWeights[i].isFinite { return "weight at \(i) is not finite" }
        }
        return nil
    }
}

/// What one `forwardBackward` measured.
public struct StepStats: Sendable, Equatable {
    /// The whole objective: `weightedNLL + weightedKL`.
    public var loss: Double
    /// sum_t weights[t] * (-log p(targets[t])).
    public var weightedNLL: Double
    /// sum_t klWeights[t] * KL_t.
    public var weightedKL: Double
    /// Unweighted sum of KL_t over positions with klWeights[t] != 0.
    public var klSum: Double
    /// `klSum / klPositions` (0 when there are none).
    public var klMean: Double
    /// Positions with klWeights[t] != 0.
    public var klPositions: Int
    /// Positions with weights[t] != 0.
    public var tokenCount: Int

    public init(
        loss: Double = 0, weightedNLL: Double = 0, weightedKL: Double = 0, klSum: Double = 0, klMean: Double = 0,
        klPositions: Int = 0, tokenCount: Int = 0
    ) {
        self.loss = loss
        self.weightedNLL = weightedNLL
        self.weightedKL = weightedKL
        self.klSum = klSum
        self.klMean = klMean
        self.klPositions = klPositions
        self.tokenCount = tokenCount
    }
}
