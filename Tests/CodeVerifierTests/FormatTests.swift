import CodeVerifier
import Rewards
import SandboxTestSupport
import Testing

@Suite("Code verifier formats", .needsSandbox)
struct FormatTests {
    let verifier = Shared.verifier

    @Test func humanEvalRightAndWrong() throws {
        let test = "def check(candidate):\n    assert candidate(2, 3) == 5\n    assert candidate(-1, 1) == 0\n"
        let right = try verifier.verify(record: humanEval("def add(a, b):\n    return a + b\n", test: test, entry: "add"))
        #expect(right.reward == 1)
        #expect(right.status == .passed)
        let wrong = try verifier.verify(record: humanEval("def add(a, b):\n    return a - b\n", test: test, entry: "add"))
        #expect(wrong.reward == 0)
        #expect(wrong.status == .failed)
    }

    @Test func promptPlusCompletionUsesTrustedPromptHelpers() throws {
        // The test calls `poly`, which only the prompt defines (as in HumanEval/32).
        let record: JSONObject = [
            "prompt": "def poly(xs, x):\n    return sum(c * x ** i for i, c in enumerate(xs))\n\ndef root(xs):\n    \"\"\"find x with poly(xs, x) == 0\"\"\"\n",
            "completion": "    return -xs[0] / xs[1]\n",
            "test": "def check(candidate):\n    assert abs(poly([2, 4], candidate([2, 4]))) < 1e-9\n",
            "entry_point": "root",
        ]
        let verdict = try verifier.verify(record: record)
        #expect(verdict.reward == 1, "\(verdict)")
    }

    @Test func mbppCountsAsserts() throws {
        let record: JSONObject = [
            "code": "def square(x):\n    return x * x if x != 3 else 10\n",
            "test_list": ["assert square(2) == 4", "assert square(3) == 9", "assert square(4) == 16"],
        ]
        let verdict = try verifier.verify(record: record)
        #expect(verdict.reward == 0)
        #expect(verdict.status == .failed)
        #expect(verdict.detail["tests_passed"] == .integer(2))
        #expect(verdict.detail["tests_total"] == .integer(3))
    }

    @Test func standardIOComparedOutsideTheSandbox() throws {
        let program = "n = int(input())\nprint(n * 2)\n"
        let right = try verifier.verify(record: ["program": .string(program), "inputs": ["21\n", "5"], "outputs": ["42\n", "10  \n\n"]])
        #expect(right.reward == 1, "\(right)")
        let wrong = try verifier.verify(record: ["program": .string(program), "inputs": ["21\n", "5"], "outputs": ["42\n", "11"]])
        #expect(wrong.reward == 0)
        #expect(wrong.status == .failed)
        #expect(wrong.detail["tests_passed"] == .integer(1))
    }

    @Test func plainDataCrossesBothWays() throws {
        let program = "def f(d):\n    return (sorted(d), {k: v * 2 for k, v in d.items()}, {1, 2}, None, 1.5, 10**30, b'x')\n"
        let test = "def check(candidate):\n    assert candidate({'a': 1, 3: 2}) == (['a', 3] if False else candidate({'a': 1, 3: 2})[0], {'a': 2, 3: 4}, {1, 2}, None, 1.5, 10**30, b'x')\n"
        // sorted() of mixed keys raises in the candidate: a runtime error, not a pass.
        let verdict = try verifier.verify(record: humanEval(program, test: test, entry: "f"))
        #expect(verdict.reward == 0)
        #expect(verdict.status == .runtimeError)
        let fine = "def f(d):\n    return (sorted(d), {k: v * 2 for k, v in d.items()}, {1, 2}, None, 1.5, 10**30, b'x')\n"
        let test2 = "def check(candidate):\n    assert candidate({'a': 1, 'b': 2}) == (['a', 'b'], {'a': 2, 'b': 4}, {1, 2}, None, 1.5, 10**30, b'x')\n"
        #expect(try verifier.verify(record: humanEval(fine, test: test2, entry: "f")).reward == 1)
    }

}
