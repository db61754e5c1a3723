import Testing

@testable import ScoreTrainer

@Suite struct ObjectiveTests {
    let format = DialogueFormat(codec: TestCodec(), instruction: "check")

    @Test func spansCoverEachAttemptAndItsEndToken() {
        let c = TestCodec()
        let a1 = c.encodeText("61/3")
        let a2 = c.encodeText("15")
        let (tokens, spans) = format.dialogue(problem: "7 8 5 3", attempts: [a1, a2])
        #expect(spans.count == 2)
        #expect(Array(tokens[(spans[0].lowerBound + 1)...spans[0].upperBound]) == a1 + [c.endOfAttemptToken])
        #expect(Array(tokens[(spans[1].lowerBound + 1)...spans[1].upperBound]) == a2 + [c.endOfAttemptToken])
        // The context of attempt 2 is exactly the dialogue up to attempt 2.
        let context = format.context(problem: "7 8 5 3", previous: [a1])
        #expect(Array(tokens[..<context.count]) == context)
        #expect(context.last == c.separatorToken)
        #expect(c.decodeText(context).contains("check"))
    }

    @Test func leaveOneOutBaseline() {
        let third: Double = -1.0 / 3
        let expected: [Double] = [1, third, third, third]
        #expect(PolicyGradient.leaveOneOutAdvantages([1, 0, 0, 0]) == expected)
        #expect(PolicyGradient.leaveOneOutAdvantages([1, 1]) == [0, 0])
        #expect(PolicyGradient.leaveOneOutAdvantages([5]) == [0])
    }

    @Test func stageOneCreditsOnlyLaterAttemptsStageTwoShapes() {
        let one = AttemptObjective.stageOne(beta1: 0.01, beta2: 0.5)
        #expect(one.creditedRewards([0, 1]) == [nil, 1])
        let two = AttemptObjective.stageTwo(alpha: 10, beta1: 0.01)
        #expect(two.creditedRewards([0, 1]) == [0, 11])
        #expect(two.creditedRewards([1, 0]) == [1, -10])
        #expect(two.firstAttemptKL == 0.01 && one.firstAttemptKL == 0.5 && one.laterAttemptKL == 0.01)
        let single = AttemptObjective.singleStage(alpha: 10, beta1: 0.01, beta2: 0.5)
        #expect(single.creditedRewards([0, 1]) == [0, 11])
        #expect(single.firstAttemptKL == 0.5 && single.laterAttemptKL == 0.01)
    }

    @Test func previousAttemptBaselineLeavesOutTheShapingTermFixedBeforeTheAttempt() {
        let two = AttemptObjective.stageTwo(alpha: 10, beta1: 0.01, baseline: .previousAttempt)
        #expect(two.creditedRewards([0, 1]) == [0, 11])
        #expect(two.creditedRewards([1, 0]) == [1, 0])  // not -10: r1 = 1 was settled before attempt 2
        #expect(two.creditedRewards([1, 1]) == [1, 11])
        #expect(two.creditedRewards([1, 0, 1]) == [1, 0, 11])
        // Its attempt-2 advantages differ from the group baseline's only by a function of r1: keeping a
        // right answer is no longer pushed down because another sample fixed a wrong one.
        let group = [rollout(group: 0, rewards: [1, 1]), rollout(group: 0, rewards: [0, 1]), rollout(group: 0, rewards: [0, 0])]
        let plain = PolicyGradient.advantages(group, objective: .stageTwo(alpha: 10, beta1: 0.01))
        let conditioned = PolicyGradient.advantages(group, objective: two)
        #expect(plain[0][1]! < 0 && conditioned[0][1]! > 0)
        #expect(AttemptObjective.singleStage(alpha: 10, beta1: 0.01, beta2: 1, baseline: .previousAttempt).creditedRewards([1, 0]) == [1, 0])
    }

    func rollout(group: Int, rewards: [Double], finished: [Bool] = [true, true], fromReference: Bool = false) -> Rollout {
        let c = TestCodec()
        return Rollout(
            group: group, problem: .arithmetic(ArithmeticProblem(a: 2, b: 3, c: 1, d: 7)), attempts: [c.encodeText("1"), c.encodeText("12")],
            finished: finished, texts: ["1", "12"], rewards: rewards, firstAttemptFromReference: fromReference)
    }

