import Rewards

/// A program and the tests it must pass, read from a record in one of three formats.
public struct CodeTask: Sendable, Equatable {
    /// How the tests are given.
    public enum Tests: Sendable, Equatable {
        /// HumanEval: `test` defines `check(candidate)`, called with the `entry_point` function.
        /// `prompt` (trusted dataset text) also runs on the checker side, for helpers the test uses.
        case humanEval(test: String, entryPoint: String, prompt: String)
        /// MBPP: each string is an assert statement; `setup` runs first on both sides.
        case mbpp(asserts: [String], setup: String)
        /// stdin/stdout pairs: the program's output for each input must match, compared outside
        /// the sandbox.
        case standardIO(inputs: [String], outputs: [String])
    }

    /// The whole candidate program.
    public var program: String
    public var tests: Tests

    public init(program: String, tests: Tests) {
        self.program = program
        self.tests = tests
    }

    /// Fields holding code or tests: never echoed back in batch output.
    public static let withheldFields: Set<String> = [
        "program", "completion", "prompt", "code", "canonical_solution", "test", "test_list",
        "test_setup_code", "challenge_test_list", "inputs", "outputs",
    ]

    /// Reads a record: the program from `program`, else `prompt` + `completion`, else `code`;
    /// the tests from `inputs`/`outputs`, `test_list` or `test` + `entry_point`.
    public init(record: JSONObject) throws(InvalidRecord) {
        let prompt = try record.optionalString("prompt") ?? ""
        if let program = try record.optionalString("program") {
            self.program = program
        } else if let completion = try record.optionalString("completion") {
            self.program = prompt + completion
        } else if let code = try record.optionalString("code") {
            self.program = code
        } else {
            throw InvalidRecord("missing field 'program' (or 'completion', or 'code')")
        }
        if record["inputs"] != nil || record["outputs"] != nil {
            let inputs = try record.stringList("inputs")
            let outputs = try record.stringList("outputs")
            guard inputs.count == outputs.count else {
                throw InvalidRecord("'inputs' has \(inputs.count) items but 'outputs' has \(outputs.count)")
            }
            guard !inputs.isEmpty else { throw InvalidRecord("'inputs' is empty") }
            tests = .standardIO(inputs: inputs, outputs: outputs)
        } else if record["test_list"] != nil {
            let asserts = try record.stringList("test_list")
            guard !asserts.isEmpty else { throw InvalidRecord("'test_list' is empty") }
            tests = .mbpp(asserts: asserts, setup: try record.optionalString("test_setup_code") ?? "")
        } else if let test = try record.optionalString("test") {
            guard let entry = try record.optionalString("entry_point", "entry"), !entry.isEmpty else {
                throw InvalidRecord("missing field 'entry_point' (the function 'check(candidate)' is given)")
            }
            guard entry.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }) else {
                throw InvalidRecord("'entry_point' must be a Python identifier")
            }
            tests = .humanEval(test: test, entryPoint: entry, prompt: prompt)
        } else {
            throw InvalidRecord("missing tests: 'test' + 'entry_point', 'test_list', or 'inputs' + 'outputs'")
        }
    }
}

extension JSONObject {
    func optionalString(_ names: String...) throws(InvalidRecord) -> String? {
        for name in names {
            guard let value = self[name] else { continue }
            if case .null = value { continue }
            guard case .string(let s) = value else { throw InvalidRecord("field '\(name)' must be a string") }
            return s
        }
        return nil
    }

    func stringList(_ name: String) throws(InvalidRecord) -> [String] {
        guard case .array(let items)? = self[name] else { throw InvalidRecord("field '\(name)' must be a list of strings") }
        var strings: [String] = []
        for item in items {
            guard case .string(let s) = item else { throw InvalidRecord("field '\(name)' must be a list of strings") }
            strings.append(s)
        }
        return strings
    }
}
