import ArgumentParser
import Foundation
import ScoreTrainer

/// The experiment's settings: a preset or a settings file, then any per-option overrides.
struct TrainingOptions: ParsableArguments {
    @Option(help: "Preset: 'smoke' (the whole pipeline at toy size, for CI), 'full' (Countdown) or 'arithmetic'.")
    var preset: String = "smoke"

    @Option(help: "A JSON settings file (as printed by --print-settings); used instead of the preset.")
    var settings: String?

    @Option(help: "Task: 'countdown' (reach a target with an expression over given numbers) or 'arithmetic' ((a*b+c)/d).")
    var task: String?
    @Option(help: "Seed of the task's train/held-out split (and the arithmetic solver's flaws).") var taskSeed: UInt64?
    @Option(help: "Countdown solver (base-model traces): probability that a solution is right.") var solveRate: Double?
    @Option(help: "Countdown solver: show the work, writing the result next to the expression ('true' or 'false').")
    var showWork: Bool?
    @Option(help: "Countdown solver with shown work: show every step ('3*7+5=21+5=26'), not just the result ('true' or 'false').")
    var showSteps: Bool?
    @Option(help: "Countdown solver with shown work: end a result that misses the target with a check against it ('=23<26'; 'true' or 'false').")
    var showCheck: Bool?
    @Option(help: "Countdown solver with shown work: probability that a near miss claims the target as its result.")
    var falseClaimRate: Double?
    @Option(help: "Solver traces: probability that a later attempt restates the previous one.") var keepRate: Double?
    @Option(help: "Longest attempt in tokens (characters) before it is cut.") var maxAttemptTokens: Int?
    @Option(help: "Attempts per episode, T >= 2 (preset: 2).") var attempts: Int?
    @Option(help: "Held-out evaluation problems (presets: smoke 50, full and arithmetic 2000).") var evalProblems: Int?
    @Option(help: "Fixed instruction before every later attempt (preset: 'check').") var instruction: String?
    @Option(help: "Transformer blocks.") var layers: Int?
    @Option(help: "Transformer width.") var dim: Int?
    @Option(help: "Attention heads.") var heads: Int?
    @Option(help: "Longest sequence the model reads.") var contextLength: Int?
    @Option(help: "Engine threads per seed job (preset: 1).") var threads: Int?
    @Option(help: "Base model: supervised steps.") var baseSteps: Int?
    @Option(help: "Base model: solver traces per step.") var baseBatch: Int?
    @Option(help: "Base model: peak learning rate.") var baseLearningRate: Float?
    @Option(help: "RL: problems per step.") var problemsPerStep: Int?
    @Option(help: "RL: samples per problem (the leave-one-out group).") var samplesPerProblem: Int?
    @Option(help: "RL: learning rate.") var rlLearningRate: Float?
    @Option(help: "RL: sampling temperature.") var temperature: Float?
    @Option(help: "Stage I steps (methods without Stage I run stage1 + stage2 steps of Stage II).") var stage1Steps: Int?
    @Option(help: "Stage II steps.") var stage2Steps: Int?
    @Option(help: "Stage II shaping bonus alpha (preset: 10).") var alpha: Double?
    @Option(help: "KL weight beta1 on both attempts in Stage II (full preset: 0.1; smoke, arithmetic and the paper: 0.01).") var beta1: Double?
    @Option(help: """
        Baseline of the shaped attempt 2: 'group' (credit r2 + alpha (r2 - r1), leave-one-out over the \
        problem's samples; preset) or 'previous-attempt' (leave out -alpha r1, fixed before attempt 2 is \
        sampled: credit (1 + alpha) r2, same expected gradient, less variance).
        """)
    var shapingBaseline: AttemptObjective.ShapingBaseline?
    @Option(help: "Strong KL weight beta2 on attempt 1 in Stage I (presets: 1; the paper used 0.1 and 0.25).") var beta2: Double?
    @Option(help: "KL weight on later attempts in Stage I (preset: 0.01).") var stage1Beta1: Double?
    @Option(help: "Fraction of Stage II groups whose attempt 1 comes from the base model (preset: 0).")
    var baseFirstAttemptFraction: Double?
    @Option(help: "Measure KL every this many RL steps; 0 never.") var klEvery: Int?
    @Option(help: "STaR: training problems sampled from.") var starProblems: Int?
    @Option(help: "STaR: dialogues sampled per problem.") var starSamples: Int?
    @Option(help: "STaR: supervised steps.") var starSteps: Int?
    @Option(help: "Pair-SFT: training problems sampled from.") var pairProblems: Int?
    @Option(help: "Pair-SFT: attempts sampled per problem.") var pairSamples: Int?
    @Option(help: "Pair-SFT: supervised steps.") var pairSteps: Int?
    @Option(help: "Pair-SFT: right-to-right pairs per problem with a correction (0...1).") var pairCorrectFraction: Double?

