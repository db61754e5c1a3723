import Rewards

/// The JSON that `score-verify eval` prints for one checkpoint.
public struct EvaluationReport: Sendable {
    public var checkpoint: String
    public var task: String
    public var metrics: SelfCorrectionMetrics

    public init(checkpoint: String, task: String, metrics: SelfCorrectionMetrics) {
        self.checkpoint = checkpoint
        self.task = task
        self.metrics = metrics
    }

    public var json: JSONValue {
        var o = JSONObject()
        o["checkpoint"] = .string(checkpoint)
        o["task"] = .string(task)
        o["eval_problems"] = .integer(Int64(metrics.problems))
        for (name, value) in metrics.headline { o[name] = .number(rounded(value)) }
        if let w = metrics.workAccuracy { o["work_accuracy"] = .number(rounded(w)) }
        o["acc_by_attempt"] = .array(metrics.accByAttempt.map { .number(rounded($0)) })
        return .object(o)
    }
}
