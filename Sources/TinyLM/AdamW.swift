import Foundation

/// Settings of the AdamW optimizer and its learning-rate schedule (linear warm-up, then cosine
/// decay to `learningRate * minLearningRateRatio` at `totalSteps`).
public struct AdamWConfig: Sendable, Codable, Equatable {
    public var learningRate: Float
    public var beta1: Float
    public var beta2: Float
    public var epsilon: Float
    /// Decoupled weight decay, applied to matrices and embeddings only (not biases or norm gains).
    public var weightDecay: Float
    /// Steps of linear warm-up from `learningRate / warmupSteps` to `learningRate`.
    public var warmupSteps: Int
    /// Step at which the cosine decay reaches its minimum; 0 (or <= warmupSteps) keeps the rate constant.
    public var totalSteps: Int
    public var minLearningRateRatio: Float
    /// Largest global gradient L2 norm; larger gradients are scaled down to it. 0 disables clipping.
    public var gradientClip: Float

    public init(
        learningRate: Float = 3e-4, beta1: Float = 0.9, beta2: Float = 0.95, epsilon: Float = 1e-8,
        weightDecay: Float = 0.1, warmupSteps: Int = 0, totalSteps: Int = 0, minLearningRateRatio: Float = 0.1,
        gradientClip: Float = 1.0
    ) {
        self.learningRate = learningRate
        self.beta1 = beta1
        self.beta2 = beta2
        self.epsilon = epsilon
        self.weightDecay = weightDecay
        self.warmupSteps = warmupSteps
        self.totalSteps = totalSteps
        self.minLearningRateRatio = minLearningRateRatio
        self.gradientClip = gradientClip
    }

    /// The learning rate of step `step` (0-based).
    public func learningRate(atStep step: Int) -> Float {
        if warmupSteps > 0 && step < warmupSteps {
            return learningRate * Float(step + 1) / Float(warmupSteps)
        }
        if totalSteps <= warmupSteps { return learningRate }
        let progress = min(1, Double(step - warmupSteps) / Double(totalSteps - warmupSteps))
        let minimum = Double(learningRate * minLearningRateRatio)
        return Float(minimum + 0.5 * (Double(learningRate) - minimum) * (1 + cos(Double.pi * progress)))
    }
}

/// AdamW over one model's single parameter allocation, with global-norm gradient clipping.
public final class AdamW {
    public let model: Transformer
    public var config: AdamWConfig
    /// Steps taken so far (drives bias correction and the schedule).
    public var stepCount: Int = 0
    let firstMoment: FloatPointer
    let secondMoment: FloatPointer
    /// Consecutive parameter segments and whether each is weight-decayed.
    private let segments: [(range: Range<Int>, decay: Bool)]

    public init(model: Transformer, config: AdamWConfig) {
        self.model = model
        self.config = config
        let count = model.parameterCount
        firstMoment = .allocate(capacity: count)
        secondMoment = .allocate(capacity: count)
        firstMoment.initialize(repeating: 0, count: count)
        secondMoment.initialize(repeating: 0, count: count)
        var segments: [(Range<Int>, Bool)] = []
        var position = 0
        for range in model.layout.decayed.sorted(by: { $0.lowerBound < $1.lowerBound }) {
            if range.lowerBound > position { segments.append((position..<range.lowerBound, false)) }
            segments.append((range, true))
            position = range.upperBound
        }
        if position < count { segments.append((position..<count, false)) }
        self.segments = segments
    }

    deinit {
        firstMoment.deallocate()
        secondMoment.deallocate()
    }

    /// The learning rate the next `step()` will use.
    public var currentLearningRate: Float { config.learningRate(atStep: stepCount) }

    /// Global L2 norm of the accumulated gradients.
    public func gradientNorm() -> Float {
        let g = model.gradients, count = model.parameterCount
        var total = 0.0
        var start = 0
        while start < count {
            let n = min(4096, count - start)
            let s = dot(g + start, g + start, n)
            total += Double(s)
            start += n
        }
        return Float(total.squareRoot())
    }

    /// Clips, updates every parameter, zeroes the gradients and advances `stepCount`. Returns the
    /// gradient norm before clipping. A non-finite norm skips the update (gradients are still
    /// zeroed and the step is not counted), so one bad batch cannot poison the weights.
    @discardableResult
    public func step() -> Float {
        let norm = gradientNorm()
        defer { model.zeroGradients() }
        guard norm.isFinite else { return norm }
        let clipScale: Float = config.gradientClip > 0 && norm > config.gradientClip ? config.gradientClip / norm : 1
        let lr = config.learningRate(atStep: stepCount)
        let t = Float(stepCount + 1)
        let b1 = config.beta1, b2 = config.beta2, eps = config.epsilon
        let correction1 = 1 - pow(b1, t), correction2 = 1 - pow(b2, t)
        let p = model.parameters, g = UnsafePointer(model.gradients)
        let m = firstMoment, v = secondMoment
        for segment in segments {
            let decay = segment.decay ? lr * config.weightDecay : 0
            for i in segment.range {
                let grad = g[i] * clipScale
                let mi = b1 * m[i] + (1 - b1) * grad
                let vi = b2 * v[i] + (1 - b2) * grad * grad
                m[i] = mi
                v[i] = vi
                let update = (mi / correction1) / ((vi / correction2).squareRoot() + eps)
                p[i] -= lr * update + decay * p[i]
            }
        }
        stepCount += 1
        return norm
    }
}
