import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// What one method measured for one seed, stored as `<method>/outcome.json`.
public struct MethodOutcome: Codable, Sendable {
    public var method: String
    public var seed: Int
    public var metrics: SelfCorrectionMetrics
    public var examples: [EvaluationExample]
    /// Every logged training step (RL methods; empty otherwise).
    public var curve: [CurvePoint]
    /// Wall time of training and evaluating this method (excluding the shared base and Stage I).
    public var seconds: Double
}

/// A failure of an experiment's inputs or files, with a message for the user.
public struct ExperimentError: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}

/// The whole comparison for one seed: the base model, every requested method from it, and greedy
/// evaluation. Every stage leaves a checkpoint in `directory`, so a killed run resumes after the
/// last finished stage.
public final class SeedRun<F: PolicyFactory> {
    public typealias P = F.Model
    let settings: ExperimentSettings
    let factory: F
    let judge: AnswerJudge
    let problems: ProblemSet
    let seed: Int
    let directory: String
    let format: DialogueFormat<P.Codec>
    /// Plain log lines (phase starts and ends).
    let log: (String) -> Void
    /// Frequent status updates (for a progress line).
    let status: (String) -> Void

    public init(
        settings: ExperimentSettings, factory: F, judge: AnswerJudge, problems: ProblemSet, seed: Int, directory: String,
        log: @escaping (String) -> Void = { _ in }, status: @escaping (String) -> Void = { _ in }
    ) {
        self.settings = settings
        self.factory = factory
        self.judge = judge
        self.problems = problems
        self.seed = seed
        self.directory = directory
        self.format = DialogueFormat(codec: factory.codec, instruction: settings.instruction)
        self.log = log
        self.status = status
    }

    var seedBits: UInt64 { UInt64(truncatingIfNeeded: seed) }
    func phaseSeed(_ label: UInt64) -> UInt64 { SeededGenerator.derive(seedBits, label) }
    func path(_ name: String) -> String { directory + "/" + name }
    var solver: TaskSolver { TaskSolver(task: settings.task, arithmetic: settings.solver, countdown: settings.countdownSolver) }
    var rolloutSampler: RolloutSampler<P> {
        RolloutSampler(
            format: format, judge: judge, attempts: settings.attempts, temperature: settings.rl.temperature,
            maxAttemptTokens: settings.maxAttemptTokens)
    }

    /// Runs (or resumes) every method and returns their outcomes in the order given.
    public func run(methods: [Method]) throws -> [MethodOutcome] {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let base = try baseModel()
        var outcomes: [MethodOutcome] = []
        for method in methods {
            let file = path("\(method.rawValue)/outcome.json")
            if let data = FileManager.default.contents(atPath: file),
                let done = try? JSONDecoder().decode(MethodOutcome.self, from: data)
            {
                log("seed \(seed) \(method.rawValue): already done (resumed)")
                outcomes.append(done)
                continue
            }
            let started = Date()
            try FileManager.default.createDirectory(atPath: path(method.rawValue), withIntermediateDirectories: true)
            let (model, curve) = try trainedModel(method, base: base)
            let evaluator = Evaluator<P>(
                format: format, judge: judge, attempts: settings.attempts, maxAttemptTokens: settings.maxAttemptTokens,
                chunkSize: settings.maxBatch)
            let total = problems.eval.count
            let (metrics, examples) = evaluator.evaluate(policy: model, problems: problems.eval) { done in
                self.status("seed \(self.seed) \(method.rawValue) eval \(done)/\(total)")
            }
            let outcome = MethodOutcome(
                method: method.rawValue, seed: seed, metrics: metrics, examples: examples, curve: curve,
                seconds: Date().timeIntervalSince(started))
            try writeJSON(outcome, to: file)
            log(
                "seed \(seed) \(method.rawValue): acc@t1 \(percent(metrics.accT1)) acc@t2 \(percent(metrics.accT2)) "
                    + "delta \(percent(metrics.delta)) i->c \(percent(metrics.deltaI2C)) c->i \(percent(metrics.deltaC2I))"
                    + (metrics.workAccuracy.map { " true work \(percent($0))" } ?? "") + " (\(Int(outcome.seconds)) s)")
            outcomes.append(outcome)
        }
        return outcomes
    }

