import CodeVerifier
import Foundation
import Rewards
import SandboxTestSupport
import Testing

/// Jobs that share one warm sandbox must not see or spoil each other: a later program cannot
/// read an earlier job's output or verdict, and nothing a program does to /work or the harness
/// changes a later honest program's verdict. Found by a white-box red team of the harness.
@Suite("One job cannot reach the next", .serialized, .needsSandbox)
struct CrossJobTests {
    /// One sandbox, so consecutive jobs share it.
    static let verifier = oneSandboxVerifier()

    static func stdio(_ program: String, input: String, output: String) -> JSONObject {
        ["program": .string(program), "inputs": [.string(input)], "outputs": [.string(output)]]
    }

    /// Looks for an earlier job's result (a dict with a `stdout` string) in its own call stack and
    /// in every object the garbage collector tracks, and prints it.
    static let thief = """
        import gc, sys
        found = None
        frame = sys._getframe()
        while frame is not None and found is None:
            for value in list(frame.f_locals.values()):
                if isinstance(value, dict) and isinstance(value.get("stdout"), str) and value["stdout"]:
                    found = value["stdout"]
            frame = frame.f_back
        if found is None:
            for obj in gc.get_objects():
                if isinstance(obj, dict) and isinstance(obj.get("stdout"), str) and obj["stdout"]:
                    found = obj["stdout"]
                    break
        print(found if found is not None else "nothing found", end="")
        """

    @Test func aLaterProgramCannotCopyAnEarlierOutput() throws {
        let secret = "answer-7391-\(UUID().uuidString.prefix(8))"
        let right = try Self.verifier.verify(record: Self.stdio("input()\nprint('\(secret)')", input: "x", output: secret))
        #expect(right.reward == 1, "\(right)")
        let stolen = try Self.verifier.verify(record: Self.stdio(Self.thief, input: "x", output: secret))
        #expect(stolen.reward == 0, "the thief found the earlier output: \(stolen)")
    }

    static let writesAFile = """
        import tempfile
        def solve(x):
            with tempfile.NamedTemporaryFile("w") as f:
                f.write(str(x))
            with open("/tmp/note.txt", "w") as f:
                f.write("ok")
            return x * x
        """
    static let test = "def check(candidate):\n    assert candidate(3) == 9\n"

    @Test(arguments: [
        // /work read-only for its owner (the sandbox user) after the job
        ("work_0555", "import os\nfd = os.open('/work', os.O_RDONLY)\nos.fchmod(fd, 0o555)\n"),
        // a subdirectory the harness can neither list nor enter
        ("subdir_0000", "import os\nos.makedirs('/work/d/e')\nopen('/work/d/e/f', 'w').close()\nfd = os.open('/work/d', os.O_RDONLY)\nos.fchmod(fd, 0)\n"),
        // deeper than the sandbox's descriptor limit (one descriptor per level would run out)
        ("depth_200", "import os\nfor _ in range(200):\n    os.mkdir('d')\n    os.chdir('d')\nopen('f', 'w').close()\n"),
        // a file, then /work made read-only
        ("file_then_0555", "import os\nopen('/work/f', 'w').close()\nfd = os.open('/work', os.O_RDONLY)\nos.fchmod(fd, 0o555)\n"),
        // wide: many sibling directories (each listed once by the clean-up, not once per sibling)
        ("wide_2000", "import os\nfor k in range(2000):\n    os.mkdir('/work/d%d' % k)\n"),
    ])
    func whatAProgramLeavesInWorkDoesNotSpoilTheNextJob(_ name: String, _ attack: String) throws {
        let program = attack + "def solve(x):\n    return x * x\n"
        let attacked = try Self.verifier.verify(record: humanEval(program, test: Self.test, entry: "solve"))
        #expect(attacked.status != .sandboxError, "\(name): \(attacked)")
        for _ in 0..<2 {
            let honest = try Self.verifier.verify(record: humanEval(Self.writesAFile, test: Self.test, entry: "solve"))
            #expect(honest.reward == 1, "after \(name): \(honest)")
        }
    }

    /// A test that expects an exception catches `Exception`; a wrong program must not pass it by
    /// leaving in ways that running it directly would not turn into an ordinary exception.
    static let expectsRaise = """
        def check(candidate):
            assert candidate(2) == 4
            raised = False
            try:
                candidate(-1)
            except Exception:
                raised = True
            assert raised
        """

