import Foundation

/// `report.md`: the paper-shaped table (mean ± std over seeds, in percent), the settings, the seeds
/// and the exact command.
public struct ReportWriter {
    let settings: ExperimentSettings
    let summary: ResultsSummary
    let command: String
    let plots: [String]
    let outcomes: [[MethodOutcome]]

    public var markdown: String {
        var md = "# SCoRe at toy scale: \(settings.preset) preset\n\n"
        md += "Task: \(summary.task). \(summary.evalProblems) held-out problems, greedy decoding, "
        md += "\(settings.attempts) attempts. Seeds: \(summary.seeds.map(String.init).joined(separator: ", ")).\n\n"
        md += "Command:\n\n```sh\n\(command)\n```\n\n"
        md += "## Results (percent; mean ± sample std over \(summary.seeds.count) seed(s))\n\n"
        let showsWork = summary.perMethod.contains { summary.workAccuracy($0.method) != nil }
        md += "| method | Acc@t1 | Acc@t2 | Δ(t1,t2) | Δi→c | Δc→i | changed | edit ratio |" + (showsWork ? " true work |" : "") + "\n"
        md += "|---|---|---|---|---|---|---|---|" + (showsWork ? "---|" : "") + "\n"
        func cell(_ mean: Double, _ std: Double) -> String {
            summary.seeds.count > 1 ? String(format: "%.1f ± %.1f", mean * 100, std * 100) : String(format: "%.1f", mean * 100)
        }
        for (method, rows) in summary.perMethod where !rows.isEmpty {
            var cells = summary.statistics(method).map { cell($0.mean, $0.std) }
            if showsWork { cells.append(summary.workAccuracy(method).map { cell($0.mean, $0.std) } ?? "-") }
            md += "| \(method.label) (`\(method.rawValue)`) | " + cells.joined(separator: " | ") + " |\n"
        }
        if showsWork {
            md += "\n*true work*: of the attempts 1 that show their work, the share whose shown result is the value of "
                + "their own expression (the model's check of itself can be trusted that often).\n"
        }
        md += targetsSection
        if settings.attempts > 2 {
            md += "\nAccuracy of every attempt (mean over seeds):\n\n| method | "
                + (1...settings.attempts).map { "Acc@t\($0)" }.joined(separator: " | ") + " |\n|---|"
                + String(repeating: "---|", count: settings.attempts) + "\n"
            for (method, rows) in summary.perMethod where !rows.isEmpty {
                let means = (0..<settings.attempts).map { t in
                    rows.reduce(0) { $0 + ($1.metrics.accByAttempt.count > t ? $1.metrics.accByAttempt[t] : 0) } / Double(rows.count)
                }
                md += "| \(method.rawValue) | " + means.map { String(format: "%.1f", $0 * 100) }.joined(separator: " | ") + " |\n"
            }
        }
        md += "\n## Per seed\n\n| method | seed | Acc@t1 | Acc@t2 | Δ | Δi→c | Δc→i | changed | edit ratio |\n"
        md += "|---|---|---|---|---|---|---|---|---|\n"
        for (method, rows) in summary.perMethod {
            for row in rows {
                md += "| \(method.rawValue) | \(row.seed) | "
                    + row.metrics.headline.map { String(format: "%.1f", $0.value * 100) }.joined(separator: " | ") + " |\n"
            }
        }
        if !plots.isEmpty {
            md += "\n## Training curves\n\n"
            for p in plots { md += "- [\(p)](\(p))\n" }
        }
        if let examples = outcomes.first?.first(where: { $0.method == "score" })?.examples ?? outcomes.first?.first?.examples {
            md += "\n## Example episodes (first seed, greedy)\n\n| problem | gold | attempts | rewards |\n|---|---|---|---|\n"
            for e in examples.prefix(8) {
                md += "| `\(e.prompt)` | `\(e.gold)` | " + e.attempts.map { "`\($0)`" }.joined(separator: " → ")
                    + " | " + e.rewards.map { String(Int($0)) }.joined(separator: ", ") + " |\n"
            }
        }
        md += "\n## Settings\n\n```json\n\(settingsJSON)\n```\n"
        return md
    }

    /// The issue's targets for `score` (and `single_stage`), with standard errors over seeds.
    var targetsSection: String {
        let checks = TargetCheck.judgedMethods.map { TargetCheck(summary: summary, method: $0) }.filter { !$0.targets.isEmpty }
        guard !checks.isEmpty else { return "" }
        var md = "\n## Targets (percentage points; estimate ± standard error over seeds, paired by seed)\n\n"
        md += "| method | target | estimate | met (mean) | clear (2 s.e.) |\n|---|---|---|---|---|\n"
        for check in checks {
            for t in check.targets {
                let value = t.key == "acc_t2_within_1_of_best" ? "gap \(percent(t.estimate))" : percent(t.estimate)
                let spread = t.seeds > 1 ? " ± \(String(format: "%.1f", t.standardError * 100)) (\(t.seeds) seeds)" : " (1 seed: no standard error)"
                md += "| `\(check.method.rawValue)` | \(t.requirement) | \(value)\(spread) | \(t.met ? "yes" : "no") | "
                    + (t.seeds > 1 ? (t.clear ? "yes" : "no") : "-") + " |\n"
            }
        }
        return md
    }

    private func percent(_ x: Double) -> String { String(format: "%+.1f", x * 100) }

    var settingsJSON: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        guard let data = try? encoder.encode(settings) else { return "{}" }
        return String(decoding: data, as: UTF8.self)
    }
}
