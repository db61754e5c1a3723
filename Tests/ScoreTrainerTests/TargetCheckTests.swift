import Rewards
import Testing

@testable import ScoreTrainer

/// The issue's targets judged from per-seed results: estimates, standard errors, pairing by seed.
@Suite struct TargetCheckTests {
    /// Metrics over 100 problems with `t1` right first attempts and `t2` right second attempts
    /// (the first `min` of them right in both).
    static func metrics(t1: Int, t2: Int) -> SelfCorrectionMetrics {
        let rewards = (0..<100).map { k in [k < t1 ? 1.0 : 0, k < t2 ? 1.0 : 0] }
        return SelfCorrectionMetrics(
            rewards: rewards, changed: rewards.map { $0[0] != $0[1] }, texts: rewards.map { _ in ["1", "1"] })
    }

    static func outcome(_ method: Method, seed: Int, t1: Int, t2: Int) -> MethodOutcome {
        MethodOutcome(method: method.rawValue, seed: seed, metrics: metrics(t1: t1, t2: t2), examples: [], curve: [], seconds: 0)
    }

    /// score: Δ 6, 5, 7 (mean 6); naive: Δ 1, 2, 0; naive's Acc@t2 is 6 points above score's.
    static func summary(withNaive: Bool = true) -> ResultsSummary {
        let score = [(30, 36), (30, 35), (30, 37)]
        let naive = [(41, 42), (40, 42), (43, 43)]
        let outcomes = (0..<3).map { k in
            [outcome(.score, seed: k + 1, t1: score[k].0, t2: score[k].1)]
                + (withNaive ? [outcome(.naiveRL, seed: k + 1, t1: naive[k].0, t2: naive[k].1)] : [])
        }
        return ResultsSummary(
            task: "t", evalProblems: 100, seeds: [1, 2, 3], methods: withNaive ? [.score, .naiveRL] : [.score], outcomes: outcomes)
    }

    @Test func judgesTheThreeTargetsPairedBySeed() throws {
        let check = TargetCheck(summary: Self.summary())
        #expect(check.targets.map(\.key) == ["delta_at_least_3", "delta_above_naive_by_2", "acc_t2_within_1_of_best"])
        let own = check.targets[0]
        #expect(abs(own.estimate - 0.06) < 1e-9)
        // Sample std of (5, 6, 7) points is 1, so the standard error is 1/sqrt(3) points.
        #expect(abs(own.standardError - 0.01 / 3.0.squareRoot()) < 1e-9)
        #expect(own.met && own.clear && own.seeds == 3)
        let above = check.targets[1]
        // Paired differences: 6-1, 5-2, 7-0.
        #expect(abs(above.estimate - 0.05) < 1e-9)
        #expect(above.met)
        let best = check.targets[2]
        #expect(best.requirement.contains("naive_rl"))
        #expect(abs(best.estimate - (6 + 7 + 6) / 300.0) < 1e-9)
        #expect(!best.met && !best.clear)
    }

    @Test func aTargetWithoutItsComparisonIsLeftOut() {
        let check = TargetCheck(summary: Self.summary(withNaive: false))
        // Nothing to compare with: neither naive_rl's Δ nor another method's Acc@t2.
        #expect(check.targets.map(\.key) == ["delta_at_least_3"])
        #expect(TargetCheck(summary: Self.summary(), method: .singleStage).targets.isEmpty)
    }

    @Test func theBestMethodShowsItsLeadOverTheRunnerUp() throws {
        // score's Acc@t2 (36, 35, 37) against no_stage1's (35, 36, 34): paired lead 1, -1, 3.
        let other = [(28, 35), (29, 36), (27, 34)]
        let outcomes = (0..<3).map { k in
            [
                Self.outcome(.score, seed: k + 1, t1: 30, t2: [36, 35, 37][k]),
                Self.outcome(.noStage1, seed: k + 1, t1: other[k].0, t2: other[k].1),
            ]
        }
        let summary = ResultsSummary(
            task: "t", evalProblems: 100, seeds: [1, 2, 3], methods: [.score, .noStage1], outcomes: outcomes)
        let best = try #require(TargetCheck(summary: summary).targets.last)
        #expect(best.key == "acc_t2_within_1_of_best")
        #expect(best.requirement.contains("no_stage1"))
        #expect(abs(best.estimate - -0.01) < 1e-9)
        // Lead 1 +- 1.15 points (sample std 2 over 3 seeds): met, but the upper bound passes 1 point.
        #expect(abs(best.standardError - 0.02 / 3.0.squareRoot()) < 1e-9)
        #expect(best.met && !best.clear)
    }

    @Test func metButNotClearWhenTheSpreadIsWide() {
        let outcomes = [(30, 31), (30, 37)].enumerated().map { k, p in [Self.outcome(.score, seed: k + 1, t1: p.0, t2: p.1)] }
        let summary = ResultsSummary(task: "t", evalProblems: 100, seeds: [1, 2], methods: [.score], outcomes: outcomes)
        let own = TargetCheck(summary: summary).targets[0]
        #expect(own.met && !own.clear)
    }

    @Test func oneSeedIsNeverClear() {
        let outcomes = [[Self.outcome(.score, seed: 1, t1: 30, t2: 40)]]
        let summary = ResultsSummary(task: "t", evalProblems: 100, seeds: [1], methods: [.score], outcomes: outcomes)
        let own = TargetCheck(summary: summary).targets[0]
        #expect(own.met && !own.clear)
    }

    @Test func resultsJSONCarriesTheTargets() throws {
        guard case .object(let root) = Self.summary().json, case .object(let targets)? = root["targets"],
            case .object(let score)? = targets["score"], case .object(let own)? = score["delta_at_least_3"]
        else {
            Issue.record("results.json has no targets.score.delta_at_least_3")
            return
        }
        #expect(own["met"] == .bool(true))
        #expect(own["seeds"] == .integer(3))
        #expect(targets["single_stage"] == nil)
    }

    /// The `full` preset is the configuration the blind runs confirmed: beta1 = 0.1
    /// (reports/toy-math/blind-beta1-0.1) and 100 + 500 steps (reports/toy-math/blind-split-100-500).
    @Test func fullPresetIsTheBlindlyConfirmedConfiguration() throws {
        let rl = try #require(ExperimentSettings.preset("full")).rl
        #expect(rl.beta1 == 0.1 && rl.stage1Beta1 == 0.01 && rl.beta2 == 1 && rl.alpha == 10 && rl.temperature == 0.8)
        #expect(rl.stage1Steps == 100 && rl.stage2Steps == 500)
    }
}
