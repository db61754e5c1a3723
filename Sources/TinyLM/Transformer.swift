import Foundation

/// A decoder-only transformer (GPT-2 shape: token and position embeddings, pre-LayerNorm blocks
/// with causal multi-head attention and a tanh-GELU MLP, final LayerNorm, untied output head).
///
/// All parameters live in one allocation and all gradients in another, at the same offsets.
/// The class is `@unchecked Sendable`: it may be handed between threads, but one model must not
/// be trained or sampled from two threads at once.
public final class Transformer: @unchecked Sendable {
    /// The model's shape.
    public let config: TransformerConfig
    let layout: ParameterLayout
    /// All parameters (`layout.count` floats).
    let parameters: UnsafeMutablePointer<Float>
    /// Gradients accumulated by `TrainingSession.forwardBackward`, zeroed by `AdamW.step`.
    let gradients: UnsafeMutablePointer<Float>

    /// A freshly initialised model: weights N(0, 0.02) (residual projections scaled by
    /// 1/sqrt(2 * layers)), biases 0, norm gains 1. The same seed gives the same weights.
    public init(config: TransformerConfig, seed: UInt64) {
        if let problem = config.problem { preconditionFailure("TransformerConfig: \(problem)") }
        self.config = config
        layout = ParameterLayout(config)
        parameters = .allocate(capacity: layout.count)
        gradients = .allocate(capacity: layout.count)
        parameters.initialize(repeating: 0, count: layout.count)
        gradients.initialize(repeating: 0, count: layout.count)
        var rng = SplitMix64(seed: seed)
        for range in layout.decayed {
            for i in range { parameters[i] = Float(rng.nextGaussian() * 0.02) }
        }
        let residualScale = Float(1 / (2 * Double(config.layers)).squareRoot())
        for range in layout.residualProjections {
            for i in range { parameters[i] *= residualScale }
        }
        for range in layout.normGains {
            for i in range { parameters[i] = 1 }
        }
    }

    private init(copying other: Transformer) {
        config = other.config
        layout = other.layout
        parameters = .allocate(capacity: layout.count)
        gradients = .allocate(capacity: layout.count)
        parameters.initialize(from: other.parameters, count: layout.count)
        gradients.initialize(repeating: 0, count: layout.count)
    }

    deinit {
        parameters.deallocate()
        gradients.deallocate()
    }

    /// Number of trainable parameters.
    public var parameterCount: Int { layout.count }

    /// A deep copy of the parameters (gradients start at zero), e.g. a frozen reference policy.
    public func copy() -> Transformer { Transformer(copying: self) }

    /// Sets every accumulated gradient to zero.
    public func zeroGradients() {
        gradients.update(repeating: 0, count: layout.count)
    }

    /// A copy of all parameters, in layout order.
    public func parameterValues() -> [Float] {
        Array(UnsafeBufferPointer(start: parameters, count: layout.count))
    }

    /// A copy of all accumulated gradients, in layout order.
    public func gradientValues() -> [Float] {
        Array(UnsafeBufferPointer(start: gradients, count: layout.count))
    }

    /// Replaces all parameters; `values.count` must equal `parameterCount`.
    public func setParameterValues(_ values: [Float]) {
        precondition(values.count == layout.count, "expected \(layout.count) parameters, got \(values.count)")
        values.withUnsafeBufferPointer { parameters.update(from: $0.baseAddress!, count: layout.count) }
    }

    /// Model FLOPs per trained token (forward + backward) at `sequenceLength`, the nanoGPT
    /// estimate `6 N + 12 L T C` with N the parameters inside matrix multiplies.
    public func trainingFLOPsPerToken(sequenceLength: Int) -> Double {
        let n = Double(layout.matmulParameterCount(config))
        return 6 * n + 12 * Double(config.layers * sequenceLength * config.dim)
    }

    /// Model FLOPs per token of a forward pass (a third of the training figure).
    public func forwardFLOPsPerToken(sequenceLength: Int) -> Double {
        trainingFLOPsPerToken(sequenceLength: sequenceLength) / 3
    }
}
