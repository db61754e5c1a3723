import ArgumentParser
import MathVerifier
import Rewards

/// `score-verify math`: exact equivalence of a final answer and a gold answer.
struct MathCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "math",
        abstract: "Decide whether answers equal gold answers, exactly.",
        discussion: """
            One pair:   score-verify math --gold '\\frac12' --answer 'The answer is $0.5$.'
              prints one JSON object: reward, status, reason, equal, extracted, rule, ...
            A batch:    score-verify math --input pairs.jsonl [--jobs N]
              reads JSONL with `gold` and `answer` (or `response`); writes one JSON line per input
              line, in order, with every input field echoed and the verdict appended. A malformed
              line gets `error` and reward 0; the batch goes on.
            Exit status: 0 for any verdict, 2 for a usage error.
            """
    )

    @Option(help: "The gold answer (with --answer).")
    var gold: String?

    @Option(help: "The model's answer or full response (with --gold).")
    var answer: String?

    @Option(help: "A JSONL file of {gold, answer|response, ...} records, or - for stdin.")
    var input: String?

    @Option(help: "Worker threads for --input.")
    var jobs: Int = 1

    @Flag(help: "Never draw the progress line (it is drawn only when stderr is a terminal).")
    var noProgress = false

    mutating func run() throws {
        let verifier = MathAnswerVerifier()
        if let input {
            guard gold == nil && answer == nil else { throw UsageError("use either --input or --gold/--answer, not both") }
            guard jobs >= 1 && jobs <= 256 else { throw UsageError("--jobs must be between 1 and 256") }
            let reader: LineReader
            do { reader = try LineReader(path: input) } catch { throw UsageError(error.message) }
            BatchRunner(jobs: jobs, showProgress: !noProgress, label: "math").run(reader: reader, verifier: verifier)
            return
        }
        guard let gold, let answer else { throw UsageError("give --gold and --answer, or --input FILE") }
        let verdict = verifier.verify(gold, response: answer)
        print(verdict.jsonObject.jsonText)
    }
}

/// A usage error: printed to stderr with exit status 2.
struct UsageError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
