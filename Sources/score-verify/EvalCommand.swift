import ArgumentParser
import Foundation
import Rewards
import ScoreTrainer

/// `score-verify eval`: the self-correction metrics of one checkpoint on the held-out problems.
struct EvalCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "eval",
        abstract: "Evaluate a trainer checkpoint greedily on the held-out problems (metrics JSON on stdout).",
        discussion: """
            The task, instruction and attempt count come from --run DIR (its settings.json), else from \
            the preset and options. Example:
              score-verify eval --run out --checkpoint out/seed-1/score/final.ckpt
            """
    )

    @OptionGroup var training: TrainingOptions
    @Option(help: "The checkpoint to evaluate (a .ckpt written by train).") var checkpoint: String
    @Option(name: .customLong("run"), help: "A train output directory whose settings.json defines the task and format.")
    var runDirectory: String?

    func run() throws {
        var settings = try training.resolve()
        if let run = runDirectory {
            guard let data = FileManager.default.contents(atPath: run + "/settings.json") else {
                throw ValidationError("cannot read \(run)/settings.json")
            }
            do { settings = try JSONDecoder().decode(ExperimentSettings.self, from: data) } catch {
                throw ValidationError("\(run)/settings.json: \(error)")
            }
            if let attempts = training.attempts { settings.attempts = attempts }
            if let n = training.evalProblems { settings.task.evalProblems = n }
            if let t = training.threads { settings.threadsPerJob = t }
            if let problem = settings.problem { throw ValidationError(problem) }
        }
        guard FileManager.default.fileExists(atPath: checkpoint) else { throw ValidationError("no checkpoint at \(checkpoint)") }
        let factory = TinyLMPolicyFactory(settings: settings)
        let policy = try factory.loadPolicy(from: checkpoint)
        let problems: ProblemSet
        do { problems = try ProblemSet(settings.task) } catch { throw ValidationError("\(error)") }
        let evaluator = Evaluator<TinyLMPolicy>(
            format: DialogueFormat(codec: factory.codec, instruction: settings.instruction), judge: .mathVerifier,
            attempts: settings.attempts, maxAttemptTokens: settings.maxAttemptTokens, chunkSize: settings.maxBatch)
        let progress = ProgressLine(label: "eval", total: problems.eval.count)
        let (metrics, _) = evaluator.evaluate(policy: policy, problems: problems.eval) { progress.update(count: $0) }
        progress.finish(count: problems.eval.count)
        print(EvaluationReport(checkpoint: checkpoint, task: settings.task.summary, metrics: metrics).json.jsonText)
    }
}
