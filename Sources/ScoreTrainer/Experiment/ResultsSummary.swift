import Rewards

/// Mean and spread over seeds of every method's metrics, in the shape of `results.json`:
///
///     {"task": ..., "eval_problems": N, "seeds": [...],
///      "methods": {"base": {"acc_t1", ..., "edit_ratio", "std": {...}, "per_seed": [...]}, ...},
///      "targets": {"score": {"delta_at_least_3": {"estimate", "standard_error", "seeds", "met", "clear"}, ...}}}
public struct ResultsSummary: Sendable {
    public let task: String
    public let evalProblems: Int
    public let seeds: [Int]
    /// Per method, in table order: the per-seed metrics.
    public let perMethod: [(method: Method, perSeed: [(seed: Int, metrics: SelfCorrectionMetrics)])]

    public init(task: String, evalProblems: Int, seeds: [Int], methods: [Method], outcomes: [[MethodOutcome]]) {
        self.task = task
        self.evalProblems = evalProblems
        self.seeds = seeds
        perMethod = Method.allCases.filter { methods.contains($0) }.map { method in
            let rows = outcomes.compactMap { seedOutcomes in
                seedOutcomes.first { $0.method == method.rawValue }.map { (seed: $0.seed, metrics: $0.metrics) }
            }
            return (method, rows)
        }
    }

    /// Mean and sample standard deviation (0 for one seed) of one metric.
    public static func meanAndStd(_ values: [Double]) -> (mean: Double, std: Double) {
        guard !values.isEmpty else { return (0, 0) }
        let mean = values.reduce(0, +) / Double(values.count)
        guard values.count > 1 else { return (mean, 0) }
        let variance = values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(values.count - 1)
        return (mean, variance.squareRoot())
    }

    /// Mean and standard deviation of each headline metric for one method.
    public func statistics(_ method: Method) -> [(name: String, mean: Double, std: Double)] {
        guard let rows = perMethod.first(where: { $0.method == method })?.perSeed, let first = rows.first else { return [] }
        return first.metrics.headline.indices.map { k in
            let (m, s) = Self.meanAndStd(rows.map { $0.metrics.headline[k].value })
            return (first.metrics.headline[k].name, m, s)
        }
    }

    /// Mean and standard deviation of `work_accuracy` for one method, or nil unless every seed measured it.
    public func workAccuracy(_ method: Method) -> (mean: Double, std: Double)? {
        guard let rows = perMethod.first(where: { $0.method == method })?.perSeed, !rows.isEmpty else { return nil }
        let values = rows.compactMap(\.metrics.workAccuracy)
        return values.count == rows.count ? Self.meanAndStd(values) : nil
    }

    /// The results.json document.
    public var json: JSONValue {
        var methods = JSONObject()
        for (method, rows) in perMethod where !rows.isEmpty {
            var o = JSONObject()
            var std = JSONObject()
            for s in statistics(method) {
                o[s.name] = .number(rounded(s.mean))
                std[s.name] = .number(rounded(s.std))
            }
            if let w = workAccuracy(method) {
                o["work_accuracy"] = .number(rounded(w.mean))
                std["work_accuracy"] = .number(rounded(w.std))
            }
            o["std"] = .object(std)
            o["per_seed"] = .array(
                rows.map { row in
                    var r = JSONObject()
                    r["seed"] = .integer(Int64(row.seed))
                    for (name, value) in row.metrics.headline { r[name] = .number(rounded(value)) }
                    if let w = row.metrics.workAccuracy { r["work_accuracy"] = .number(rounded(w)) }
                    r["acc_by_attempt"] = .array(row.metrics.accByAttempt.map { .number(rounded($0)) })
                    return .object(r)
                })
            methods[method.rawValue] = .object(o)
        }
        var root = JSONObject()
        root["task"] = .string(task)
        root["eval_problems"] = .integer(Int64(evalProblems))
        root["seeds"] = .array(seeds.map { .integer(Int64($0)) })
        root["methods"] = .object(methods)
        var targets = JSONObject()
        for method in TargetCheck.judgedMethods {
            let check = TargetCheck(summary: self, method: method)
            guard !check.targets.isEmpty else { continue }
            var o = JSONObject()
            for t in check.targets {
                var entry = JSONObject()
                entry["estimate"] = .number(rounded(t.estimate))
                entry["standard_error"] = .number(rounded(t.standardError))
                entry["seeds"] = .integer(Int64(t.seeds))
                entry["met"] = .bool(t.met)
                entry["clear"] = .bool(t.clear)
                o[t.key] = .object(entry)
            }
            targets[method.rawValue] = .object(o)
        }
        if !targets.isEmpty { root["targets"] = .object(targets) }
        return .object(root)
    }
}

/// Six decimals: enough for rates over thousands of problems, short enough to read.
func rounded(_ x: Double) -> Double { (x * 1_000_000).rounded() / 1_000_000 }
