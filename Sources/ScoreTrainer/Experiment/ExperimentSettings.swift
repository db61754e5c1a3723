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
    /// Baseline of the shaped attempt 2 in Stage II (nil: `.group`, the objective as written).
    public var shapingBaseline: AttemptObjective.ShapingBaseline?

    public init(problemsPerStep: Int, samplesPerProblem: Int, learningRate: Float, beta2: Double = 0.1, stage1Steps: Int, stage2Steps: Int) {
        self.problemsPerStep = problemsPerStep
        self.samplesPerProblem = samplesPerProblem
        self.learningRate = learningRate
        self.beta2 = beta2
        self.stage1Steps = stage1Steps
        self.stage2Steps = stage2Steps
    }
}

/// Everything one experiment is made of; written to `DIR/settings.json` and checked on `--resume`.
public struct ExperimentSettings: Codable, Sendable, Equatable {
    public var preset: String
    public var task = TaskSettings()
    public var solver = SolverSettings()
    /// The scripted Countdown solver (used when `task.kind` is countdown).
    public var countdownSolver = CountdownSolverSettings()
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
    /// The named presets: `smoke` (the whole pipeline at toy size, for CI), `full` (Countdown, the
    /// measured configuration) and `arithmetic` (the earlier (a*b+c)/d configuration).
    public static func preset(_ name: String) -> ExperimentSettings? {
        switch name {
        case "smoke": return smoke
        case "full": return full
        case "arithmetic": return arithmetic
        default: return nil
        }
    }

    public static let presetNames = ["smoke", "full", "arithmetic"]

    /// Tiny sizes on the Countdown task: the whole pipeline in seconds (release) and well under a
    /// minute in a debug test.
    static var smoke: ExperimentSettings {
        var task = TaskSettings()
        task.kind = .countdown
        task.evalProblems = 50
        let rl = RLSettings(problemsPerStep: 4, samplesPerProblem: 4, learningRate: 1e-4, beta2: 1, stage1Steps: 2, stage2Steps: 2)
        var s = ExperimentSettings(
            preset: "smoke",
            model: ModelSettings(layers: 1, dim: 32, heads: 2, contextLength: 64),
            base: SupervisedSettings(steps: 40, batchSize: 16, learningRate: 3e-3),
            star: StarSettings(problems: 16, samplesPerProblem: 2, sft: SupervisedSettings(steps: 3, batchSize: 8, learningRate: 1e-3)),
            pairSFT: PairSettings(problems: 16, samplesPerProblem: 2, sft: SupervisedSettings(steps: 3, batchSize: 8, learningRate: 1e-3)),
            rl: rl)
        s.task = task
        s.countdownSolver = .checkedSteps
        s.maxAttemptTokens = 20
        s.maxBatch = 64
        return s
    }

    /// The measured Countdown configuration (reports/toy-math): a 2-layer, 64-wide transformer; a base
    /// model from 4,000 supervised steps on traces that show every step and check the result against
    /// the target; 600 RL steps of 32 problems x 4 samples at learning rate 3e-4, sampled at
    /// temperature 0.8, of which SCoRe spends 100 in Stage I and 500 in Stage II (chosen from
    /// training curves, confirmed blind: reports/toy-math/blind-split-100-500); KL weight
    /// beta1 = 0.1 in Stage II (the paper's 0.01 let Stage II erase the model's arithmetic; 0.1 was
    /// confirmed blind, reports/toy-math/blind-beta1-0.1).
    static var full: ExperimentSettings {
        var rl = RLSettings(problemsPerStep: 32, samplesPerProblem: 4, learningRate: 3e-4, beta2: 1, stage1Steps: 100, stage2Steps: 500)
        rl.klEvery = 5
        rl.temperature = 0.8
        rl.beta1 = 0.1
        var s = ExperimentSettings(
            preset: "full",
            model: ModelSettings(layers: 2, dim: 64, heads: 4, contextLength: 64),
            base: SupervisedSettings(steps: 4000, batchSize: 64, learningRate: 2e-3),
            star: measuredStar, pairSFT: measuredPairs,
            rl: rl)
        s.task.kind = .countdown
        s.countdownSolver = .checkedSteps
        s.maxAttemptTokens = 20
        return s
    }

    /// STaR of the measured presets: 1,024 problems x 4 samples, 120 SFT steps.
    static let measuredStar = StarSettings(
        problems: 1024, samplesPerProblem: 4, sft: SupervisedSettings(steps: 120, batchSize: 64, learningRate: 1e-4))
    /// Pair-SFT of the measured presets: 1,024 problems x 4 samples, 120 SFT steps.
    static let measuredPairs = PairSettings(
        problems: 1024, samplesPerProblem: 4, sft: SupervisedSettings(steps: 120, batchSize: 64, learningRate: 1e-4))

    /// The first measured configuration: (a*b+c)/d, where seeing attempt 1 gives attempt 2 nothing to
    /// check (its report showed no self-correction for any method).
    static var arithmetic: ExperimentSettings {
        var rl = RLSettings(problemsPerStep: 32, samplesPerProblem: 4, learningRate: 1e-4, beta2: 1, stage1Steps: 80, stage2Steps: 80)
        rl.klEvery = 5
        return ExperimentSettings(
            preset: "arithmetic",
            model: ModelSettings(layers: 2, dim: 64, heads: 4, contextLength: 64),
            base: SupervisedSettings(steps: 1000, batchSize: 64, learningRate: 2e-3),
            star: measuredStar, pairSFT: measuredPairs,
            rl: rl)
    }
}
