/// How problems, attempts and the correction instruction are laid out as tokens.
///
///     [bos] problem [sep] attempt1 [eoa] instruction [sep] attempt2 [eoa] instruction [sep] ...
///
/// The instruction is fixed and never says whether the previous attempt was right.
public struct DialogueFormat<Codec: TokenCodec>: Sendable {
    public let codec: Codec
    public let instruction: String
    private let instructionTokens: [Int32]

    public init(codec: Codec, instruction: String) {
        self.codec = codec
        self.instruction = instruction
        self.instructionTokens = codec.encodeText(instruction)
    }

    /// The context from which attempt `previous.count + 1` is generated. `previous` holds the earlier
    /// attempts' tokens without their end-of-attempt token.
    public func context(problem: String, previous: [[Int32]]) -> [Int32] {
        var tokens: [Int32] = [codec.beginToken]
        tokens += codec.encodeText(problem)
        tokens.append(codec.separatorToken)
        for attempt in previous {
            tokens += attempt
            tokens.append(codec.endOfAttemptToken)
            tokens += instructionTokens
            tokens.append(codec.separatorToken)
        }
        return tokens
    }

    /// The whole dialogue and, for each attempt, the target positions that predict its tokens and its
    /// end-of-attempt token (position i predicts token i + 1).
    public func dialogue(problem: String, attempts: [[Int32]]) -> (tokens: [Int32], targetSpans: [Range<Int>]) {
        var tokens: [Int32] = [codec.beginToken]
        tokens += codec.encodeText(problem)
        tokens.append(codec.separatorToken)
        var spans: [Range<Int>] = []
        for (t, attempt) in attempts.enumerated() {
            if t > 0 {
                tokens += instructionTokens
                tokens.append(codec.separatorToken)
            }
            let start = tokens.count - 1
            tokens += attempt
            tokens.append(codec.endOfAttemptToken)
            spans.append(start..<(tokens.count - 1))
        }
        return (tokens, spans)
    }

    /// Strips a trailing end-of-attempt token; says whether the attempt ended on its own.
    public func splitGenerated(_ tokens: [Int32]) -> (attempt: [Int32], finished: Bool) {
        if let i = tokens.firstIndex(of: codec.endOfAttemptToken) { return (Array(tokens[..<i]), true) }
        return (tokens, false)
    }
}
