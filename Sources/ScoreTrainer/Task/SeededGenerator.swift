/// A small, fast, seedable random number generator (SplitMix64), so every problem set, trace and
/// rollout is reproducible from its seed on any platform.
public struct SeededGenerator: RandomNumberGenerator, Sendable {
    private var state: UInt64

    public init(seed: UInt64) { state = seed }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A uniform draw in [0, 1).
    public mutating func unit() -> Double { Double(next() >> 11) * 0x1.0p-53 }

    /// A seed derived from `seed` and a label, for independent streams (one per stage, per step...).
    public static func derive(_ seed: UInt64, _ label: UInt64) -> UInt64 {
        var g = SeededGenerator(seed: seed ^ (label &* 0xD1B5_4A32_D192_ED03))
        return g.next()
    }
}
