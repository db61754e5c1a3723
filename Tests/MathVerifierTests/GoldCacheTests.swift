import Foundation
import Rewards
import Testing

@testable import MathVerifier

@Suite("Gold answer cache")
struct GoldCacheTests {
    /// Cached and uncached verifiers give identical verdicts on every fixture pair, on first use
    /// and on reuse of a cached gold.
    @Test func cachedVerdictsEqualUncachedVerdicts() throws {
        var pairs: [MathBenchmark.Pair] = []
        for file in ["labelled.jsonl", "heldout.jsonl", "heldout2.jsonl", "examples.jsonl"] {
            let path = LabelledFixtureTests.fixturePath.replacingOccurrences(of: "labelled.jsonl", with: file)
            if FileManager.default.fileExists(atPath: path) { pairs += try MathBenchmark.load(path: path) }
        }
        try #require(pairs.count >= 500)
        var off = MathAnswerVerifier.Options()
        off.goldCacheCapacity = 0
        let uncached = MathAnswerVerifier(options: off)
        let cached = MathAnswerVerifier()
        for round in 0..<2 {
            for p in pairs {
                let a = uncached.verify(p.gold, response: p.response)
                let b = cached.verify(p.gold, response: p.response)
                #expect(a == b, "round \(round): gold=\(p.gold) answer=\(p.response.prefix(80))")
            }
        }
    }

    @Test func cacheStaysWithinTwoGenerations() {
        let cache = GoldCache(capacity: 4)
        let limits = MathLimits()
        for i in 0..<50 { _ = cache.answer(for: "\\frac{\(i)}{7}", limits: limits) }
        #expect(cache.count <= 8)
        #expect(cache.count >= 4)
        // The most recent gold is served from the cache with its value already evaluated.
        let hit = cache.answer(for: "\\frac{49}{7}", limits: limits)
        #expect(hit.valueDescription == "7")
        #expect(hit.interpretation != nil)
    }

    @Test func longGoldsAreNotCached() {
        let cache = GoldCache(capacity: 4)
        let long = String(repeating: "1+", count: 300) + "1"
        let g = cache.answer(for: long, limits: MathLimits())
        #expect(cache.count == 0)
        #expect(g.interpretation == nil)
        #expect(g.text == long)
    }
}
