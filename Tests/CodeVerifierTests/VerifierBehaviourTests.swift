import CodeVerifier
import Foundation
import Rewards
import SandboxTestSupport
import Testing

@Suite("Code verifier behaviour", .needsSandbox)
struct VerifierBehaviourTests {
    @Test func manyThreadsGetTheirOwnRightAnswers() {
        let results = ResultBox()
        runOnThreads(count: 6) { thread in
            for round in 0..<4 {
                let n = thread * 10 + round
                let program = "def f(x):\n    return x * \(n)\n"
                let test = "def check(candidate):\n    assert candidate(3) == \(3 * n)\n"
                let verdict = (try? Shared.verifier.verify(record: humanEval(program, test: test, entry: "f")))
                results.add(verdict?.reward == 1)
                let wrong = (try? Shared.verifier.verify(record: humanEval(program, test: test.replacingOccurrences(of: "== \(3 * n)", with: "== \(3 * n + 1)"), entry: "f")))
                results.add(wrong?.reward == 0)
            }
        }
        #expect(results.count == 48)
        #expect(results.allTrue)
    }

    @Test func largeStdinAndOutputRoundTrip() throws {
        let input = (0..<30000).map(String.init).joined(separator: "\n") + "\n"
        let expected = (0..<30000).map { String($0 * 2) }.joined(separator: "\n") + "\n"
        let program = "import sys\nfor line in sys.stdin:\n    print(int(line) * 2)\n"
        let verdict = try Shared.verifier.verify(record: ["program": .string(program), "inputs": [.string(input)], "outputs": [.string(expected)]])
        #expect(verdict.reward == 1, "\(verdict)")
    }

    @Test func stdioRuntimeErrorAndNonZeroExit() throws {
        let crash = try Shared.verifier.verify(record: ["program": "print(1)\nraise ValueError('boom')\n", "inputs": [""], "outputs": ["1"]])
        #expect(crash.reward == 0)
        #expect(crash.status == .runtimeError)
        #expect(crash.detail["stderr"]?.stringValue?.contains("ValueError: boom") == true)
    }

    @Test func sandboxReportsEveryLayer() throws {
        _ = try Shared.verifier.verify(record: ["program": "print(1)", "inputs": [""], "outputs": ["1"]])
        let layers = Shared.verifier.sandboxLayers
        for layer in ["seccomp", "cgroup", "ns:user", "ns:pid", "ns:net", "ns:mount", "ns:ipc", "ns:uts", "mounts", "rlimits", "env"] {
            #expect(layers[layer] != nil, "layer \(layer) not reported")
        }
        #expect(layers["ns:net"]?.stringValue == "new")
    }

    @Test func batchEchoesFieldsButNotCode() {
        let line = #"{"id": 7, "task_id": "t", "program": "def f(x):\n    return x", "test": "def check(c):\n    assert c(2) == 2\n", "entry_point": "f"}"#
        let out = BatchRunner.outputLine(for: line, lineNumber: 1, verifier: Shared.verifier)
        let object = try? JSONValue.parseObject(out.text)
        #expect(object?["id"] == .integer(7))
        #expect(object?["task_id"] == "t")
        #expect(object?["program"] == nil)
        #expect(object?["test"] == nil)
        #expect(object?["reward"] == .integer(1))
    }
}

final class ResultBox: @unchecked Sendable {
    private let lock = NSLock()
    private var values: [Bool] = []
    func add(_ value: Bool) { lock.lock(); values.append(value); lock.unlock() }
    var count: Int { lock.lock(); defer { lock.unlock() }; return values.count }
    var allTrue: Bool { lock.lock(); defer { lock.unlock() }; return values.allSatisfy { $0 } }
}
