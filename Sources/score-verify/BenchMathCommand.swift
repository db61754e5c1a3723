import ArgumentParser
import Foundation
import MathVerifier
import Rewards

/// `score-verify bench math`: single-thread verifications per second and accuracy against labels.
struct BenchMathCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "math",
        abstract: "Measure math verifications per second on one thread, and accuracy against labels.",
        discussion: """
            Uses fixtures/math/labelled.jsonl when present (else a built-in mix). Pairs with an
            `expected` field also give an accuracy. For the CLI rate with --jobs 2, see
            Benchmarks/math-cli.sh.
            """
    )

    @Option(help: "JSONL pairs (gold, answer|response, optional expected). Default: fixtures/math/labelled.jsonl if present.")
    var input: String?

    @Option(help: "Seconds to run (at least one pass over the pairs).")
    var seconds: Double = 3

    @Flag(help: "Print one JSON object instead of text.")
    var json = false

    @Flag(help: "List every labelled pair the verifier gets wrong (on stderr).")
    var showMistakes = false

    @Flag(help: "Turn off the gold-answer cache (every verification parses its gold answer again).")
    var noGoldCache = false

    mutating func run() throws {
        guard seconds >= 0 && seconds <= 3600 else { throw UsageError("--seconds must be between 0 and 3600") }
        let defaultPath = "fixtures/math/labelled.jsonl"
        let path = input ?? (FileManager.default.fileExists(atPath: defaultPath) ? defaultPath : nil)
        var pairs = MathBenchmark.builtInMix
        if let path {
            do { pairs = try MathBenchmark.load(path: path) } catch { throw UsageError(error.message) }
        }
        guard !pairs.isEmpty else { throw UsageError("no pairs in \(path ?? "the input")") }
        var options = MathAnswerVerifier.Options()
        if noGoldCache { options.goldCacheCapacity = 0 }
        let r = MathBenchmark(pairs: pairs).run(verifier: MathAnswerVerifier(options: options), seconds: seconds)
        if showMistakes {
            for m in r.mistakes {
                StandardError.line("MISS [\(m.rule)] expected \(m.expected): gold=\(m.gold) answer=\(m.answer)")
            }
        }
        var o: JSONObject = [
            "bench": "math", "source": .string(path ?? "built-in"), "pairs": .integer(Int64(r.pairs)),
            "verifications": .integer(Int64(r.verifications)), "seconds": .number((r.seconds * 1000).rounded() / 1000),
            "per_second": .integer(Int64(r.perSecond.rounded())), "cpu_seconds": .number((r.cpuSeconds * 1000).rounded() / 1000),
            "per_cpu_second": .integer(Int64(r.perCPUSecond.rounded())), "threads": 1,
            "gold_cache": .bool(!noGoldCache),
        ]
        if r.labelled > 0 {
            o["labelled"] = .integer(Int64(r.labelled))
            o["correct"] = .integer(Int64(r.correct))
            o["accuracy"] = .number((Double(r.correct) / Double(r.labelled) * 10000).rounded() / 10000)
        }
        if json {
            print(o.jsonText)
        } else {
            print("math: \(Int(r.perSecond.rounded())) verifications/s on 1 thread (\(r.verifications) in \(String(format: "%.2f", r.seconds)) s, \(r.pairs) pairs from \(path ?? "built-in mix"))")
            print("      \(Int(r.perCPUSecond.rounded())) verifications per CPU-second (the thread ran \(String(format: "%.2f", r.cpuSeconds)) s of CPU)")
            if r.labelled > 0 {
                print("accuracy: \(r.correct)/\(r.labelled) = \(String(format: "%.2f", Double(r.correct) / Double(r.labelled) * 100))%")
            }
        }
    }
}
