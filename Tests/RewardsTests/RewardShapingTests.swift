import Testing

@testable import Rewards

@Suite struct RewardShapingTests {
    @Test func bonusForFixingPenaltyForBreaking() {
        #expect(RewardShaping.shaped([0, 1], alpha: 10) == [0, 11])
        #expect(RewardShaping.shaped([1, 0], alpha: 10) == [1, -10])
        #expect(RewardShaping.shaped([1, 1], alpha: 10) == [1, 1])
        #expect(RewardShaping.shaped([0, 0], alpha: 10) == [0, 0])
    }

    @Test func threeAttemptsShapeAgainstThePreviousOne() {
        #expect(RewardShaping.shaped([0, 1, 0], alpha: 2) == [0, 3, -2])
        #expect(RewardShaping.shaped([1], alpha: 5) == [1])
        #expect(RewardShaping.shaped([], alpha: 5) == [])
    }

    @Test func zeroAlphaIsPlainReward() {
        #expect(RewardShaping.shaped([0, 1, 1], alpha: 0) == [0, 1, 1])
    }
}