    @Test(arguments: [
        ("sys.exit", "import sys\ndef solve(x):\n    if x < 0:\n        sys.exit(0)\n    return x * x\n"),
        ("os._exit", "import os\ndef solve(x):\n    if x < 0:\n        os._exit(0)\n    return x * x\n"),
        ("not plain data", "def solve(x):\n    if x < 0:\n        return object()\n    return x * x\n"),
        ("KeyboardInterrupt", "def solve(x):\n    if x < 0:\n        raise KeyboardInterrupt\n    return x * x\n"),
    ])
    func escapesAreNotExceptionsATestCanCatch(_ name: String, _ program: String) throws {
        let verdict = try Self.verifier.verify(record: humanEval(program, test: Self.expectsRaise, entry: "solve"))
        #expect(verdict.reward == 0, "\(name): \(verdict)")
    }

    /// Stopped and continued while sleeping: the interrupted call restarts (restart_syscall).
    @Test func aProgramStoppedAndContinuedStillRuns() throws {
        let program = """
            import os, signal, time
            parent = os.getpid()
            if os.fork() == 0:
                time.sleep(0.05)
                os.kill(parent, signal.SIGSTOP)
                time.sleep(0.05)
                os.kill(parent, signal.SIGCONT)
                os._exit(0)
            time.sleep(0.3)
            def solve(x):
                return x * x
            """
        let verdict = try Self.verifier.verify(record: humanEval(program, test: Self.test, entry: "solve"))
        #expect(verdict.reward == 1, "\(verdict)")
    }

    /// MBPP tests run in the program's namespace in the original harness, so they may use a
    /// module the program imported; the checker provides standard modules a test names.
    @Test func mbppTestsMayUseStandardModules() throws {
        let record: JSONObject = [
            "program": "import math\ndef area(r):\n    return math.pi * r * r\n",
            "test_list": ["assert math.isclose(area(1), 3.141592653589793)", "assert area(0) == 0"],
        ]
        let verdict = try Self.verifier.verify(record: record)
        #expect(verdict.reward == 1, "\(verdict)")
    }

    /// With one job per sandbox nothing survives between programs: a program that used up
    /// inode numbers does not move the next program's first inode number.
    @Test func oneJobPerSandboxSharesNothing() throws {
        var options = SandboxOptions()
        options.workers = 1
        options.jobsPerSandbox = 1
        let fresh = PythonCodeVerifier(options: options)
        defer { fresh.stopSandboxes() }
        let spender = "import os\nfor k in range(1000):\n    open('/work/f', 'w').close()\n    os.unlink('/work/f')\ndef solve(x):\n    return x * x\n"
        let probe = "import os\ndef solve(x):\n    open('/work/probe', 'w').close()\n    return os.stat('/work/probe').st_ino\n"
        let small = "def check(candidate):\n    assert candidate(0) < 100\n"
        #expect(try fresh.verify(record: humanEval(spender, test: Self.test, entry: "solve")).reward == 1)
        #expect(try fresh.verify(record: humanEval(probe, test: small, entry: "solve")).reward == 1)
        // The shared sandbox keeps counting (the channel that one job per sandbox closes).
        _ = try Self.verifier.verify(record: humanEval(spender, test: Self.test, entry: "solve"))
        #expect(try Self.verifier.verify(record: humanEval(probe, test: small, entry: "solve")).reward == 0)
    }

    @Test func aRaisedBuiltInExceptionKeepsItsType() throws {
        let test = """
            def check(candidate):
                try:
                    candidate(-1)
                except ValueError as error:
                    assert "negative" in str(error)
                else:
                    assert False
            """
        let right = "def solve(x):\n    if x < 0:\n        raise ValueError('negative input')\n    return x\n"
        let wrongType = "def solve(x):\n    if x < 0:\n        raise KeyError('negative input')\n    return x\n"
        #expect(try Self.verifier.verify(record: humanEval(right, test: test, entry: "solve")).reward == 1)
        #expect(try Self.verifier.verify(record: humanEval(wrongType, test: test, entry: "solve")).reward == 0)
    }

