/// Greedy evaluation of a policy on held-out problems.
public struct Evaluator<P: Policy> {
    public let format: DialogueFormat<P.Codec>
    public let judge: AnswerJudge
    public var attempts: Int
    public var maxAttemptTokens: Int
    /// Problems per generation call (bounds memory; also the progress granularity).
    public var chunkSize: Int

    public init(format: DialogueFormat<P.Codec>, judge: AnswerJudge, attempts: Int, maxAttemptTokens: Int, chunkSize: Int = 256) {
        precondition(attempts >= 2, "evaluation needs at least two attempts")
        self.format = format
        self.judge = judge
        self.attempts = attempts
        self.maxAttemptTokens = maxAttemptTokens
        self.chunkSize = max(1, chunkSize)
    }

    /// One greedy episode per problem; `examples` keeps the first few for the report.
    public func evaluate(
        policy: P, problems: [TaskProblem], onProgress: (Int) -> Void = { _ in }
    ) -> (metrics: SelfCorrectionMetrics, examples: [EvaluationExample]) {
        let sampler = RolloutSampler<P>(
            format: format, judge: judge, attempts: attempts, temperature: 0, maxAttemptTokens: maxAttemptTokens)
        var rewards: [[Double]] = []
        var changed: [Bool] = []
        var texts: [[String]] = []
        var trueWork: [Bool?] = []
        var examples: [EvaluationExample] = []
        var start = 0
        while start < problems.count {
            let chunk = Array(problems[start..<min(start + chunkSize, problems.count)])
            let rollouts = sampler.sample(policy: policy, problems: chunk, samplesPerProblem: 1, seed: 0)
            for r in rollouts {
                rewards.append(r.rewards)
                texts.append(r.texts)
                trueWork.append(judge.shownResultIsTrue(r.problem, response: r.texts[0]))
                changed.append(judge.changesAnswer(r.problem, from: r.texts[0], to: r.texts[1]))
                if examples.count < 12 {
                    examples.append(EvaluationExample(prompt: r.problem.prompt, gold: r.problem.goldAnswer, attempts: r.texts, rewards: r.rewards))
                }
            }
            start += chunk.count
            onProgress(start)
        }
        return (SelfCorrectionMetrics(rewards: rewards, changed: changed, texts: texts, trueWork: trueWork), examples)
    }
}

/// One evaluated episode, kept for the report.
public struct EvaluationExample: Codable, Sendable, Equatable {
    public var prompt: String
    public var gold: String
    public var attempts: [String]
    public var rewards: [Double]
}
