import Foundation
import Rewards

/// The whole comparison: every seed (as parallel jobs) and every method, then `results.json`,
/// `report.md` and the SVG training curves in the output directory.
public struct Experiment<F: PolicyFactory> {
    public let settings: ExperimentSettings
    public let factory: F
    public let judge: AnswerJudge
    public let directory: String
    public var seeds: [Int]
    public var methods: [Method]
    /// Seeds trained at the same time.
    public var jobs: Int
    /// The command line, for the report.
    public var command: String

    public init(
        settings: ExperimentSettings, factory: F, judge: AnswerJudge, directory: String, seeds: [Int], methods: [Method],
        jobs: Int, command: String
    ) {
        self.settings = settings
        self.factory = factory
        self.judge = judge
        self.directory = directory
        self.seeds = seeds
        self.methods = methods
        self.jobs = max(1, jobs)
        self.command = command
    }

    /// Checks `directory` against `resume` and records the settings: a fresh run refuses a directory
    /// that already holds one; a resumed run requires the same settings.
    public func prepareDirectory(resume: Bool) throws {
        let fm = FileManager.default
        try fm.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let file = directory + "/settings.json"
        if fm.fileExists(atPath: file) {
            guard resume else {
                throw ExperimentError("\(directory) already holds a run; pass --resume to continue it, or choose another --out")
            }
            let previous = try readJSON(ExperimentSettings.self, from: file)
            guard previous == settings else {
                throw ExperimentError("\(directory) was started with other settings; --resume needs the same preset and options")
            }
        } else {
            try writeJSON(settings, to: file)
        }
    }

    /// Trains and evaluates everything; returns the outcomes by seed. Log lines go to `log`.
    public func run(log: @escaping @Sendable (String) -> Void) throws -> [[MethodOutcome]] {
        let problems = try ProblemSet(settings.task)
        let board = StatusBoard(jobs: min(jobs, seeds.count))
        let collector = OutcomeCollector(count: seeds.count)
        let queue = WorkQueue(count: seeds.count)
        let settings = settings
        let factory = factory
        let judge = judge
        let seeds = seeds
        let methods = methods
        let directory = directory
        runOnThreads(count: min(jobs, seeds.count)) { job in
            while let index = queue.next() {
                let seed = seeds[index]
                let run = SeedRun(
                    settings: settings, factory: factory, judge: judge, problems: problems, seed: seed,
                    directory: directory + "/seed-\(seed)",
                    log: { line in board.log(line, log: log) },
                    status: { text in board.update(job: job, text) })
                do {
                    collector.store(index: index, .success(try run.run(methods: methods)))
                } catch {
                    collector.store(index: index, .failure(ExperimentError("seed \(seed): \(error)")))
                }
            }
        }
        board.finish()
        let outcomes = try collector.results()
        try writeResults(outcomes, problems: problems)
        return outcomes
    }

    /// Writes results.json, report.md and the plots from the outcomes of every seed.
    public func writeResults(_ outcomes: [[MethodOutcome]], problems: ProblemSet) throws {
        let summary = ResultsSummary(
            task: settings.task.summary, evalProblems: problems.eval.count, seeds: seeds, methods: methods, outcomes: outcomes)
        try summary.json.jsonText.write(toFile: directory + "/results.json", atomically: true, encoding: .utf8)
        let plotsDir = directory + "/plots"
        try FileManager.default.createDirectory(atPath: plotsDir, withIntermediateDirectories: true)
        var plots: [String] = []
        for method in methods where method.isReinforcement {
            let curves = outcomes.compactMap { $0.first { $0.method == method.rawValue }?.curve }
            guard let svg = TrainingPlot.svg(title: "\(method.label) (\(method.rawValue))", curves: curves, attempts: settings.attempts)
            else { continue }
            try svg.write(toFile: plotsDir + "/\(method.rawValue).svg", atomically: true, encoding: .utf8)
            plots.append("plots/\(method.rawValue).svg")
        }
        let report = ReportWriter(settings: settings, summary: summary, command: command, plots: plots, outcomes: outcomes)
        try report.markdown.write(toFile: directory + "/report.md", atomically: true, encoding: .utf8)
    }
}

/// Hands out seed indices to the jobs.
final class WorkQueue: @unchecked Sendable {
    private let lock = NSLock()
    private var nextIndex = 0
    private let count: Int
    init(count: Int) { self.count = count }
    func next() -> Int? {
        lock.lock()
        defer { lock.unlock() }
        guard nextIndex < count else { return nil }
        defer { nextIndex += 1 }
        return nextIndex
    }
}

/// Gathers each seed's outcomes (or failure) from the jobs.
final class OutcomeCollector: @unchecked Sendable {
    private let lock = NSLock()
    private var slots: [Result<[MethodOutcome], ExperimentError>?]
    init(count: Int) { slots = Array(repeating: nil, count: count) }
    func store(index: Int, _ result: Result<[MethodOutcome], ExperimentError>) {
        lock.lock()
        slots[index] = result
        lock.unlock()
    }
    func results() throws -> [[MethodOutcome]] {
        lock.lock()
        defer { lock.unlock() }
        return try slots.map { slot in
            guard let slot else { throw ExperimentError("a seed did not finish") }
            return try slot.get()
        }
    }
}

/// The latest status of every job, drawn as one progress line on stderr (only on a terminal), and
/// log lines written in full (always).
final class StatusBoard: @unchecked Sendable {
    private let lock = NSLock()
    private var texts: [String]
    private let line: ProgressLine
    private var updates = 0

    init(jobs: Int) {
        texts = Array(repeating: "", count: max(1, jobs))
        line = ProgressLine(label: "train")
    }

    func update(job: Int, _ text: String) {
        lock.lock()
        defer { lock.unlock() }
        if job < texts.count { texts[job] = text }
        updates += 1
        line.update(count: updates, extra: "| " + texts.joined(separator: " | "))
    }

    func log(_ text: String, log: (String) -> Void) {
        lock.lock()
        defer { lock.unlock() }
        if StandardError.isTerminal { StandardError.write("\r\u{1B}[K") }
        log(text)
    }

    func finish() { line.finish(count: updates) }
}
