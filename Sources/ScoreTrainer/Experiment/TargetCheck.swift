/// The three targets for a self-correcting method, judged from the per-seed results with
/// standard errors over seeds:
///
/// 1. Δ(t1,t2) of at least +3 points;
/// 2. Δ at least 2 points above naive RL's (paired by seed: both start from the same base model);
/// 3. Acc@t2 no more than 1 point below the best method's (paired by seed with the best of the
///    others, so a method that is itself the best shows its lead).
///
/// A target is *met* when its mean meets the threshold, and *clear* when it still does two standard
/// errors towards the threshold's side (a stricter reading that a lucky seed cannot pass; never
/// clear from one seed, which has no standard error).
public struct TargetCheck: Sendable {
    /// One judged target.
    public struct Target: Sendable, Equatable {
        /// The results.json key, e.g. `delta_at_least_3`.
        public let key: String
        /// What is asked, in words.
        public let requirement: String
        /// The estimate (a fraction; a gap for the Acc@t2 target) and its standard error over seeds.
        public let estimate: Double
        public let standardError: Double
        public let seeds: Int
        public let met: Bool
        public let clear: Bool
    }

    public let method: Method
    public let targets: [Target]

    /// The methods whose targets reports judge: SCoRe and its single-stage variant.
    public static let judgedMethods: [Method] = [.score, .singleStage]

    /// The targets that the summary can judge for `method` (none without it; the second needs
    /// `naive_rl`). The third compares with the other method of highest mean Acc@t2 (and is left out
    /// when there is none); a negative gap is a lead.
    public init(summary: ResultsSummary, method: Method = .score) {
        self.method = method
        func perSeed(_ m: Method, _ name: String) -> [Int: Double] {
            let rows = summary.perMethod.first { $0.method == m }?.perSeed ?? []
            var values: [Int: Double] = [:]
            for row in rows { values[row.seed] = row.metrics.headline.first { $0.name == name }?.value }
            return values
        }
        let delta = perSeed(method, "delta")
        guard !delta.isEmpty else {
            targets = []
            return
        }
        var judged: [Target] = []
        let own = Self.estimate(Array(delta.values))
        judged.append(
            Target(
                key: "delta_at_least_3", requirement: "Δ(t1,t2) ≥ +3 points", estimate: own.mean,
                standardError: own.se, seeds: delta.count, met: own.mean >= 0.03 - 1e-12,
                clear: delta.count > 1 && own.mean - 2 * own.se >= 0.03 - 1e-12))
        let naive = perSeed(.naiveRL, "delta")
        let pairedSeeds = delta.keys.filter { naive[$0] != nil }
        if method != .naiveRL, !pairedSeeds.isEmpty {
            let d = Self.estimate(pairedSeeds.map { delta[$0]! - naive[$0]! })
            judged.append(
                Target(
                    key: "delta_above_naive_by_2", requirement: "Δ − Δ(naive_rl) ≥ +2 points", estimate: d.mean,
                    standardError: d.se, seeds: pairedSeeds.count, met: d.mean >= 0.02 - 1e-12,
                    clear: pairedSeeds.count > 1 && d.mean - 2 * d.se >= 0.02 - 1e-12))
        }
        let accT2 = perSeed(method, "acc_t2")
        // Against the best of the other methods: when `method` is itself the best, the estimate
        // is its (negative) margin over the runner-up rather than a trivial 0.
        let meanAccT2 = summary.perMethod.filter { !$0.perSeed.isEmpty && $0.method != method }
            .map { ($0.method, Self.estimate(Array(perSeed($0.method, "acc_t2").values)).mean) }
        let best = meanAccT2.max { $0.1 < $1.1 }?.0
        if let best {
            let bestAcc = perSeed(best, "acc_t2")
            let seeds = accT2.keys.filter { bestAcc[$0] != nil }
            let gap = Self.estimate(seeds.map { bestAcc[$0]! - accT2[$0]! })
            judged.append(
                Target(
                    key: "acc_t2_within_1_of_best",
                    requirement: "Acc@t2 at most 1 point below the best other method (`\(best.rawValue)`)",
                    estimate: gap.mean, standardError: gap.se, seeds: seeds.count,
                    met: gap.mean <= 0.01 + 1e-12, clear: seeds.count > 1 && gap.mean + 2 * gap.se <= 0.01 + 1e-12))
        }
        targets = judged
    }

    /// Mean and standard error of the mean (0 for one value).
    static func estimate(_ values: [Double]) -> (mean: Double, se: Double) {
        let (mean, std) = ResultsSummary.meanAndStd(values)
        return (mean, values.isEmpty ? 0 : std / Double(values.count).squareRoot())
    }
}
