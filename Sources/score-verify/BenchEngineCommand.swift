import ArgumentParser
import Rewards
import TinyLM

/// `score-verify bench engine`: forward and training throughput of the TinyLM engine, with the
/// machine's sgemm peak measured in the same run.
struct BenchEngineCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "engine",
        abstract: "Measure TinyLM forward and training tokens/s and the fraction of the sgemm peak.",
        discussion: """
            Measures OpenBLAS sgemm (square matrices) first, then forward passes, then full training
            steps (forward, backward, AdamW) on random tokens. With --json every phase is one JSON
            line; the last line holds forward_tokens_per_s, train_tokens_per_s and
            fraction_of_sgemm_peak (the step's model FLOP rate, 6N + 12LTC per token, over the sgemm rate).
            """
    )

    @Option(help: "Transformer blocks.") var layers = 4
    @Option(help: "Model width (divisible by --heads).") var dim = 128
    @Option(help: "Attention heads.") var heads = 4
    @Option(help: "Sequence length (also the context length).") var seq = 64
    @Option(help: "Sequences per batch.") var batch = 32
    @Option(help: "Vocabulary size.") var vocab = 64
    @Option(help: "OpenBLAS threads.") var threads = 1
    @Option(help: "Timed steps per phase.") var steps = 10
    @Option(help: "Untimed warm-up steps per phase.") var warmup = 2
    @Option(help: "Square matrix size of the sgemm peak measurement.") var sgemmSize = 512
    @Flag(help: "Print JSON lines instead of text.") var json = false

    func validate() throws {
        let config = TransformerConfig(vocabSize: vocab, contextLength: seq, layers: layers, dim: dim, heads: heads)
        if let problem = config.problem { throw ValidationError(problem) }
        guard batch >= 1, threads >= 1, threads <= 256, steps >= 1, warmup >= 0, sgemmSize >= 16, sgemmSize <= 8192 else {
            throw ValidationError("--batch, --threads, --steps must be >= 1, --warmup >= 0, --sgemm-size in 16...8192")
        }
        guard batch * seq <= 1 << 20 else { throw ValidationError("--batch * --seq must be at most 1048576") }
    }

    func run() throws {
        let config = TransformerConfig(vocabSize: vocab, contextLength: seq, layers: layers, dim: dim, heads: heads)
        let sgemm = EngineBenchmark.measureSgemm(size: sgemmSize, threads: threads)
        emit(["phase": "sgemm", "size": .integer(Int64(sgemm.size)), "threads": .integer(Int64(threads)), "gflops": .number(rounded(sgemm.gflops)), "gflops_cpu_time": .number(rounded(sgemm.gflopsCPU)),
        ])
        let settings = EngineBenchmark.Settings(
            config: config, batchSize: batch, sequenceLength: seq, threads: threads, steps: steps, warmupSteps: warmup)
        let result = EngineBenchmark.measureModel(settings)
        for phase in [result.forward, result.train] {
            emit([
                "phase": .string(phase.name), "tokens_per_s": .number(rounded(phase.tokensPerSecond)),
                "seconds_per_step": .number(rounded(phase.secondsPerStep, digits: 5)), "gflops": .number(rounded(phase.gflops)),
                "tokens_per_cpu_s": .number(rounded(phase.tokensPerCPUSecond)),
            ])
        }
        let summary: JSONObject = [
            "phase": "summary", "layers": .integer(Int64(layers)), "dim": .integer(Int64(dim)), "heads": .integer(Int64(heads)),
            "seq": .integer(Int64(seq)), "batch": .integer(Int64(batch)), "vocab": .integer(Int64(vocab)),
            "threads": .integer(Int64(threads)), "parameters": .integer(Int64(result.parameters)),
            "train_flops_per_token": .number(result.trainFLOPsPerToken),
            "forward_tokens_per_s": .number(rounded(result.forward.tokensPerSecond)),
            "train_tokens_per_s": .number(rounded(result.train.tokensPerSecond)),
            "forward_tokens_per_cpu_s": .number(rounded(result.forward.tokensPerCPUSecond)),
            "train_tokens_per_cpu_s": .number(rounded(result.train.tokensPerCPUSecond)),
            "train_gflops": .number(rounded(result.train.gflops)),
            "sgemm_peak_gflops": .number(rounded(sgemm.gflops)),
            "fraction_of_sgemm_peak": .number(rounded(result.train.gflops / sgemm.gflops, digits: 3)),
            "sgemm_peak_gflops_cpu_time": .number(rounded(sgemm.gflopsCPU)),
            "fraction_of_sgemm_peak_cpu_time": .number(
                rounded(result.train.tokensPerCPUSecond * result.trainFLOPsPerToken / 1e9 / sgemm.gflopsCPU, digits: 3)),
        ]
        emit(summary)
    }

    private func emit(_ object: JSONObject) {
        if json {
            LineWriter.standardOutput.writeLine(object.jsonText)
        } else {
            let text = object.map { key, value in "\(key)=\(value.stringValue ?? String(JSONValue.array([value]).jsonText.dropFirst().dropLast()))" }
            LineWriter.standardOutput.writeLine(text.joined(separator: " "))
        }
        LineWriter.standardOutput.flush()
    }

    private func rounded(_ x: Double, digits: Int = 1) -> Double {
        var scale = 1.0
        for _ in 0..<digits { scale *= 10 }
        return (x * scale).rounded() / scale
    }
}
