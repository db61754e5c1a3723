/// One logged training step.
public struct CurvePoint: Codable, Sendable, Equatable {
    /// The phase: `sft`, `stage1`, `stage2`.
    public var phase: String
    /// Step within the phase (1-based).
    public var step: Int
    /// Mean raw verifier reward of each attempt over the step's rollouts (empty for SFT).
    public var rewards: [Double]
    /// Mean reward of the last attempt minus that of the first.
    public var delta: Double
    /// Mean per-rollout KL to the base model, summed over each attempt's tokens (nil when not measured).
    public var kl: [Double]?
    /// The objective the step descended.
    public var loss: Double
    public var learningRate: Double

    public init(phase: String, step: Int, rewards: [Double], delta: Double, kl: [Double]?, loss: Double, learningRate: Double) {
        self.phase = phase
        self.step = step
        self.rewards = rewards
        self.delta = delta
        self.kl = kl
        self.loss = loss
        self.learningRate = learningRate
    }
}