    @Test func advantagesAreComputedPerGroupAndAttempt() {
        let rollouts = [rollout(group: 0, rewards: [0, 1]), rollout(group: 0, rewards: [1, 1]), rollout(group: 1, rewards: [0, 0])]
        let adv = PolicyGradient.advantages(rollouts, objective: .stageTwo(alpha: 0, beta1: 0))
        #expect(adv[0] == [-1, 0])
        #expect(adv[1] == [1, 0])
        #expect(adv[2] == [0, 0])  // a lone sample has no baseline to beat
        let stage1 = PolicyGradient.advantages(rollouts, objective: .stageOne(beta1: 0, beta2: 0))
        #expect(stage1[0][0] == nil && stage1[0][1] == 0)
    }

    @Test func sequencesWeightEachAttemptWithItsAdvantageAndKL() {
        let rollouts = [rollout(group: 0, rewards: [0, 1]), rollout(group: 0, rewards: [0, 0])]
        let seqs = PolicyGradient.sequences(rollouts, objective: .stageOne(beta1: 0.02, beta2: 0.4), format: format)
        let spans = format.dialogue(problem: rollouts[0].problem.prompt, attempts: rollouts[0].attempts).targetSpans
        // Stage I: attempt 1 gets no policy-gradient weight but the strong KL (divided by N = 2).
        #expect(spans[0].allSatisfy { seqs[0].weights[$0] == 0 && abs(seqs[0].klWeights[$0] - 0.2) < 1e-6 })
        // Attempt 2: advantage +1 / 2 on the rewarded rollout (loss weight = A / N), -1 / 2 on the other.
        #expect(spans[1].allSatisfy { abs(seqs[0].weights[$0] - 0.5) < 1e-6 && abs(seqs[0].klWeights[$0] - 0.01) < 1e-6 })
        #expect(spans[1].allSatisfy { abs(seqs[1].weights[$0] + 0.5) < 1e-6 })
        // Positions outside the attempts (prompt, instruction) carry nothing.
        let outside = Set(0..<seqs[0].weights.count).subtracting(spans.flatMap { Array($0) })
        #expect(outside.allSatisfy { seqs[0].weights[$0] == 0 && seqs[0].klWeights[$0] == 0 })
    }

    @Test func unfinishedAndBorrowedAttemptsAreNotTrained() {
        let rollouts = [
            rollout(group: 0, rewards: [1, 1], finished: [true, false], fromReference: true), rollout(group: 0, rewards: [0, 0]),
        ]
        let seqs = PolicyGradient.sequences(rollouts, objective: .stageTwo(alpha: 1, beta1: 0.1), format: format)
        let spans = format.dialogue(problem: rollouts[0].problem.prompt, attempts: rollouts[0].attempts).targetSpans
        #expect(spans[0].allSatisfy { seqs[0].weights[$0] == 0 && seqs[0].klWeights[$0] == 0 })
        #expect(seqs[0].weights[spans[1].upperBound - 1] == 0)  // no end token was sampled
        #expect(seqs[0].weights[spans[1].lowerBound] > 0)
    }

    @Test func metricsFollowThePaperDefinitions() {
        let rewards: [[Double]] = [[0, 1], [1, 0], [1, 1], [0, 0]]
        let texts = [["1", "2"], ["12", "13"], ["60/4", "15"], ["", ""]]
        let m = SelfCorrectionMetrics(rewards: rewards, changed: [true, true, false, false], texts: texts)
        #expect(m.accT1 == 0.5 && m.accT2 == 0.5 && m.delta == 0)
        #expect(m.deltaI2C == 0.25 && m.deltaC2I == 0.25)
        #expect(m.changeRate == 0.5)
        #expect(abs(m.deltaI2C - m.deltaC2I - m.delta) < 1e-12)
        #expect(m.workAccuracy == nil)  // no attempt showed work
        let shown = SelfCorrectionMetrics(rewards: rewards, changed: [true, true, false, false], texts: texts, trueWork: [true, false, nil, true])
        #expect(abs(shown.workAccuracy! - 2.0 / 3) < 1e-12)  // attempts without shown work are left out
        #expect(editRatioBetween("abc", "abc") == 0)
        #expect(editRatioBetween("ab", "cd") == 0.5)
        #expect(editRatioBetween("", "") == 0)
        #expect(editRatioBetween("", "ab") == 1)
        #expect(abs(editRatioBetween("60/4", "15") - 4.0 / 6) < 1e-12)
    }

    @Test func changeDetectionComparesValuesNotText() {
        let judge = RationalJudge.judge
        #expect(!judge.changesAnswer(from: "60/4", to: "15.0"))
        #expect(judge.changesAnswer(from: "60/4", to: "16"))
        #expect(judge.changesAnswer(from: "", to: "16"))
    }
}