    /// The resolved settings.
    func resolve() throws -> ExperimentSettings {
        var s: ExperimentSettings
        if let file = settings {
            guard let data = FileManager.default.contents(atPath: file) else { throw ValidationError("cannot read --settings \(file)") }
            do { s = try JSONDecoder().decode(ExperimentSettings.self, from: data) } catch {
                throw ValidationError("--settings \(file): \(error)")
            }
        } else {
            guard let p = ExperimentSettings.preset(preset) else {
                throw ValidationError("unknown --preset '\(preset)'; choose one of \(ExperimentSettings.presetNames.joined(separator: ", "))")
            }
            s = p
        }
        func set<T>(_ value: T?, _ apply: (T) -> Void) { if let value { apply(value) } }
        if let task {
            guard let kind = TaskKind(rawValue: task) else {
                throw ValidationError("unknown --task '\(task)'; choose one of \(TaskKind.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            s.task.kind = kind
        }
        set(taskSeed) { s.task.taskSeed = $0 }
        set(solveRate) { s.countdownSolver.solveRate = $0 }
        set(showWork) { s.countdownSolver.showWork = $0 }
        set(showSteps) { s.countdownSolver.showSteps = $0 }
        set(showCheck) { s.countdownSolver.showCheck = $0 }
        set(falseClaimRate) { s.countdownSolver.falseClaimRate = $0 }
        set(keepRate) {
            s.countdownSolver.keepRate = $0
            s.solver.keepRate = $0
        }
        set(maxAttemptTokens) { s.maxAttemptTokens = $0 }
        set(attempts) { s.attempts = $0 }
        set(evalProblems) { s.task.evalProblems = $0 }
        set(instruction) { s.instruction = $0 }
        set(layers) { s.model.layers = $0 }
        set(dim) { s.model.dim = $0 }
        set(heads) { s.model.heads = $0 }
        set(contextLength) { s.model.contextLength = $0 }
        set(threads) { s.threadsPerJob = $0 }
        set(baseSteps) { s.base.steps = $0 }
        set(baseBatch) { s.base.batchSize = $0 }
        set(baseLearningRate) { s.base.learningRate = $0 }
        set(problemsPerStep) { s.rl.problemsPerStep = $0 }
        set(samplesPerProblem) { s.rl.samplesPerProblem = $0 }
        set(rlLearningRate) { s.rl.learningRate = $0 }
        set(temperature) { s.rl.temperature = $0 }
        set(stage1Steps) { s.rl.stage1Steps = $0 }
        set(stage2Steps) { s.rl.stage2Steps = $0 }
        set(alpha) { s.rl.alpha = $0 }
        set(beta1) { s.rl.beta1 = $0 }
        set(shapingBaseline) { s.rl.shapingBaseline = $0 }
        set(beta2) { s.rl.beta2 = $0 }
        set(stage1Beta1) { s.rl.stage1Beta1 = $0 }
        set(baseFirstAttemptFraction) { s.rl.baseFirstAttemptFraction = $0 }
        set(klEvery) { s.rl.klEvery = $0 }
        set(starProblems) { s.star.problems = $0 }
        set(starSamples) { s.star.samplesPerProblem = $0 }
        set(starSteps) { s.star.sft.steps = $0 }
        set(pairProblems) { s.pairSFT.problems = $0 }
        set(pairSamples) { s.pairSFT.samplesPerProblem = $0 }
        set(pairSteps) { s.pairSFT.sft.steps = $0 }
        set(pairCorrectFraction) { s.pairSFT.correctPairFraction = $0 }
        if let problem = s.problem { throw ValidationError(problem) }
        return s
    }
}

extension AttemptObjective.ShapingBaseline: ExpressibleByArgument {}
