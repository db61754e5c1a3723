import Rewards

/// One item of an OpenRLHF `/get_reward` request, turned into the record a verifier reads.
///
/// OpenRLHF sends each query as the prompt followed by the response, the prompts alone, and one
/// label per query: the gold answer for math, or for code a JSON object (usually as a string)
/// carrying the tests.
public enum RewardQuery: Sendable, Equatable {
    case math(JSONObject)
    case code(JSONObject)
    case invalid(String)

    /// Fields whose presence in a label object marks a code task (HumanEval, MBPP, stdin/stdout).
    public static let codeLabelFields: Set<String> = ["test", "test_list", "inputs", "tests", "entry_point"]

    /// The response part of `query`: the text after `prompt` when `prompt` prefixes it, else the
    /// whole query (`promptMatched` false).
    public static func response(query: String, prompt: String?) -> (response: String, promptMatched: Bool) {
        guard let prompt, !prompt.isEmpty else { return (query, false) }
        // Compare bytes: a prompt that ends inside a grapheme cluster must still strip cleanly.
        let q = query.utf8, p = prompt.utf8
        guard q.starts(with: p) else { return (query, false) }
        return (String(decoding: q.dropFirst(p.count), as: UTF8.self), true)
    }

    /// Classifies one item by its label and builds the verifier's record.
    public static func make(response: String, label: JSONValue?) -> RewardQuery {
        guard let label else { return .invalid("no label for this query (labels[i] is missing)") }
        switch label {
        case .null:
            return .invalid("label is null; expected the gold answer (math) or a JSON object with tests (code)")
        case .integer, .number:
            return .math(["gold": label, "response": .string(response)])
        case .bool, .array:
            return .invalid("label must be a string (gold answer or JSON tests) or an object with tests")
        case .object(let tests):
            return codeQuery(tests: tests, response: response)
        case .string(let text):
            if let tests = codeTests(in: text) { return codeQuery(tests: tests, response: response) }
            return .math(["gold": .string(text), "response": .string(response)])
        }
    }

    /// The tests object a label string carries, or nil when the label is a plain gold answer.
    static func codeTests(in label: String) -> JSONObject? {
        guard label.utf8.first(where: { $0 != 0x20 && $0 != 0x0A && $0 != 0x09 && $0 != 0x0D }) == UInt8(ascii: "{"),
            let object = try? JSONValue.parseObject(label),
            object.keys.contains(where: { codeLabelFields.contains($0) })
        else { return nil }
        return object
    }

    static func codeQuery(tests: JSONObject, response: String) -> RewardQuery {
        guard tests.keys.contains(where: { codeLabelFields.contains($0) }) else {
            return .invalid(
                "code label has none of the test fields (\(codeLabelFields.sorted().joined(separator: ", ")))")
        }
        var record = tests
        // HumanEval labels carry the prompt (signature + docstring) the completion continues.
        record[tests["prompt"] == nil ? "program" : "completion"] = .string(response)
        return .code(record)
    }
}
