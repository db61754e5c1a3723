import Foundation

/// The gold side of a comparison, analysed once. A trainer checks many responses against the same
/// gold answer, so the verifier keeps recent analyses in a `GoldCache`.
final class GoldAnswer: Sendable {
    /// The gold text compared (the last `\boxed{}` content if any, delimiters stripped).
    let text: String
    /// The value when the gold is a plain number (`QuickNumber`).
    let quick: Rational?
    let isExplicitText: Bool
    let isWordLike: Bool
    /// The parsed gold, its printed value and its normalized prose: computed up front for a cached
    /// entry, on demand (nil here) otherwise.
    let interpretation: Interpretation?
    let valueDescription: String?
    let normalizedProse: String?

    /// Analyses `gold`; `eager` also parses and evaluates it (worth it only when the result is kept).
    init(_ gold: String, limits: MathLimits, eager: Bool) {
        text = AnswerExtraction.lastBoxed(gold).map(AnswerExtraction.cleaned) ?? AnswerExtraction.cleaned(gold)
        quick = QuickNumber.parse(text)
        isExplicitText = Interpretation.isExplicitText(text)
        isWordLike = Interpretation.isWordLike(text)
        if eager && !text.isEmpty {
            let g = Interpretation(text, limits: limits)
            interpretation = g
            if case .value(let v) = g.kind { valueDescription = v.description } else { valueDescription = nil }
            normalizedProse = Equivalence.normalizedText(Interpretation.prose(text))
        } else {
            interpretation = nil
            valueDescription = nil
            normalizedProse = nil
        }
    }

    /// The gold parsed and evaluated.
    func interpreted(limits: MathLimits) -> Interpretation { interpretation ?? Interpretation(text, limits: limits) }

    /// The gold as text, for text comparisons.
    var prose: String { normalizedProse ?? Equivalence.normalizedText(Interpretation.prose(text)) }
}

/// A bounded, thread-safe memo of gold analyses keyed by the gold string. Two generations of at
/// most `capacity` entries each: when the current one fills, it becomes the previous one and the
/// oldest is dropped, so recently used golds stay and memory stays bounded. Golds longer than
/// `maxKeyBytes` are analysed without caching.
final class GoldCache: @unchecked Sendable {
    static let maxKeyBytes = 256

    let capacity: Int
    private let lock = NSLock()
    private var current: [String: GoldAnswer] = [:]
    private var previous: [String: GoldAnswer] = [:]

    init(capacity: Int) { self.capacity = max(0, capacity) }

    /// The analysis of `gold`, from the cache when present.
    func answer(for gold: String, limits: MathLimits) -> GoldAnswer {
        guard capacity > 0, gold.utf8.count <= GoldCache.maxKeyBytes else {
            return GoldAnswer(gold, limits: limits, eager: false)
        }
        lock.lock()
        if let hit = current[gold] {
            lock.unlock()
            return hit
        }
        if let hit = previous[gold] {
            insert(gold, hit)
            lock.unlock()
            return hit
        }
        lock.unlock()
        let made = GoldAnswer(gold, limits: limits, eager: true)  // outside the lock
        lock.lock()
        insert(gold, made)
        lock.unlock()
        return made
    }

    /// Entries held now (both generations; a key may be in both).
    var count: Int {
        lock.lock()
        defer { lock.unlock() }
        return current.count + previous.count
    }

    /// Adds an entry; call with the lock held.
    private func insert(_ key: String, _ value: GoldAnswer) {
        if current.count >= capacity {
            previous = current
            current = [:]
            current.reserveCapacity(capacity)
        }
        current[key] = value
    }
}
