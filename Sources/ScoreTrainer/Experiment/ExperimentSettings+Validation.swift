extension ExperimentSettings {
    /// What is wrong with these settings, or nil when they can run.
    public var problem: String? {
        if attempts < 2 { return "attempts must be at least 2" }
        if attempts > 8 { return "attempts must be at most 8" }
        if maxAttemptTokens < 1 { return "maxAttemptTokens must be positive" }
        if model.layers < 1 || model.dim < 1 || model.heads < 1 || model.dim % model.heads != 0 {
            return "the model needs layers, dim, heads >= 1 with dim divisible by heads"
        }
        // bos + prompt + separator + T attempts with their instructions.
        let longest = 1 + longestPrompt + 1 + attempts * (maxAttemptTokens + 1) + (attempts - 1) * (instruction.count + 1)
        if model.contextLength < longest {
            return "contextLength \(model.contextLength) is too short for \(attempts) attempts (needs \(longest))"
        }
        if rl.samplesPerProblem < 2 { return "samplesPerProblem must be at least 2 (the leave-one-out baseline)" }
        if rl.problemsPerStep < 1 { return "problemsPerStep must be positive" }
        if rl.stage1Steps < 0 || rl.stage2Steps < 0 || base.steps < 0 { return "step counts must be non-negative" }
        if base.batchSize < 1 || star.sft.batchSize < 1 || pairSFT.sft.batchSize < 1 { return "batch sizes must be positive" }
        if !(0...1).contains(rl.baseFirstAttemptFraction) { return "baseFirstAttemptFraction must be in 0...1" }
        if !(0...1).contains(pairSFT.correctPairFraction) { return "correctPairFraction must be in 0...1" }
        if rl.temperature < 0 || star.temperature < 0 || pairSFT.temperature < 0 { return "temperatures must be >= 0" }
        if !(0...1).contains(countdownSolver.solveRate) || !(0...1).contains(countdownSolver.keepRate)
            || !(0...1).contains(countdownSolver.falseClaimRate)
            || !(0...1).contains(solver.keepRate)
        {
            return "solver rates must be in 0...1"
        }
        if threadsPerJob < 1 || threadsPerJob > 64 { return "threadsPerJob must be 1...64" }
        if maxBatch < 1 { return "maxBatch must be positive" }
        if instruction.contains(where: { !"abcdefghijklmnopqrstuvwxyz ?:,".contains($0) }) {
            return "the instruction may use only lower-case letters, spaces and ?:,"
        }
        return nil
    }

    /// The longest prompt the task writes, in characters.
    var longestPrompt: Int {
        switch task.kind {
        case .arithmetic:
            return 16  // four numbers of at most three digits and their spaces
        case .countdown:
            let c = task.countdown
            let digits = { (x: Int) in String(max(abs(x), 1)).count + (x < 0 ? 1 : 0) }
            return c.numbers * (digits(c.largest) + 1) + max(digits(c.targetMax), digits(c.targetMin))
        }
    }
}