    /// Every job process takes its sys.stdin/stdout/stderr from streams the zygote made once
    /// (JOB_STREAMS). What one job leaves in its copy (unflushed output, stdin read ahead) must
    /// not reach the next job's streams.
    @Test func streamBuffersDoNotCarryOverToTheNextJob() throws {
        let secret = "stream-\(UUID().uuidString.prefix(8))"
        let leaver = "import sys, os\nsys.stdin.readline()\nsys.stdout.write('\(secret)-out')\nsys.stderr.write('\(secret)-err')\nos._exit(0)\n"
        _ = try Self.verifier.verify(record: Self.stdio(leaver, input: "first\n\(secret)-in\n", output: "x"))
        let flusher = "import sys\nsys.stdout.flush(); sys.__stdout__.flush(); sys.stderr.flush()\n"
        #expect(try Self.verifier.verify(record: Self.stdio(flusher, input: "", output: "\(secret)-out")).reward == 0)
        _ = try Self.verifier.verify(record: Self.stdio(leaver, input: "first\n\(secret)-in\n", output: "x"))
        let peeker = "import sys\ndata = sys.stdin.buffer.peek(1 << 16) + sys.stdin.buffer.read()\nsys.stdout.write(data.decode(errors='replace').strip())\n"
        #expect(try Self.verifier.verify(record: Self.stdio(peeker, input: "", output: "\(secret)-in")).reward == 0)
    }

    /// The streams a job takes are its own: output written to sys.stdout before the program
    /// rebinds it is flushed when the old stream is dropped, as with a stream made in the job.
    @Test(arguments: [
        ("devnull", "import sys, os\nprint('42')\nsys.stdout = open(os.devnull, 'w')\n"),
        ("StringIO", "import sys, io\nsys.stdout.write('42\\n')\nsys.stdout = io.StringIO()\nprint('noise')\n"),
    ])
    func outputBeforeRebindingStdoutIsKept(_ name: String, _ program: String) throws {
        let verdict = try Self.verifier.verify(record: Self.stdio(program, input: "", output: "42"))
        #expect(verdict.reward == 1, "\(name): \(verdict)")
    }

    /// The checker parses the candidate's replies with plaindata.parse (json's C scanner): a
    /// reply json.loads would reject, or one that breaks the parser, fails the test, including
    /// a test that passes when the candidate raises an ordinary exception.
    @Test(arguments: [
        "'{\"ok\":4} {\"ok\":4}'", "'{\"ok\":4}\\x00'", "'\\x0b{\"ok\":4}\\x0c'", "'\\u00a0{\"ok\":4}\\u2028'",
        "'\\ufeff{\"ok\":4}'", "'[' * 200000", "'{\"ok\":' + '[' * 100000 + ']' * 100000 + '}'",
        "'{\"ok\":' + '9' * 5000 + '}'", "b'{\"ok\":\"\\xff\"}'", "''", "' \\n '", "'{\"ok\":\"a\\nb\"}'", "'4'",
        "(32 << 20).to_bytes(8, 'big')",
    ])
    func aRawReplyTheParserRejectsFailsTheTest(_ reply: String) throws {
        let verdict = try Self.verifier.verify(record: humanEval(Self.rawReplier(reply), test: Self.expectsRaise, entry: "solve"))
        #expect(verdict.reward == 0, "\(reply): \(verdict)")
    }

    /// The control: the same raw write of a well-formed reply is read (a raised ValueError).
    @Test func aWellFormedRawReplyIsRead() throws {
        let reply = "'{\"raised\":\"ValueError\",\"message\":\"m\",\"escaped\":false}'"
        let verdict = try Self.verifier.verify(record: humanEval(Self.rawReplier(reply), test: Self.expectsRaise, entry: "solve"))
        #expect(verdict.reward == 1, "\(verdict)")
    }

    /// A program that answers a negative argument by writing `reply` (a Python expression, str
    /// or bytes) as one framed message straight onto the replies pipe.
    static func rawReplier(_ reply: String) -> String {
        """
            import os
            def solve(x):
                if x < 0:
                    data = \(reply)
                    if isinstance(data, str):
                        data = data.encode('utf-8', 'surrogatepass')
                    os.write(4, len(data).to_bytes(8, 'big') + data)
                    os.read(3, 1 << 20)
                return x * x
            """
    }
}
