import MathVerifier

extension AnswerJudge {
    /// Rewards from the project's math verifier, with its last-number guess turned off: an attempt
    /// earns reward only when the verifier reads it as an answer (bare, boxed or after a marker) and
    /// that answer equals the gold one exactly.
    public static var mathVerifier: AnswerJudge {
        var options = MathAnswerVerifier.Options()
        options.lastNumberFallback = false
        return AnswerJudge(verifier: MathAnswerVerifier(options: options))
    }
}
