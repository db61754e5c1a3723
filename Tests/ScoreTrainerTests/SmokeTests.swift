import Foundation
import Rewards
import Testing

@testable import ScoreTrainer

/// `--preset smoke` end to end with the real engine and the real verifier: the CI check that the
/// whole pipeline (base SFT, STaR, Pair-SFT, naive RL, Stage I, Stage II, evaluation, results,
/// report, plots, checkpoints) runs.
@Suite struct SmokeTests {
    @Test func smokePresetRunsTheWholeComparison() throws {
        let dir = NSTemporaryDirectory() + "score-smoke-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let settings = try #require(ExperimentSettings.preset("smoke"))
        #expect(settings.problem == nil)
        let experiment = Experiment(
            settings: settings, factory: TinyLMPolicyFactory(settings: settings), judge: .mathVerifier, directory: dir,
            seeds: [1], methods: Method.allCases, jobs: 1, command: "score-verify train --preset smoke --seeds 1")
        try experiment.prepareDirectory(resume: false)
        let outcomes = try experiment.run(log: { _ in })
        let byMethod = Dictionary(uniqueKeysWithValues: outcomes[0].map { ($0.method, $0) })
        #expect(byMethod.count == Method.allCases.count)
        for outcome in outcomes[0] {
            #expect(outcome.metrics.problems == settings.task.evalProblems)
            #expect(abs(outcome.metrics.deltaI2C - outcome.metrics.deltaC2I - outcome.metrics.delta) < 1e-9)
        }
        // RL methods logged one point per step, with the reward of both attempts.
        let score = try #require(byMethod["score"])
        #expect(score.curve.count == settings.rl.stage1Steps + settings.rl.stage2Steps)
        #expect(score.curve.allSatisfy { $0.rewards.count == 2 })
        #expect(try #require(byMethod["naive_rl"]).curve.count == settings.rl.stage1Steps + settings.rl.stage2Steps)

        // A saved checkpoint evaluates to the same greedy metrics again.
        let factory = TinyLMPolicyFactory(settings: settings)
        let reloaded = try factory.loadPolicy(from: dir + "/seed-1/score/final.ckpt")
        let evaluator = Evaluator<TinyLMPolicy>(
            format: DialogueFormat(codec: factory.codec, instruction: settings.instruction), judge: .mathVerifier,
            attempts: settings.attempts, maxAttemptTokens: settings.maxAttemptTokens)
        let again = evaluator.evaluate(policy: reloaded, problems: try ProblemSet(settings.task).eval).metrics
        #expect(again == score.metrics)

        let results = try JSONValue.parseObject(try String(contentsOfFile: dir + "/results.json", encoding: .utf8))
        #expect(results["methods"]?.objectValue?.keys == Method.allCases.map(\.rawValue))
        #expect(FileManager.default.fileExists(atPath: dir + "/report.md"))
        #expect(FileManager.default.fileExists(atPath: dir + "/plots/score.svg"))
    }

    @Test func theMathVerifierJudgesEquivalentFormsAlike() {
        let judge = AnswerJudge.mathVerifier
        #expect(judge.judge(gold: "15", response: "60/4").reward == 1)
        #expect(judge.judge(gold: "25/2", response: "12.5").reward == 1)
        #expect(judge.judge(gold: "15", response: "15.0").reward == 1)
        #expect(judge.judge(gold: "61/3", response: "62/3").reward == 0)
        #expect(judge.judge(gold: "15", response: "").reward == 0)
        #expect(!judge.changesAnswer(from: "60/4", to: "15"))
        #expect(judge.changesAnswer(from: "60/4", to: "16"))
    }

    @Test func tokenizerRoundTripsTheTaskAlphabet() {
        let codec = TinyLMPolicyFactory(settings: ExperimentSettings.preset("smoke")!).codec
        #expect(codec.decodeText(codec.encodeText("7 8 15 3")) == "7 8 15 3")
        #expect(codec.decodeText(codec.encodeText("12.5 check")) == "12.5 check")
        #expect(!codec.encodeText("61/3").contains(codec.unknown))
    }
}
