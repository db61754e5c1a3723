import TinyLM

extension Tokenizer: TokenCodec {
    public var vocabularySize: Int { vocabSize }
    public var beginToken: Int32 { bos }
    public var endOfAttemptToken: Int32 { endOfAttempt }
    public var separatorToken: Int32 { turnSeparator }
    public func encodeText(_ text: String) -> [Int32] { encode(text) }
    public func decodeText(_ tokens: [Int32]) -> String { decode(tokens) }
}

/// The trainer's policy backed by the project's transformer (`TinyLM`): batched KV-cache sampling,
/// weighted forward/backward with exact KL to a reference, AdamW.
public final class TinyLMPolicy: Policy {
    public let model: Transformer
    public let codec: Tokenizer
    public let threads: Int
    /// Largest batch per engine call; longer lists are processed in chunks.
    public let maxBatch: Int
    private var session: TrainingSession?
    private var sampler: Sampler?
    private var optimizer: AdamW?

    public init(model: Transformer, codec: Tokenizer, threads: Int, maxBatch: Int) {
        precondition(model.config.vocabSize == codec.vocabSize, "the model's vocabulary must match the tokenizer")
        self.model = model
        self.codec = codec
        self.threads = max(1, threads)
        self.maxBatch = max(1, maxBatch)
    }

    public var contextLength: Int { model.config.contextLength }

    private var trainingSession: TrainingSession {
        if let session { return session }
        let s = TrainingSession(model: model, maxBatchSize: maxBatch, sequenceLength: contextLength, threads: threads)
        session = s
        return s
    }

    public func generate(_ prompts: [[Int32]], temperature: Float, maxNewTokens: Int, seed: UInt64) -> [[Int32]] {
        let sampler = self.sampler ?? Sampler(model: model, maxBatchSize: maxBatch, threads: threads)
        self.sampler = sampler
        var out: [[Int32]] = []
        out.reserveCapacity(prompts.count)
        var start = 0
        while start < prompts.count {
            let chunk = Array(prompts[start..<min(start + maxBatch, prompts.count)])
            let options = SamplingOptions(
                temperature: temperature, maxNewTokens: maxNewTokens, stopTokens: [codec.endOfAttempt],
                seed: SeededGenerator.derive(seed, UInt64(start)))
            out += sampler.generate(prompts: chunk.map { Array($0.suffix(contextLength)) }, options: options)
            start += chunk.count
        }
        return out
    }

    /// Packs sequences into padded batches of at most `maxBatch` rows (inputs tokens[0..<n-1],
    /// targets tokens[1..<n]), each as long as its longest member.
    private func batches(_ sequences: [WeightedSequence]) -> [(range: Range<Int>, batch: TokenBatch)] {
        var result: [(Range<Int>, TokenBatch)] = []
        var start = 0
        while start < sequences.count {
            let range = start..<min(start + maxBatch, sequences.count)
            let length = min(contextLength, max(1, sequences[range].map { $0.tokens.count - 1 }.max() ?? 1))
            var batch = TokenBatch(batchSize: range.count, sequenceLength: length, padding: codec.pad)
            for (row, s) in sequences[range].enumerated() {
                let n = min(s.tokens.count - 1, length)
                for t in 0..<n {
                    batch.tokens[row * length + t] = s.tokens[t]
                    batch.targets[row * length + t] = s.tokens[t + 1]
                    batch.weights[row * length + t] = s.weights[t]
                    batch.klWeights[row * length + t] = s.klWeights[t]
                }
            }
            result.append((range, batch))
            start = range.upperBound
        }
        return result
    }

    public func accumulateGradient(_ batch: [WeightedSequence], reference: TinyLMPolicy?) -> GradientStats {
        var loss = 0.0
        for (_, b) in batches(batch) {
            loss += trainingSession.forwardBackward(b, reference: reference?.model).loss
        }
        return GradientStats(loss: loss)
    }

    public func klDivergence(_ sequences: [[Int32]], reference: TinyLMPolicy) -> [[Float]] {
        var result: [[Float]] = []
        for (range, b) in batches(sequences.map { WeightedSequence(tokens: $0) }) {
            let kl = trainingSession.klDivergence(b, reference: reference.model)
            for (row, i) in range.enumerated() {
                let n = min(sequences[i].count - 1, b.sequenceLength)
                result.append(Array(kl[(row * b.sequenceLength)..<(row * b.sequenceLength + max(n, 0))]))
            }
        }
        return result
    }

    public func startOptimizer(_ s: OptimizerSettings) {
        model.zeroGradients()
        optimizer = AdamW(
            model: model,
            config: AdamWConfig(
                learningRate: s.learningRate, weightDecay: s.weightDecay, warmupSteps: s.warmupSteps, totalSteps: s.totalSteps,
                minLearningRateRatio: s.minLearningRateRatio, gradientClip: s.gradientClip))
    }

    @discardableResult
    public func optimizerStep() -> Float {
        guard let optimizer else { preconditionFailure("startOptimizer must come before optimizerStep") }
        let rate = optimizer.currentLearningRate
        _ = optimizer.step()
        return rate
    }

    public func frozenCopy() -> TinyLMPolicy {
        TinyLMPolicy(model: model.copy(), codec: codec, threads: threads, maxBatch: maxBatch)
    }

    public func save(to path: String, metadata: [String: String]) throws {
        var m = metadata
        m["alphabet"] = codec.alphabet
        try Checkpoint.save(model: model, optimizer: nil, step: optimizer?.stepCount ?? 0, metadata: m, to: path)
    }
}

/// Makes the experiment's transformers: the shape from `ModelSettings`, the task's alphabet.
public struct TinyLMPolicyFactory: PolicyFactory {
    public let model: ModelSettings
    public let codec: Tokenizer
    public let threads: Int
    public let maxBatch: Int

    /// Every character the task's prompts, answers and the instruction can contain.
    public static func alphabet(instruction: String) -> String { "0123456789/. +-*×():=<>" + instruction }

    public init(settings: ExperimentSettings) {
        model = settings.model
        codec = Tokenizer(alphabet: Self.alphabet(instruction: settings.instruction))
        threads = settings.threadsPerJob
        maxBatch = settings.maxBatch
    }

    public func makePolicy(seed: UInt64) throws -> TinyLMPolicy {
        let config = TransformerConfig(
            vocabSize: codec.vocabSize, contextLength: model.contextLength, layers: model.layers, dim: model.dim, heads: model.heads)
        if let problem = config.problem { throw ExperimentError("model settings: \(problem)") }
        return TinyLMPolicy(model: Transformer(config: config, seed: seed), codec: codec, threads: threads, maxBatch: maxBatch)
    }

    public func loadPolicy(from path: String) throws -> TinyLMPolicy {
        let loaded = try Checkpoint.load(from: path)
        guard loaded.model.config.vocabSize == codec.vocabSize else {
            throw ExperimentError("\(path): the checkpoint's vocabulary (\(loaded.model.config.vocabSize)) does not match the task's (\(codec.vocabSize))")
        }
        return TinyLMPolicy(model: loaded.model, codec: codec, threads: threads, maxBatch: maxBatch)
    }
}
