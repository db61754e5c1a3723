import CodeVerifier
import Foundation
import Testing

/// Decides, once per test process, whether the tests that run programs in score-jail can run here.
///
/// They are skipped in exactly one case: the jail cannot create its namespaces (the kernel
/// refuses unshare) AND this process is inside a chroot, where the kernel always refuses a new
/// user namespace (a clean-root check such as `fresh-check` runs there). Anywhere else (a normal
/// machine, a container, CI, or when /proc/1/root cannot be examined) they run, and a broken
/// jail fails them. The skip is announced on stderr and in each skipped test's comment.
public enum SandboxTestGate {
    /// What is skipped (Swift Testing suite names, and the Python integrations' code checks).
    public static let sandboxSuites = [
        "Code verifier formats", "Code verifier behaviour", "HumanEval problems",
        "Attacks on the sandbox and the harness", "the Python integrations' code checks",
    ]

    /// The comment every skipped test carries.
    public static let skipComment: Comment =
        "SKIPPED: score-jail cannot create namespaces inside this chroot (see the stderr banner); these tests run everywhere else"

    /// Why the sandbox tests are skipped for these facts, or nil when they must run.
    public static func skipReason(for probe: SandboxProbe) -> String? {
        guard probe.refusedLayer == "namespaces", probe.insideChroot == true else { return nil }
        return "score-jail could not create its namespaces (\(probe.refusal ?? "refused")) and this process runs "
            + "inside a chroot (its / is not the root of PID 1), where the kernel refuses new user namespaces"
    }

    /// The facts of this machine, probed once (one jail started and stopped).
    public static let probe: SandboxProbe = SandboxProbe.run()

    /// Why the sandbox tests are skipped in this process, or nil; announced on stderr once.
    public static let skipReasonHere: String? = {
        let reason = skipReason(for: probe)
        if let reason {
            announce(
                "SKIPPING the sandbox test suites: \(sandboxSuites.joined(separator: ", ")).\n"
                    + "Why: \(reason).\n"
                    + "Only a chroot gets this skip; on a normal machine or in CI these suites run and fail if the jail is broken.")
        } else if let refusal = probe.refusal {
            let where_ = probe.insideChroot == nil ? "could not tell whether this is a chroot" : "not inside a chroot"
            announce("score-jail does not start here (\(refusal)); \(where_), so the sandbox suites RUN and will fail.")
        }
        return reason
    }()

    /// True when the sandbox suites run.
    public static var sandboxAvailable: Bool { skipReasonHere == nil }

    /// Environment for the Python integration tests: tells them to skip their code checks, and why.
    public static var pythonEnvironment: [String: String] {
        skipReasonHere.map { ["SCORE_VERIFY_TESTS_SKIP_SANDBOX": $0] } ?? [:]
    }

    private static func announce(_ text: String) {
        let rule = String(repeating: "=", count: 78)
        FileHandle.standardError.write(Data("\n\(rule)\nscore-verify tests: \(text)\n\(rule)\n\n".utf8))
    }
}

extension Trait where Self == ConditionTrait {
    /// Runs the suite or test only where score-jail can build its sandbox (see `SandboxTestGate`).
    public static var needsSandbox: Self {
        .enabled(if: SandboxTestGate.sandboxAvailable, SandboxTestGate.skipComment)
    }
}
