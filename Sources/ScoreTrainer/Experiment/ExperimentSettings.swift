/// Size of the transformer the experiment trains.
public struct ModelSettings: Codable, Sendable, Equatable {
    public var layers: Int
    public var dim: Int
    public var heads: Int
    public var contextLength: Int

    public init(layers: Int, dim: Int, heads: Int, contextLength: Int) {
        self.layers = layers
        self.dim = dim
        self.heads = heads
        self.contextLength = contextLength
    }
}

/// STaR: self-generated dialogues from the base model, kept when the last attempt is right.
public struct StarSettings: Codable, Sendable, Equatable {
    /// Training problems sampled from.
    public var problems: Int
    /// Dialogues sampled per problem (temperature `temperature`).
    public var samplesPerProblem: Int
    public var temperature: Float = 1
    public var sft: SupervisedSettings
}

/// Pair-SFT: a wrong base-model attempt followed by a right one for the same problem (and, for a
/// fraction, a right attempt followed by a right one, so the model also learns to keep answers).
public struct PairSettings: Codable, Sendable, Equatable {
    public var problems: Int
    /// Single attempts sampled per problem to find wrong and right ones.
    public var samplesPerProblem: Int
    public var temperature: Float = 1
    /// Right-to-right pairs per wrong-to-right pair.
    public var correctPairFraction: Double = 0.5
    public var sft: SupervisedSettings
}

/// The RL methods' settings (paper names: alpha, beta1, beta2).
public struct RLSettings: Codable, Sendable, Equatable {
    public var problemsPerStep: Int
    public var samplesPerProblem: Int
    public var learningRate: Float
    public var warmupSteps: Int = 0
    public var gradientClip: Float = 1
    public var temperature: Float = 1
    /// Stage I steps (SCoRe, no_shaping). Methods without Stage I run stage1Steps + stage2Steps of Stage II.
    public var stage1Steps: Int
    public var stage2Steps: Int
    /// Shaping bonus of Stage II.
    public var alpha: Double = 10
    /// KL weight on both attempts in Stage II.
    public var beta1: Double = 0.01
    /// Strong KL weight on attempt 1 in Stage I.
    public var beta2: Double = 0.1
    /// KL weight on later attempts in Stage I (the paper's small beta1 by default).
    public var stage1Beta1: Double = 0.01
    /// Fraction of Stage II problem groups whose attempt 1 comes from the frozen base model.
    public var baseFirstAttemptFraction: Double = 0
    /// Measure KL every this many steps (0: never).
    public var klEvery: Int = 1
}

/// Everything one experiment is made of; written to `DIR/settings.json` and checked on `--resume`.
public struct ExperimentSettings: Codable, Sendable, Equatable {
    public var preset: String
    public var task = TaskSettings()
    public var solver = SolverSettings()
    public var model: ModelSettings
    /// Attempts per episode (T >= 2), in training traces, rollouts and evaluation.
    public var attempts = 2
    /// The fixed correction instruction placed before every later attempt.
    public var instruction = "check"
    public var maxAttemptTokens = 8
    public var base: SupervisedSettings
    public var star: StarSettings
    public var pairSFT: PairSettings
    public var rl: RLSettings
    /// BLAS/engine threads per seed job.
    public var threadsPerJob = 1
    /// Largest batch one forward/backward or generation call processes at once.
    public var maxBatch = 256
}

extension ExperimentSettings {
    /// The named presets: `smoke` (the whole pipeline at toy size, for CI) and `full`.
    public static func preset(_ name: String) -> ExperimentSettings? {
        switch name {
        case "smoke": return smoke
        case "full": return full
        default: return nil
        }
    }

    public static let presetNames = ["smoke", "full"]

    static var smoke: ExperimentSettings {
        var task = TaskSettings()
        task.evalProblems = 100
        var rl = RLSettings(problemsPerStep: 8, samplesPerProblem: 4, learningRate: 1e-3, stage1Steps: 3, stage2Steps: 3)
        rl.klEvery = 1
        var s = ExperimentSettings(
            preset: "smoke",
            model: ModelSettings(layers: 1, dim: 32, heads: 2, contextLength: 64),
            base: SupervisedSettings(steps: 60, batchSize: 32, learningRate: 3e-3),
            star: StarSettings(problems: 32, samplesPerProblem: 2, sft: SupervisedSettings(steps: 5, batchSize: 16, learningRate: 1e-3)),
            pairSFT: PairSettings(problems: 32, samplesPerProblem: 2, sft: SupervisedSettings(steps: 5, batchSize: 16, learningRate: 1e-3)),
            rl: rl)
        s.task = task
        s.maxBatch = 128
        return s
    }

    static var full: ExperimentSettings {
        var rl = RLSettings(problemsPerStep: 32, samplesPerProblem: 4, learningRate: 3e-4, stage1Steps: 60, stage2Steps: 60)
        rl.klEvery = 5
        return ExperimentSettings(
            preset: "full",
            model: ModelSettings(layers: 2, dim: 64, heads: 4, contextLength: 64),
            base: SupervisedSettings(steps: 1500, batchSize: 64, learningRate: 2e-3),
            star: StarSettings(problems: 1024, samplesPerProblem: 4, sft: SupervisedSettings(steps: 120, batchSize: 64, learningRate: 3e-4)),
            pairSFT: PairSettings(problems: 1024, samplesPerProblem: 4, sft: SupervisedSettings(steps: 120, batchSize: 64, learningRate: 3e-4)),
            rl: rl)
    }
}
