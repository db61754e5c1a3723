import Rewards

/// Which attempts are rewarded and how strongly each is held to the base model: SCoRe's two stages
/// (and, with other settings, the naive multi-turn baseline).
public struct AttemptObjective: Sendable, Equatable, Codable {
    /// Reward credited to attempts: `.secondAttemptsOnly` (Stage I) or `.everyAttempt` (Stage II).
    public enum Credit: String, Sendable, Codable { case secondAttemptsOnly, everyAttempt }
    public var credit: Credit
    /// Shaping bonus alpha on later attempts (`RewardShaping.shaped`); 0 is plain per-attempt reward.
    public var alpha: Double
    /// KL weight on attempt 1 (Stage I: the strong beta2; Stage II: beta1).
    public var firstAttemptKL: Double
    /// KL weight on later attempts (beta1).
    public var laterAttemptKL: Double
    /// Baseline of a shaped later attempt (`.group` when nil).
    public var shapingBaseline: ShapingBaseline?

    /// How the leave-one-out baseline of a later attempt treats the shaping term `-alpha * r(t-1)`.
    public enum ShapingBaseline: String, Sendable, Codable, CaseIterable {
        /// As written: attempt t is credited with `r_t + alpha (r_t - r_(t-1))`, and the baseline is the
        /// mean of the other samples of the problem, whose earlier attempts differ.
        case group
        /// `-alpha * r_(t-1)` is fixed before attempt t is sampled, so it is left out of attempt t's
        /// credit, `(1 + alpha) r_t`: the same expected gradient for attempt t, without the variance
        /// that the earlier attempts' rewards add.
        case previousAttempt = "previous-attempt"
    }

    public init(credit: Credit, alpha: Double, firstAttemptKL: Double, laterAttemptKL: Double) {
        self.credit = credit
        self.alpha = alpha
        self.firstAttemptKL = firstAttemptKL
        self.laterAttemptKL = laterAttemptKL
    }

    /// Stage I: maximise r(y2) with a strong KL (beta2) on attempt 1 and a small one on attempt 2.
    public static func stageOne(beta1: Double, beta2: Double) -> AttemptObjective {
        AttemptObjective(credit: .secondAttemptsOnly, alpha: 0, firstAttemptKL: beta2, laterAttemptKL: beta1)
    }

    /// Stage II: maximise r(y1) + r~(y2) with r~ = r2 + alpha (r2 - r1), KL beta1 on both.
    public static func stageTwo(alpha: Double, beta1: Double, baseline: ShapingBaseline? = nil) -> AttemptObjective {
        var o = AttemptObjective(credit: .everyAttempt, alpha: alpha, firstAttemptKL: beta1, laterAttemptKL: beta1)
        o.shapingBaseline = baseline
        return o
    }

    /// One stage: Stage II's shaped rewards on every attempt with Stage I's strong KL on attempt 1.
    public static func singleStage(alpha: Double, beta1: Double, beta2: Double, baseline: ShapingBaseline? = nil) -> AttemptObjective {
        var o = AttemptObjective(credit: .everyAttempt, alpha: alpha, firstAttemptKL: beta2, laterAttemptKL: beta1)
        o.shapingBaseline = baseline
        return o
    }

    /// The reward credited to each attempt of one rollout, or nil where an attempt gets no
    /// policy-gradient term.
    public func creditedRewards(_ rewards: [Double]) -> [Double?] {
        switch credit {
        case .secondAttemptsOnly:
            return rewards.indices.map { $0 == 0 ? nil : rewards[$0] }
        case .everyAttempt:
            let shaped = RewardShaping.shaped(rewards, alpha: alpha)
            guard shapingBaseline == .previousAttempt else { return shaped.map { Optional($0) } }
            return shaped.indices.map { t in t == 0 ? shaped[0] : shaped[t] + alpha * rewards[t - 1] }
        }
    }
}

/// REINFORCE with a leave-one-out baseline per attempt, turned into weighted training sequences.
public enum PolicyGradient {
    /// Leave-one-out advantages within one group: A_i = R_i - mean_{j != i} R_j (0 for a lone sample).
    public static func leaveOneOutAdvantages(_ returns: [Double]) -> [Double] {
        let n = returns.count
        guard n > 1 else { return [Double](repeating: 0, count: n) }
        let total = returns.reduce(0, +)
        return returns.map { $0 - (total - $0) / Double(n - 1) }
    }

    /// Advantages for every rollout and attempt (nil where the attempt is not credited). Baselines
    /// are computed per problem group and per attempt, each attempt with its own credited reward.
    public static func advantages(_ rollouts: [Rollout], objective: AttemptObjective) -> [[Double?]] {
        let credited = rollouts.map { objective.creditedRewards($0.rewards) }
        var result = credited.map { $0.map { _ -> Double? in nil } }
        let groups = Dictionary(grouping: rollouts.indices, by: { rollouts[$0].group })
        let attempts = rollouts.map(\.rewards.count).max() ?? 0
        for (_, members) in groups {
            for t in 0..<attempts {
                let rows = members.filter { t < credited[$0].count && credited[$0][t] != nil }
                let adv = leaveOneOutAdvantages(rows.map { credited[$0][t] ?? 0 })
                for (i, a) in zip(rows, adv) { result[i][t] = a }
            }
        }
        return result
    }

    /// Training sequences for one step. Each rollout's attempt t gets weight A_t / N on the
    /// negative log-likelihood of its tokens (so the step ascends A log p) and the attempt's KL weight
    /// / N on every one of its positions (an exact per-token KL, summed over the attempt). Attempts
    /// cut at the length limit are not trained on their missing end token; attempt 1 of a rollout
    /// that took it from the base model is not trained at all.
    public static func sequences<C: TokenCodec>(
        _ rollouts: [Rollout], objective: AttemptObjective, format: DialogueFormat<C>
    ) -> [WeightedSequence] {
        let advantages = advantages(rollouts, objective: objective)
        let n = Float(max(rollouts.count, 1))
        return rollouts.indices.map { i in
            let r = rollouts[i]
            let (tokens, spans) = format.dialogue(problem: r.problem.prompt, attempts: r.attempts)
            var w = [Float](repeating: 0, count: tokens.count - 1)
            var kl = [Float](repeating: 0, count: tokens.count - 1)
            for (t, span) in spans.enumerated() {
                if t == 0 && r.firstAttemptFromReference { continue }
                let trainedSpan = r.finished[t] ? span : span.lowerBound..<(span.upperBound - 1)
                let beta = Float(t == 0 ? objective.firstAttemptKL : objective.laterAttemptKL) / n
                let a = advantages[i][t].map { Float($0) / n } ?? 0
                for pos in trainedSpan {
                    w[pos] = a
                    kl[pos] = beta
                }
            }
            return WeightedSequence(tokens: tokens, weights: w, klWeights: kl)
        }
    }
}
