import TinyLM

/// The trainer's seedable generator is the engine's SplitMix64, so every problem set, trace,
/// rollout and sampled token comes from one generator definition.
public typealias SeededGenerator = SplitMix64

extension SplitMix64 {
    /// A uniform draw in [0, 1).
    public mutating func unit() -> Double { nextUnit() }

    /// A seed derived from `seed` and a label, for independent streams (one per stage, per step...).
    public static func derive(_ seed: UInt64, _ label: UInt64) -> UInt64 {
        var g = SplitMix64(seed: seed ^ (label &* 0xD1B5_4A32_D192_ED03))
        return g.next()
    }
}