    /// The supervised base model (trained once per seed, then loaded).
    func baseModel() throws -> P {
        let file = path("base.ckpt")
        if FileManager.default.fileExists(atPath: file) { return try factory.loadPolicy(from: file) }
        let model = try factory.makePolicy(seed: phaseSeed(1))
        let solver = self.solver
        let train = problems.train
        let attempts = settings.attempts
        let sft = settings.base
        let started = Date()
        log("seed \(seed) base: supervised training, \(sft.steps) steps of \(sft.batchSize) solver traces")
        SupervisedPhase.run(
            policy: model, settings: sft, seed: phaseSeed(2), name: "sft",
            batch: { _, rng in
                (0..<sft.batchSize).map { _ in
                    let p = train[Int(rng.next() % UInt64(train.count))]
                    let trace = solver.trace(p, attempts: attempts, using: &rng)
                    return SupervisedPhase.sequence(
                        problem: p, attempts: trace.map { self.format.codec.encodeText($0) },
                        trainedAttempts: Set(0..<attempts), format: self.format)
                }
            },
            onStep: { point in
                if point.step % 10 == 0 || point.step == sft.steps {
                    self.status("seed \(self.seed) base sft \(point.step)/\(sft.steps) loss \(String(format: "%.3f", point.loss))")
                }
            })
        try model.save(to: file, metadata: ["seed": "\(seed)", "stage": "base"])
        log("seed \(seed) base: done in \(Int(Date().timeIntervalSince(started))) s")
        return model
    }

    /// Trains `method` from the base model, returning the model to evaluate and its RL curve.
    func trainedModel(_ method: Method, base: P) throws -> (P, [CurvePoint]) {
        let finalPath = path("\(method.rawValue)/final.ckpt")
        let curvePath = path("\(method.rawValue)/curve.json")
        if method != .base, FileManager.default.fileExists(atPath: finalPath) {
            let curve = (try? readJSON([CurvePoint].self, from: curvePath)) ?? []
            return (try factory.loadPolicy(from: finalPath), curve)
        }
        let rl = settings.rl
        var curve: [CurvePoint] = []
        let model: P
        switch method {
        case .base:
            return (base, [])
        case .star:
            model = base.frozenCopy()
            try trainStar(model, base: base)
        case .pairSFT:
            model = base.frozenCopy()
            try trainPairSFT(model, base: base)
        case .naiveRL, .noStage1:
            model = base.frozenCopy()
            let alpha = method == .naiveRL ? 0 : rl.alpha
            curve += stageTwo(model, reference: base, alpha: alpha, steps: rl.stage1Steps + rl.stage2Steps, method: method)
        case .noShaping, .score:
            let (stageOneModel, stageOneCurve) = try stageOne(base: base)
            model = stageOneModel
            curve += stageOneCurve
            let alpha = method == .noShaping ? 0 : rl.alpha
            curve += stageTwo(model, reference: base, alpha: alpha, steps: rl.stage2Steps, method: method)
        case .singleStage:
            model = base.frozenCopy()
            curve += stageTwo(
                model, reference: base, alpha: rl.alpha, steps: rl.stage1Steps + rl.stage2Steps, method: method,
                objective: .singleStage(alpha: rl.alpha, beta1: rl.beta1, beta2: rl.beta2, baseline: rl.shapingBaseline))
        }
        try model.save(to: finalPath, metadata: ["seed": "\(seed)", "method": method.rawValue, "stage": "final"])
        try writeJSON(curve, to: curvePath)
        return (model, curve)
    }

