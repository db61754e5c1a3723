/// SCoRe's reward shaping for multi-attempt rollouts (Kumar et al., 2024, Stage II).
///
/// Attempt 1 is credited with its own reward. Every later attempt t is credited with
/// `r_t + alpha * (r_t - r_{t-1})`: a bonus for turning a wrong attempt into a right one and a
/// penalty of the same size for turning a right one wrong. With `alpha = 0` this is plain
/// per-attempt reward.
public enum RewardShaping {
    /// Shaped rewards, one per attempt, for the raw rewards of attempts 1...T (T >= 1).
    ///
    ///     RewardShaping.shaped([0, 1], alpha: 10)  // [0, 11]
    ///     RewardShaping.shaped([1, 0], alpha: 10)  // [1, -10]
    public static func shaped(_ rewards: [Double], alpha: Double) -> [Double] {
        rewards.indices.map { t in
            t == 0 ? rewards[0] : rewards[t] + alpha * (rewards[t] - rewards[t - 1])
        }
    }
}
