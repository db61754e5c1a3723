/// The compared methods, each trained from the same base model.
public enum Method: String, CaseIterable, Sendable, Codable {
    /// The supervised base model itself.
    case base
    /// STaR-style SFT on the base model's own successful dialogues.
    case star
    /// SFT on pairs of a wrong attempt followed by a right one.
    case pairSFT = "pair_sft"
    /// Multi-turn RL on r1 + r2: no Stage I, no shaping.
    case naiveRL = "naive_rl"
    /// Stage II alone (with shaping).
    case noStage1 = "no_stage1"
    /// Stage I then Stage II with alpha = 0.
    case noShaping = "no_shaping"
    /// SCoRe: Stage I then Stage II with shaping.
    case score
    /// Beyond the paper: one phase of stage1 + stage2 steps with Stage II's shaped rewards on both
    /// attempts and Stage I's strong KL (beta2) on attempt 1 throughout.
    case singleStage = "single_stage"

    /// The row label in the report's table.
    public var label: String {
        switch self {
        case .base: "base model"
        case .star: "STaR"
        case .pairSFT: "Pair-SFT"
        case .naiveRL: "naive multi-turn RL"
        case .noStage1: "SCoRe w/o Stage I"
        case .noShaping: "SCoRe w/o reward shaping"
        case .score: "SCoRe"
        case .singleStage: "single-stage SCoRe"
        }
    }

    /// True for the methods trained with RL (they have training curves).
    public var isReinforcement: Bool { [.naiveRL, .noStage1, .noShaping, .score, .singleStage].contains(self) }

    /// True for the methods that start with the (shared) Stage I.
    public var usesStageOne: Bool { self == .noShaping || self == .score }
}