    /// SCoRe's Stage I, shared by every method that starts with it (checkpointed once per seed).
    func stageOne(base: P) throws -> (P, [CurvePoint]) {
        let file = path("stage1.ckpt")
        let curveFile = path("stage1.curve.json")
        if FileManager.default.fileExists(atPath: file) {
            return (try factory.loadPolicy(from: file), (try? readJSON([CurvePoint].self, from: curveFile)) ?? [])
        }
        let rl = settings.rl
        let model = base.frozenCopy()
        var phase = RLPhaseSettings(
            steps: rl.stage1Steps, problemsPerStep: rl.problemsPerStep, samplesPerProblem: rl.samplesPerProblem,
            learningRate: rl.learningRate, objective: .stageOne(beta1: rl.stage1Beta1, beta2: rl.beta2))
        phase.warmupSteps = rl.warmupSteps
        phase.gradientClip = rl.gradientClip
        phase.temperature = rl.temperature
        phase.klEvery = rl.klEvery
        let curve = runPhase(name: "stage1", label: "stage1", settings: phase, model: model, reference: base, seed: phaseSeed(7))
        try model.save(to: file, metadata: ["seed": "\(seed)", "stage": "stage1"])
        try writeJSON(curve, to: curveFile)
        return (model, curve)
    }

    /// Stage II (alpha > 0) or the naive multi-turn objective (alpha = 0), in place.
    func stageTwo(
        _ model: P, reference: P, alpha: Double, steps: Int, method: Method, objective: AttemptObjective? = nil
    ) -> [CurvePoint] {
        let rl = settings.rl
        var phase = RLPhaseSettings(
            steps: steps, problemsPerStep: rl.problemsPerStep, samplesPerProblem: rl.samplesPerProblem,
            learningRate: rl.learningRate, objective: objective ?? .stageTwo(alpha: alpha, beta1: rl.beta1, baseline: rl.shapingBaseline))
        phase.warmupSteps = rl.warmupSteps
        phase.gradientClip = rl.gradientClip
        phase.temperature = rl.temperature
        phase.klEvery = rl.klEvery
        phase.baseFirstAttemptFraction = method == .naiveRL ? 0 : rl.baseFirstAttemptFraction
        return runPhase(
            name: "stage2", label: "\(method.rawValue) stage2", settings: phase, model: model, reference: reference,
            seed: phaseSeed(8))
    }

    func runPhase(name: String, label: String, settings phase: RLPhaseSettings, model: P, reference: P, seed: UInt64) -> [CurvePoint] {
        var sampler = rolloutSampler
        sampler.temperature = phase.temperature
        let runner = ReinforcementPhase(name: name, settings: phase, sampler: sampler)
        let started = Date()
        log("seed \(self.seed) \(label): \(phase.steps) steps x \(phase.problemsPerStep) problems x \(phase.samplesPerProblem) samples")
        let curve = runner.run(policy: model, reference: reference, problems: problems.train, seed: seed) { p in
            let r = p.rewards.map { String(format: "%.2f", $0) }.joined(separator: "/")
            let kl = p.kl.map { " kl " + $0.map { String(format: "%.3f", $0) }.joined(separator: "/") } ?? ""
            self.status("seed \(self.seed) \(label) \(p.step)/\(phase.steps) reward \(r)\(kl)")
        }
        let last = curve.suffix(max(1, curve.count / 10))
        let means = (0..<settings.attempts).map { t in last.reduce(0) { $0 + $1.rewards[t] } / Double(max(last.count, 1)) }
        log(
            "seed \(self.seed) \(label): done in \(Int(Date().timeIntervalSince(started))) s, final training reward "
                + means.map { String(format: "%.3f", $0) }.joined(separator: "/"))
        return curve
    }

    /// A deterministic subset of the training problems for the SFT baselines' sampling.
    func sampledTrainingProblems(_ count: Int, label: UInt64) -> [TaskProblem] {
        var rng = SeededGenerator(seed: phaseSeed(label))
        return Array(problems.train.shuffled(using: &rng).prefix(count))
    }

