import Foundation
import Testing

@testable import ScoreTrainer

/// The RL phases on the table double, where "write 7" is the whole skill: fast, and enough to show
/// that each objective moves the attempts it should and leaves the others.
@Suite struct ReinforcementTests {
    static let writesSeven = AnswerJudge { _, response in
        Judgement(reward: response == "7" ? 1 : 0, extracted: response.isEmpty ? nil : response)
    }
    let format = DialogueFormat(codec: TestCodec(), instruction: "check")
    var problems: [TaskProblem] { (2...9).map { .arithmetic(ArithmeticProblem(a: $0, b: 2, c: 1, d: 3)) } }

    /// A start policy that often writes one digit and stops: like a base model, it sometimes succeeds.
    func startPolicy() -> TablePolicy {
        let p = TablePolicy(seed: 3)
        let c = p.codec
        let v = c.vocabularySize
        for attempt in 0..<TablePolicy.maxAttempts {
            let afterSeparator = (attempt * v + Int(c.separatorToken)) * v
            for digit in c.encodeText("0123456789") { p.logits[afterSeparator + Int(digit)] = 3 }
            for digit in c.encodeText("0123456789") { p.logits[(attempt * v + Int(digit)) * v + Int(c.endOfAttemptToken)] = 6 }
        }
        return p
    }

    func phase(_ objective: AttemptObjective, steps: Int) -> ReinforcementPhase<TablePolicy> {
        let sampler = RolloutSampler<TablePolicy>(format: format, judge: Self.writesSeven, attempts: 2, temperature: 1, maxAttemptTokens: 4)
        return ReinforcementPhase(
            name: "test",
            settings: RLPhaseSettings(steps: steps, problemsPerStep: 8, samplesPerProblem: 4, learningRate: 4, objective: objective),
            sampler: sampler)
    }

    @Test func stageTwoRaisesTheRewardOfBothAttempts() {
        let policy = startPolicy()
        let reference = policy.frozenCopy()
        let curve = phase(.stageTwo(alpha: 0, beta1: 0.001), steps: 30).run(policy: policy, reference: reference, problems: problems, seed: 1)
        let early = curve.prefix(5).map { $0.rewards[0] + $0.rewards[1] }.reduce(0, +) / 5
        let late = curve.suffix(5).map { $0.rewards[0] + $0.rewards[1] }.reduce(0, +) / 5
        #expect(early < 0.6)
        #expect(late > early + 0.6)
        #expect((curve.last?.kl?[0] ?? 0) > 0.1)
    }

    @Test func stageOneImprovesAttemptTwoAndPinsAttemptOne() {
        let policy = startPolicy()
        let reference = policy.frozenCopy()
        let curve = phase(.stageOne(beta1: 0.001, beta2: 5), steps: 30).run(policy: policy, reference: reference, problems: problems, seed: 1)
        let late = curve.suffix(5)
        let r1 = late.map { $0.rewards[0] }.reduce(0, +) / 5
        let r2 = late.map { $0.rewards[1] }.reduce(0, +) / 5
        #expect(r2 > r1 + 0.3)
        let kl = curve.last?.kl ?? [0, 0]
        #expect(kl[0] < 0.05)
        #expect(kl[1] > kl[0] * 5)
    }

    @Test func greedyEvaluationReportsEveryAttempt() {
        let policy = startPolicy()
        let evaluator = Evaluator<TablePolicy>(format: format, judge: Self.writesSeven, attempts: 3, maxAttemptTokens: 4, chunkSize: 3)
        var seen = 0
        let (m, examples) = evaluator.evaluate(policy: policy, problems: problems) { seen = $0 }
        #expect(seen == problems.count)
        #expect(m.problems == problems.count)
        #expect(m.accByAttempt.count == 3)
        #expect(examples.count == problems.count)
        #expect(examples.allSatisfy { $0.attempts.count == 3 })
    }
}
