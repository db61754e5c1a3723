import ArgumentParser
import Foundation
import Rewards
import ScoreTrainer

/// `score-verify train`: the SCoRe comparison on the toy-math task.
struct TrainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train",
        abstract: "Reproduce SCoRe (two-stage self-correction RL) at small scale, rewards from the math verifier.",
        discussion: """
            Trains a base model on a noisy solver's two-attempt traces, then every requested method from \
            it (base, star, pair_sft, naive_rl, no_stage1, no_shaping, score), evaluates each greedily on \
            the held-out problems, and writes DIR/results.json, DIR/report.md and DIR/plots/*.svg.

            Every stage leaves a checkpoint under DIR/seed-N/; --resume continues a killed run after its \
            last finished stage. Progress goes to stderr. Every hyperparameter is an option below, or a \
            field of the --settings file (see --print-settings).
            """
    )

    @OptionGroup var training: TrainingOptions

    @Option(help: "Number of seeds (seeds are first-seed ... first-seed + N - 1).") var seeds: Int = 3
    @Option(help: "The first seed.") var firstSeed: Int = 1
    @Option(help: "Output directory.") var out: String?
    @Flag(help: "Continue the run in --out (same settings), skipping finished stages.") var resume = false
    @Option(
        name: .customLong("method"),
        help: "A method to run (repeatable; default: all of \(Method.allCases.map(\.rawValue).joined(separator: ", "))).")
    var methods: [String] = []
    @Option(help: "Seeds trained in parallel (default: min(seeds, 2)).") var jobs: Int?
    @Flag(help: "Print the resolved settings as JSON on stdout and exit (edit and pass back with --settings).")
    var printSettings = false

    func run() throws {
        let settings = try training.resolve()
        if printSettings {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            print(String(decoding: try encoder.encode(settings), as: UTF8.self))
            return
        }
        guard let out else { throw ValidationError("--out DIR is required") }
        guard (1...64).contains(seeds) else { throw ValidationError("--seeds must be 1...64") }
        var chosen: [Method] = []
        for name in methods {
            guard let m = Method(rawValue: name) else {
                throw ValidationError("unknown --method '\(name)'; choose from \(Method.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            if !chosen.contains(m) { chosen.append(m) }
        }
        if chosen.isEmpty { chosen = Method.allCases }
        let jobs = self.jobs ?? min(seeds, 2)
        guard (1...64).contains(jobs) else { throw ValidationError("--jobs must be 1...64") }
        let experiment = Experiment(
            settings: settings, factory: TinyLMPolicyFactory(settings: settings), judge: .mathVerifier, directory: out,
            seeds: Array(firstSeed..<(firstSeed + seeds)), methods: Method.allCases.filter(chosen.contains), jobs: jobs,
            command: (["score-verify"] + CommandLine.arguments.dropFirst()).joined(separator: " "))
        do {
            try experiment.prepareDirectory(resume: resume)
        } catch let error as ExperimentError {
            throw ValidationError(error.description)
        }
        let started = Date()
        StandardError.line(
            "train: preset \(settings.preset), \(seeds) seed(s), \(jobs) job(s), methods \(chosen.map(\.rawValue).joined(separator: ",")), out \(out)")
        _ = try experiment.run { StandardError.line("train: " + $0) }
        StandardError.line("train: done in \(Int(Date().timeIntervalSince(started))) s; wrote \(out)/results.json, report.md, plots/")
    }
}
