/// Characters to token ids and back, with the special tokens a dialogue needs.
public protocol TokenCodec: Sendable {
    var vocabularySize: Int { get }
    var beginToken: Int32 { get }
    /// Ends one attempt (the generation stop token).
    var endOfAttemptToken: Int32 { get }
    /// Separates the prompt (or the instruction) from the attempt that follows.
    var separatorToken: Int32 { get }
    func encodeText(_ text: String) -> [Int32]
    func decodeText(_ tokens: [Int32]) -> String
}

/// One training sequence with a weight per target position.
///
/// Position i predicts `tokens[i + 1]`; both weight arrays have `tokens.count - 1` entries. The loss
/// is `sum(weights[i] * -log p(tokens[i+1])) + sum(klWeights[i] * KL(p_theta || p_ref) at i)`.
public struct WeightedSequence: Sendable, Equatable {
    public var tokens: [Int32]
    public var weights: [Float]
    public var klWeights: [Float]

    public init(tokens: [Int32], weights: [Float]? = nil, klWeights: [Float]? = nil) {
        self.tokens = tokens
        let n = max(tokens.count - 1, 0)
        self.weights = weights ?? [Float](repeating: 0, count: n)
        self.klWeights = klWeights ?? [Float](repeating: 0, count: n)
        precondition(self.weights.count == n && self.klWeights.count == n, "one weight per target position")
    }
}

/// The optimizer of one training phase (a fresh one per phase: SFT, Stage I, Stage II).
public struct OptimizerSettings: Codable, Sendable, Equatable {
    public var learningRate: Float
    public var weightDecay: Float = 0
    public var warmupSteps: Int = 0
    public var totalSteps: Int
    /// The cosine schedule decays to learningRate * this.
    public var minLearningRateRatio: Float = 1
    public var gradientClip: Float = 1

    public init(learningRate: Float, totalSteps: Int) {
        self.learningRate = learningRate
        self.totalSteps = totalSteps
    }
}

/// What a backward pass measured.
public struct GradientStats: Sendable {
    /// The weighted objective that was differentiated.
    public var loss: Double
    public init(loss: Double) { self.loss = loss }
}

/// A trainable autoregressive policy: what the trainer needs from a language model.
///
/// `TinyLMPolicy` implements it with the project's transformer; tests use small doubles.
public protocol Policy: AnyObject {
    associatedtype Codec: TokenCodec
    var codec: Codec { get }
    /// Longest sequence (prompt plus generation) the model can take.
    var contextLength: Int { get }
    /// Samples continuations of each prompt until the end-of-attempt token (included in the result
    /// when produced) or `maxNewTokens`. `temperature` 0 is greedy.
    func generate(_ prompts: [[Int32]], temperature: Float, maxNewTokens: Int, seed: UInt64) -> [[Int32]]
    /// Adds the gradient of the batch's weighted loss to the accumulated gradient.
    func accumulateGradient(_ batch: [WeightedSequence], reference: Self?) -> GradientStats
    /// Exact KL(p_theta || p_ref) at every target position of each sequence.
    func klDivergence(_ sequences: [[Int32]], reference: Self) -> [[Float]]
    /// Starts a fresh optimizer for a new phase.
    func startOptimizer(_ settings: OptimizerSettings)
    /// Applies the accumulated gradient, clears it, and returns the learning rate used.
    @discardableResult func optimizerStep() -> Float
    /// A frozen copy (the reference policy of the KL terms).
    func frozenCopy() -> Self
    /// Writes the weights (atomically) with free-form metadata.
    func save(to path: String, metadata: [String: String]) throws
}