    func trainStar(_ model: P, base: P) throws {
        let s = settings.star
        var sampler = rolloutSampler
        sampler.temperature = s.temperature
        let rollouts = sampler.sample(
            policy: base, problems: sampledTrainingProblems(s.problems, label: 3), samplesPerProblem: s.samplesPerProblem,
            seed: phaseSeed(4))
        let later = Set(1..<settings.attempts)
        let kept = rollouts.filter { ($0.rewards.last ?? 0) >= 1 && $0.finished.allSatisfy { $0 } }.map {
            SupervisedPhase.sequence(problem: $0.problem, attempts: $0.attempts, trainedAttempts: later, format: format)
        }
        log("seed \(seed) star: kept \(kept.count) of \(rollouts.count) self-generated dialogues (last attempt right)")
        try supervise(model, on: kept, settings: s.sft, label: "star", seed: phaseSeed(5))
    }

    func trainPairSFT(_ model: P, base: P) throws {
        let s = settings.pairSFT
        var sampler = rolloutSampler
        sampler.attempts = 1
        sampler.temperature = s.temperature
        let rollouts = sampler.sample(
            policy: base, problems: sampledTrainingProblems(s.problems, label: 6), samplesPerProblem: s.samplesPerProblem,
            seed: phaseSeed(9))
        var rng = SeededGenerator(seed: phaseSeed(10))
        var pairs: [WeightedSequence] = []
        var corrections = 0
        for (_, group) in Dictionary(grouping: rollouts.filter { $0.finished[0] }, by: \.group).sorted(by: { $0.key < $1.key }) {
            let right = group.filter { $0.rewards[0] >= 1 }
            let wrong = group.filter { $0.rewards[0] < 1 }
            guard let firstRight = right.first else { continue }
            for w in wrong {
                let r = right.randomElement(using: &rng) ?? firstRight
                pairs.append(SupervisedPhase.sequence(problem: w.problem, attempts: [w.attempts[0], r.attempts[0]], trainedAttempts: [1], format: format))
                corrections += 1
            }
            if !wrong.isEmpty, rng.unit() < s.correctPairFraction {
                let a = right.randomElement(using: &rng) ?? firstRight
                let b = right.randomElement(using: &rng) ?? firstRight
                pairs.append(SupervisedPhase.sequence(problem: a.problem, attempts: [a.attempts[0], b.attempts[0]], trainedAttempts: [1], format: format))
            }
        }
        log("seed \(seed) pair_sft: \(corrections) wrong->right pairs, \(pairs.count - corrections) right->right pairs")
        try supervise(model, on: pairs, settings: s.sft, label: "pair_sft", seed: phaseSeed(11))
    }

    func supervise(_ model: P, on data: [WeightedSequence], settings sft: SupervisedSettings, label: String, seed: UInt64) throws {
        guard !data.isEmpty else {
            log("seed \(self.seed) \(label): no training data; the model stays the base model")
            return
        }
        SupervisedPhase.run(
            policy: model, settings: sft, seed: seed, name: label,
            batch: { _, rng in (0..<sft.batchSize).map { _ in data[Int(rng.next() % UInt64(data.count))] } },
            onStep: { p in self.status("seed \(self.seed) \(label) sft \(p.step)/\(sft.steps)") })
    }
}

func percent(_ x: Double) -> String { String(format: "%.1f", x * 100) }

func writeJSON<T: Encodable>(_ value: T, to path: String) throws {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
    let data = try encoder.encode(value)
    let temporary = path + ".tmp"
    guard FileManager.default.createFile(atPath: temporary, contents: data) else {
        throw ExperimentError("cannot write \(path)")
    }
    guard rename(temporary, path) == 0 else { throw ExperimentError("cannot rename \(temporary) to \(path)") }
}

func readJSON<T: Decodable>(_ type: T.Type, from path: String) throws -> T {
    guard let data = FileManager.default.contents(atPath: path) else { throw ExperimentError("cannot read \(path)") }
    return try JSONDecoder().decode(type, from: data)
}
