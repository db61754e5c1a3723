/// The shape of a decoder-only transformer.
public struct TransformerConfig: Sendable, Codable, Equatable {
    /// Number of token ids (the tokenizer's `vocabSize`).
    public var vocabSize: Int
    /// Longest sequence the model reads (the number of learned positions).
    public var contextLength: Int
    /// Number of transformer blocks.
    public var layers: Int
    /// Width of the residual stream; divisible by `heads`.
    public var dim: Int
    /// Attention heads per block.
    public var heads: Int

    public init(vocabSize: Int, contextLength: Int, layers: Int, dim: Int, heads: Int) {
        self.vocabSize = vocabSize
        self.contextLength = contextLength
        self.layers = layers
        self.dim = dim
        self.heads = heads
    }

    /// Width of one attention head.
    public var headDim: Int { dim / heads }

    /// A description of what is wrong with this shape, or nil when it is usable.
    public var problem: String? {
        if vocabSize < 1 { return "vocabSize must be at least 1 (got \(vocabSize))" }
        if contextLength < 1 { return "contextLength must be at least 1 (got \(contextLength))" }
        if layers < 1 { return "layers must be at least 1 (got \(layers))" }
        if dim < 1 || heads < 1 { return "dim and heads must be at least 1 (got dim \(dim), heads \(heads))" }
        if dim % heads != 0 { return "dim (\(dim)) must be divisible by heads (\(heads))" }
        if vocabSize > Int(Int32.max) || contextLength > 1 << 20 || dim > 1 << 16 || layers > 1 << 10 {
            return "shape too large (vocab \(vocabSize), context \(contextLength), dim \(dim), layers \(layers))"
        }
        return nil
    }
}
