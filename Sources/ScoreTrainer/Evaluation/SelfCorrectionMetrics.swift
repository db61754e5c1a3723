/// The paper's self-correction metrics for one evaluation, as fractions in [0, 1].
public struct SelfCorrectionMetrics: Codable, Sendable, Equatable {
    public var accT1: Double
    public var accT2: Double
    /// Acc@t2 - Acc@t1.
    public var delta: Double
    /// Wrong at attempt 1, right at attempt 2.
    public var deltaI2C: Double
    /// Right at attempt 1, wrong at attempt 2.
    public var deltaC2I: Double
    /// Attempt 2 states a different answer (by value) than attempt 1.
    public var changeRate: Double
    /// Mean character edit distance between attempts 1 and 2 over their total length.
    public var editRatio: Double
    /// Accuracy of every attempt 1...T.
    public var accByAttempt: [Double]
    public var problems: Int
    /// Of the attempts 1 that show their work, the fraction whose shown result is their expression's
    /// value (nil when none shows work): whether the model's own check can be trusted.
    public var workAccuracy: Double?

    enum CodingKeys: String, CodingKey {
        case accT1 = "acc_t1", accT2 = "acc_t2", delta, deltaI2C = "delta_i2c", deltaC2I = "delta_c2i"
        case changeRate = "change_rate", editRatio = "edit_ratio", accByAttempt = "acc_by_attempt", problems
        case workAccuracy = "work_accuracy"
    }

    /// The seven headline metrics, by their results.json names, in table order.
    public var headline: [(name: String, value: Double)] {
        [
            ("acc_t1", accT1), ("acc_t2", accT2), ("delta", delta), ("delta_i2c", deltaI2C), ("delta_c2i", deltaC2I),
            ("change_rate", changeRate), ("edit_ratio", editRatio),
        ]
    }

    /// Metrics from per-problem rewards (T >= 2 each), answer-change flags and attempt texts.
    public init(rewards: [[Double]], changed: [Bool], texts: [[String]], trueWork: [Bool?] = []) {
        let n = Double(max(rewards.count, 1))
        let attempts = rewards.map(\.count).min() ?? 0
        precondition(attempts >= 2 || rewards.isEmpty, "self-correction metrics need at least two attempts")
        accByAttempt = (0..<attempts).map { t in rewards.reduce(0) { $0 + $1[t] } / n }
        accT1 = accByAttempt.first ?? 0
        accT2 = accByAttempt.count > 1 ? accByAttempt[1] : 0
        delta = accT2 - accT1
        deltaI2C = Double(rewards.filter { $0[0] < 1 && $0[1] >= 1 }.count) / n
        deltaC2I = Double(rewards.filter { $0[0] >= 1 && $0[1] < 1 }.count) / n
        changeRate = Double(changed.filter { $0 }.count) / n
        editRatio = texts.reduce(0) { $0 + editRatioBetween($1[0], $1[1]) } / n
        problems = rewards.count
        let shown = trueWork.compactMap { $0 }
        workAccuracy = shown.isEmpty ? nil : Double(shown.filter { $0 }.count) / Double(shown.count)
    }
}

/// Levenshtein distance between the characters of a and b divided by their total length (0 when both
/// are empty): 0 for identical attempts, 1 for attempts with nothing in common.
public func editRatioBetween(_ a: String, _ b: String) -> Double {
    let x = Array(a.unicodeScalars)
    let y = Array(b.unicodeScalars)
    guard !x.isEmpty || !y.isEmpty else { return 0 }
    var previous = Array(0...y.count)
    var current = [Int](repeating: 0, count: y.count + 1)
    for i in 1...max(x.count, 1) where !x.isEmpty {
        current[0] = i
        for j in 1...max(y.count, 1) where !y.isEmpty {
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (x[i - 1] == y[j - 1] ? 0 : 1))
        }
        swap(&previous, &current)
    }
    let distance = x.isEmpty ? y.count : previous[y.count]
    return Double(distance) / Double(x.count + y.count)
}
