/// One on-policy episode: T attempts at one problem and the verifier's reward for each.
public struct Rollout: Sendable {
    /// Index of the problem in the batch it was drawn for (rollouts of one problem form a group).
    public var group: Int
    public var problem: TaskProblem
    /// Each attempt's tokens, without the end-of-attempt token.
    public var attempts: [[Int32]]
    /// Whether each attempt ended with the end-of-attempt token (not cut at the length limit).
    public var finished: [Bool]
    public var texts: [String]
    public var rewards: [Double]
    /// True when attempt 1 came from the frozen base model (Stage II mixing), not the policy.
    public var firstAttemptFromReference: Bool
}

/// Samples T-attempt rollouts: attempt 1 from the problem, attempt t from the problem, the policy's
/// own earlier attempts and the fixed instruction.
public struct RolloutSampler<P: Policy> {
    public let format: DialogueFormat<P.Codec>
    public let judge: AnswerJudge
    public var attempts: Int
    public var temperature: Float
    public var maxAttemptTokens: Int

    public init(format: DialogueFormat<P.Codec>, judge: AnswerJudge, attempts: Int, temperature: Float, maxAttemptTokens: Int) {
        precondition(attempts >= 1)
        self.format = format
        self.judge = judge
        self.attempts = attempts
        self.temperature = temperature
        self.maxAttemptTokens = maxAttemptTokens
    }

    /// `samplesPerProblem` rollouts of each problem. When `reference` is given, the first attempts of
    /// the groups listed in `referenceGroups` are sampled from it instead of the policy.
    public func sample(
        policy: P, problems: [TaskProblem], samplesPerProblem k: Int, seed: UInt64,
        reference: P? = nil, referenceGroups: Set<Int> = []
    ) -> [Rollout] {
        var rollouts: [Rollout] = []
        for (g, p) in problems.enumerated() {
            for _ in 0..<k {
                rollouts.append(
                    Rollout(
                        group: g, problem: p, attempts: [], finished: [], texts: [], rewards: [],
                        firstAttemptFromReference: reference != nil && referenceGroups.contains(g)))
            }
        }
        for t in 0..<attempts {
            let contexts = rollouts.map { format.context(problem: $0.problem.prompt, previous: $0.attempts) }
            let stepSeed = SeededGenerator.derive(seed, UInt64(t + 1))
            var outputs = [[Int32]](repeating: [], count: rollouts.count)
            let fromReference = t == 0 ? rollouts.indices.filter { rollouts[$0].firstAttemptFromReference } : []
            let fromPolicy = t == 0 ? rollouts.indices.filter { !rollouts[$0].firstAttemptFromReference } : Array(rollouts.indices)
            for (model, indices, salt) in [(policy, fromPolicy, UInt64(0)), (reference ?? policy, fromReference, UInt64(7))]
            where !indices.isEmpty {
                let generated = model.generate(
                    indices.map { contexts[$0] }, temperature: temperature, maxNewTokens: maxAttemptTokens,
                    seed: stepSeed ^ salt)
                for (i, out) in zip(indices, generated) { outputs[i] = out }
            }
            for i in rollouts.indices {
                let (attempt, finished) = format.splitGenerated(outputs[i])
                let text = format.codec.decodeText(attempt)
                rollouts[i].attempts.append(attempt)
                rollouts[i].finished.append(finished)
                rollouts[i].texts.append(text)
                rollouts[i].rewards.append(judge.judge(rollouts[i].problem, response: text).reward)
            }
        }
        return rollouts
    }
}
