/// The settings of one RL phase (SCoRe Stage I, Stage II, or the naive multi-turn baseline).
public struct RLPhaseSettings: Codable, Sendable, Equatable {
    public var steps: Int
    /// Distinct training problems per step.
    public var problemsPerStep: Int
    /// On-policy samples per problem (the RLOO group; >= 2 for a baseline).
    public var samplesPerProblem: Int
    public var learningRate: Float
    public var warmupSteps: Int = 0
    public var gradientClip: Float = 1
    /// Sampling temperature of the rollouts.
    public var temperature: Float = 1
    public var objective: AttemptObjective
    /// Fraction of problem groups whose attempt 1 comes from the frozen base model (Stage II mixing).
    public var baseFirstAttemptFraction: Double = 0
    /// Measure the KL to the base model every this many steps (0: never); costs one extra forward pass.
    public var klEvery: Int = 1

    public init(steps: Int, problemsPerStep: Int, samplesPerProblem: Int, learningRate: Float, objective: AttemptObjective) {
        self.steps = steps
        self.problemsPerStep = problemsPerStep
        self.samplesPerProblem = samplesPerProblem
        self.learningRate = learningRate
        self.objective = objective
    }
}

/// Runs one on-policy RL phase: sample rollouts, score them with the verifier, take a REINFORCE
/// step with leave-one-out baselines and KL to the frozen base model.
public struct ReinforcementPhase<P: Policy> {
    public let name: String
    public let settings: RLPhaseSettings
    public let sampler: RolloutSampler<P>

    public init(name: String, settings: RLPhaseSettings, sampler: RolloutSampler<P>) {
        self.name = name
        self.settings = settings
        self.sampler = sampler
    }

    /// Trains `policy` in place; `onStep` sees every logged point (for progress and curves).
    @discardableResult
    public func run(
        policy: P, reference: P, problems: [TaskProblem], seed: UInt64,
        onStep: (CurvePoint) -> Void = { _ in }
    ) -> [CurvePoint] {
        precondition(!problems.isEmpty, "no training problems")
        var optimizer = OptimizerSettings(learningRate: settings.learningRate, totalSteps: settings.steps)
        optimizer.warmupSteps = settings.warmupSteps
        optimizer.gradientClip = settings.gradientClip
        policy.startOptimizer(optimizer)
        var rng = SeededGenerator(seed: seed)
        var curve: [CurvePoint] = []
        for step in 1...max(settings.steps, 1) where settings.steps > 0 {
            let batch = (0..<settings.problemsPerStep).map { _ in problems[Int(rng.next() % UInt64(problems.count))] }
            var mixed = Set<Int>()
            for g in batch.indices where rng.unit() < settings.baseFirstAttemptFraction { mixed.insert(g) }
            let rollouts = sampler.sample(
                policy: policy, problems: batch, samplesPerProblem: settings.samplesPerProblem,
                seed: rng.next(), reference: mixed.isEmpty ? nil : reference, referenceGroups: mixed)
            let sequences = PolicyGradient.sequences(rollouts, objective: settings.objective, format: sampler.format)
            var kl: [Double]?
            if settings.klEvery > 0 && (step - 1) % settings.klEvery == 0 {
                kl = meanAttemptKL(policy: policy, reference: reference, rollouts: rollouts)
            }
            let stats = policy.accumulateGradient(sequences, reference: reference)
            let lr = policy.optimizerStep()
            let attempts = sampler.attempts
            let means = (0..<attempts).map { t in rollouts.map { $0.rewards[t] }.reduce(0, +) / Double(max(rollouts.count, 1)) }
            let point = CurvePoint(
                phase: name, step: step, rewards: means, delta: (means.last ?? 0) - (means.first ?? 0), kl: kl,
                loss: stats.loss, learningRate: Double(lr))
            curve.append(point)
            onStep(point)
        }
        return curve
    }

    /// Mean over rollouts of each attempt's summed per-token KL(policy || reference).
    func meanAttemptKL(policy: P, reference: P, rollouts: [Rollout]) -> [Double] {
        let dialogues = rollouts.map { sampler.format.dialogue(problem: $0.problem.prompt, attempts: $0.attempts) }
        let perPosition = policy.klDivergence(dialogues.map(\.tokens), reference: reference)
        var sums = [Double](repeating: 0, count: sampler.attempts)
        for (d, kl) in zip(dialogues, perPosition) {
            for (t, span) in d.targetSpans.enumerated() where t < sums.count {
                for pos in span where pos < kl.count { sums[t] += Double(kl[pos]) }
            }
        }
        return sums.map { $0 / Double(max(rollouts.count, 1)) }
    }
}
