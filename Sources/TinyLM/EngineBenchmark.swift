import Foundation

/// Measures the engine's throughput and the machine's sgemm peak in one run, so the step's
/// FLOP rate can be read as a fraction of what OpenBLAS reaches on this machine right now.
public enum EngineBenchmark {
    /// The model and batch shape to measure.
    public struct Settings: Sendable {
        public var config: TransformerConfig
        public var batchSize: Int
        public var sequenceLength: Int
        public var threads: Int
        /// Timed steps (after `warmupSteps` untimed ones).
        public var steps: Int
        public var warmupSteps: Int

        public init(config: TransformerConfig, batchSize: Int, sequenceLength: Int, threads: Int = 1, steps: Int = 10, warmupSteps: Int = 2) {
            self.config = config
            self.batchSize = batchSize
            self.sequenceLength = sequenceLength
            self.threads = threads
            self.steps = steps
            self.warmupSteps = warmupSteps
        }
    }

    /// One timed phase.
    public struct Phase: Sendable {
        public var name: String
        public var tokensPerSecond: Double
        public var secondsPerStep: Double
        public var gflops: Double
        /// Tokens per second of process CPU time: less sensitive than wall time to other
        /// processes competing for the cores (meaningful for one thread).
        public var tokensPerCPUSecond: Double
    }

    /// A single-precision matrix multiply rate.
    public struct SgemmRate: Sendable {
        public var size: Int
        /// Best rate in wall-clock time.
        public var gflops: Double
        /// Best rate in process CPU time.
        public var gflopsCPU: Double
    }

    /// Best rate of `c = a @ b` on square `size` matrices over a few rounds of about `seconds` / 3 each.
    public static func measureSgemm(size: Int = 512, threads: Int, seconds: Double = 1.0) -> SgemmRate {
        BLAS.setThreads(threads)
        var rng = SplitMix64(seed: 1)
        let n = size
        let a = (0..<(n * n)).map { _ in Float(rng.nextUnit() - 0.5) }
        let b = (0..<(n * n)).map { _ in Float(rng.nextUnit() - 0.5) }
        var c = [Float](repeating: 0, count: n * n)
        let flops = 2.0 * Double(n * n * n)
        var best = 0.0, bestCPU = 0.0
        for _ in 0..<3 {
            var count = 0
            let start = now(), startCPU = cpuNow()
            var elapsed = 0.0
            repeat {
                BLAS.gemm(transposeA: false, transposeB: false, m: n, n: n, k: n, a: a, lda: n, b: b, ldb: n, beta: 0, c: &c, ldc: n)
                count += 1
                elapsed = now() - start
            } while elapsed < seconds / 3
            best = max(best, flops * Double(count) / elapsed / 1e9)
            bestCPU = max(bestCPU, flops * Double(count) / (cpuNow() - startCPU) / 1e9)
        }
        return SgemmRate(size: size, gflops: best, gflopsCPU: bestCPU)
    }

    /// Times forward passes, then full training steps (forward, backward, AdamW) on random tokens.
    public static func measureModel(_ settings: Settings) -> (forward: Phase, train: Phase, parameters: Int, trainFLOPsPerToken: Double) {
        let model = Transformer(config: settings.config, seed: 1)
        let session = TrainingSession(
            model: model, maxBatchSize: settings.batchSize, sequenceLength: settings.sequenceLength, threads: settings.threads)
        let optimizer = AdamW(model: model, config: AdamWConfig(learningRate: 1e-4))
        var rng = SplitMix64(seed: 2)
        let n = settings.batchSize * settings.sequenceLength
        let vocab = UInt64(settings.config.vocabSize)
        let batch = TokenBatch(
            batchSize: settings.batchSize, sequenceLength: settings.sequenceLength,
            tokens: (0..<n).map { _ in Int32(rng.next() % vocab) }, targets: (0..<n).map { _ in Int32(rng.next() % vocab) },
            weights: .init(repeating: 1 / Float(n), count: n))
        let tokens = Double(n)
        let trainFLOPs = model.trainingFLOPsPerToken(sequenceLength: settings.sequenceLength)

        for _ in 0..<settings.warmupSteps { session.forwardOnly(batch) }
        var start = now(), startCPU = cpuNow()
        for _ in 0..<settings.steps { session.forwardOnly(batch) }
        let forwardSeconds = (now() - start) / Double(settings.steps)
        let forwardCPU = (cpuNow() - startCPU) / Double(settings.steps)
        let forward = Phase(
            name: "forward", tokensPerSecond: tokens / forwardSeconds, secondsPerStep: forwardSeconds,
            gflops: tokens * trainFLOPs / 3 / forwardSeconds / 1e9, tokensPerCPUSecond: tokens / forwardCPU)

        for _ in 0..<settings.warmupSteps {
            session.forwardBackward(batch, reference: nil)
            optimizer.step()
        }
        start = now()
        startCPU = cpuNow()
        for _ in 0..<settings.steps {
            session.forwardBackward(batch, reference: nil)
            optimizer.step()
        }
        let trainSeconds = (now() - start) / Double(settings.steps)
        let trainCPU = (cpuNow() - startCPU) / Double(settings.steps)
        let train = Phase(
            name: "train", tokensPerSecond: tokens / trainSeconds, secondsPerStep: trainSeconds,
            gflops: tokens * trainFLOPs / trainSeconds / 1e9, tokensPerCPUSecond: tokens / trainCPU)
        return (forward, train, model.parameterCount, trainFLOPs)
    }

    static func cpuNow() -> Double {
        var t = timespec()
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t)
        return Double(t.tv_sec) + Double(t.tv_nsec) / 1e9
    }

    static func now() -> Double {
        Double(DispatchTime.now().uptimeNanoseconds) / 1e9
    }
}
