import Foundation
import Rewards
import Testing

@testable import ScoreTrainer

/// The whole comparison on the table double at toy size: files, shapes, resume.
@Suite struct ExperimentTests {
    static func tinySettings() -> ExperimentSettings {
        var s = ExperimentSettings.preset("smoke")!
        s.task.evalProblems = 20
        s.base.steps = 3
        s.base.batchSize = 4
        s.star.problems = 6
        s.star.sft.steps = 2
        s.pairSFT.problems = 6
        s.pairSFT.sft.steps = 2
        s.rl.problemsPerStep = 2
        s.rl.samplesPerProblem = 2
        s.rl.stage1Steps = 2
        s.rl.stage2Steps = 2
        s.maxBatch = 8
        return s
    }

    func temporaryDirectory() -> String {
        let dir = NSTemporaryDirectory() + "score-experiment-\(UUID().uuidString)"
        return dir
    }

    @Test func runsEveryMethodAndWritesResultsReportAndPlots() throws {
        let dir = temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let experiment = Experiment(
            settings: Self.tinySettings(), factory: TablePolicyFactory(), judge: RationalJudge.judge, directory: dir,
            seeds: [1, 2], methods: Method.allCases, jobs: 2, command: "score-verify train --preset smoke")
        try experiment.prepareDirectory(resume: false)
        let outcomes = try experiment.run(log: { _ in })
        #expect(outcomes.count == 2)
        #expect(outcomes.allSatisfy { $0.map(\.method) == Method.allCases.map(\.rawValue) })

        let text = try String(contentsOfFile: dir + "/results.json", encoding: .utf8)
        let root = try JSONValue.parseObject(text)
        #expect(root.keys == ["task", "eval_problems", "seeds", "methods", "targets"])
        #expect(root["targets"]?.objectValue?.keys == ["score", "single_stage"])
        #expect(root["eval_problems"]?.intValue == 20)
        let methods = try #require(root["methods"]?.objectValue)
        #expect(methods.keys == Method.allCases.map(\.rawValue))
        let score = try #require(methods["score"]?.objectValue)
        let names = ["acc_t1", "acc_t2", "delta", "delta_i2c", "delta_c2i", "change_rate", "edit_ratio"]
        // work_accuracy is there when every seed's attempts 1 showed some work (the smoke preset's solver shows it).
        let work = score["work_accuracy"] != nil ? ["work_accuracy"] : []
        #expect(score.keys == names + work + ["std", "per_seed"])
        for name in names + work {
            let v = try #require(score[name]?.doubleValue)
            #expect(name == "delta" ? (-1...1).contains(v) : (0...1).contains(v))
        }
        #expect(score["per_seed"]?.arrayValue?.count == 2)
        #expect(score["std"]?.objectValue?.keys == names + work)

        let report = try String(contentsOfFile: dir + "/report.md", encoding: .utf8)
        #expect(report.contains("| SCoRe (`score`) |"))
        #expect(report.contains("score-verify train --preset smoke"))
        #expect(report.contains("## Targets") && report.contains("| `score` | Δ(t1,t2) ≥ +3 points |"))
        let svg = try String(contentsOfFile: dir + "/plots/score.svg", encoding: .utf8)
        #expect(svg.hasPrefix("<svg") && svg.contains("polyline") && svg.contains("Stage II"))
        #expect(FileManager.default.fileExists(atPath: dir + "/seed-1/stage1.ckpt"))
        #expect(FileManager.default.fileExists(atPath: dir + "/seed-2/score/final.ckpt"))
    }

    @Test func resumeReusesFinishedWorkAndAFreshRunRefusesTheDirectory() throws {
        let dir = temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        var experiment = Experiment(
            settings: Self.tinySettings(), factory: TablePolicyFactory(), judge: RationalJudge.judge, directory: dir,
            seeds: [1], methods: [.base, .score], jobs: 1, command: "test")
        try experiment.prepareDirectory(resume: false)
        let first = try experiment.run(log: { _ in })
        #expect(throws: ExperimentError.self) { try experiment.prepareDirectory(resume: false) }

        // A run killed after Stage I: the method's outputs are gone, the stage checkpoint stays.
        try FileManager.default.removeItem(atPath: dir + "/seed-1/score")
        let lines = LogLines()
        try experiment.prepareDirectory(resume: true)
        let second = try experiment.run(log: { lines.append($0) })
        #expect(!lines.all.contains { $0.contains("stage1:") })  // Stage I was not run again
        #expect(lines.all.contains { $0.contains("base: already done (resumed)") })
        #expect(second[0][0].metrics == first[0][0].metrics)

        var changed = Self.tinySettings()
        changed.rl.alpha += 1
        experiment = Experiment(
            settings: changed, factory: TablePolicyFactory(), judge: RationalJudge.judge, directory: dir,
            seeds: [1], methods: [.base, .score], jobs: 1, command: "test")
        #expect(throws: ExperimentError.self) { try experiment.prepareDirectory(resume: true) }
    }
}

final class LogLines: @unchecked Sendable {
    private let lock = NSLock()
    private var lines: [String] = []
    func append(_ line: String) { lock.lock(); lines.append(line); lock.unlock() }
    var all: [String] { lock.lock(); defer { lock.unlock() }; return lines }
}
