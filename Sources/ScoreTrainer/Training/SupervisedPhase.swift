/// The settings of one supervised phase (the base model, STaR, Pair-SFT).
public struct SupervisedSettings: Codable, Sendable, Equatable {
    public var steps: Int
    /// Sequences per step.
    public var batchSize: Int
    public var learningRate: Float
    public var warmupSteps: Int = 0
    public var weightDecay: Float = 0
    /// The cosine schedule decays to learningRate * this.
    public var minLearningRateRatio: Float = 0.1

    public init(steps: Int, batchSize: Int, learningRate: Float) {
        self.steps = steps
        self.batchSize = batchSize
        self.learningRate = learningRate
    }
}

/// Supervised training on dialogues whose chosen attempts are the targets (mean token NLL per step).
public enum SupervisedPhase {
    /// A dialogue whose `trainedAttempts` carry weight 1 before normalisation.
    public static func sequence<C: TokenCodec>(
        problem: TaskProblem, attempts: [[Int32]], trainedAttempts: Set<Int>, format: DialogueFormat<C>
    ) -> WeightedSequence {
        let (tokens, spans) = format.dialogue(problem: problem.prompt, attempts: attempts)
        var w = [Float](repeating: 0, count: tokens.count - 1)
        for (t, span) in spans.enumerated() where trainedAttempts.contains(t) {
            for pos in span { w[pos] = 1 }
        }
        return WeightedSequence(tokens: tokens, weights: w)
    }

    /// Runs `settings.steps` steps; `batch(step, rng)` supplies each step's unnormalised sequences.
    @discardableResult
    public static func run<P: Policy>(
        policy: P, settings: SupervisedSettings, seed: UInt64, name: String = "sft",
        batch: (Int, inout SeededGenerator) -> [WeightedSequence],
        onStep: (CurvePoint) -> Void = { _ in }
    ) -> [CurvePoint] {
        var optimizer = OptimizerSettings(learningRate: settings.learningRate, totalSteps: settings.steps)
        optimizer.warmupSteps = settings.warmupSteps
        optimizer.weightDecay = settings.weightDecay
        optimizer.minLearningRateRatio = settings.minLearningRateRatio
        policy.startOptimizer(optimizer)
        var rng = SeededGenerator(seed: seed)
        var curve: [CurvePoint] = []
        for step in 1...max(settings.steps, 1) where settings.steps > 0 {
            var sequences = batch(step, &rng)
            let targets = sequences.reduce(0) { $0 + $1.weights.reduce(0) { $0 + ($1 != 0 ? 1 : 0) } }
            guard targets > 0 else { continue }
            let scale = 1 / Float(targets)
            for i in sequences.indices { sequences[i].weights = sequences[i].weights.map { $0 * scale } }
            let stats = policy.accumulateGradient(sequences, reference: nil)
            let lr = policy.optimizerStep()
            let point = CurvePoint(phase: name, step: step, rewards: [], delta: 0, kl: nil, loss: stats.loss, learningRate: Double(lr))
            curve.append(point)
            onStep(point)
        }
        return curve
    }
}
