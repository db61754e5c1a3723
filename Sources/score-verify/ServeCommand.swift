import ArgumentParser
import CodeVerifier
import Foundation
import Logging
import MathVerifier
import RewardServer

/// `score-verify serve`: the verifiers over HTTP for OpenRLHF, verl and TRL.
struct ServeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve the math and code verifiers over HTTP (OpenRLHF, verl, TRL).",
        discussion: """
            Endpoints: POST /get_reward (OpenRLHF --remote_rm_url), POST /v1/math/verify,
            POST /v1/code/run, POST /v1/score/shape, GET /health, GET /metrics (Prometheus).
            Logs go to stderr. SIGTERM or SIGINT stops accepting connections, finishes in-flight
            requests (up to --shutdown-grace seconds) and waits for running sandboxes, then exits 0.
            Code runs use the sandbox options below (as `score-verify code`), one warm sandbox per
            --max-sandboxes; --no-code serves math only.
            """
    )

    @Option(help: "Address to bind: 127.0.0.1 for this machine only, 0.0.0.0 for every interface.")
    var host = "127.0.0.1"

    @Option(help: "TCP port (0 picks a free one; the log line 'listening on ...' names it).")
    var port = 8000

    @Option(help: "Largest request body accepted, in bytes; larger bodies get 413.")
    var maxBodyBytes = ServerOptions().maxBodyBytes

    @Option(help: "Most items (queries, records, attempts) per request; more get 413.")
    var maxItems = ServerOptions().maxItemsPerRequest

    @Option(help: "Threads for math verification (default: the number of cores).")
    var threads = ServerOptions().verifyThreads

    @Option(help: "Math items admitted (running or waiting) at once; beyond it requests get 429.")
    var maxPendingMath = ServerOptions().maxPendingMathItems

    @Option(help: "Sandboxed code runs at the same time.")
    var maxSandboxes = ServerOptions().maxConcurrentSandboxes

    @Option(help: "Code items that may wait for a sandbox; beyond it requests get 429 with Retry-After.")
    var sandboxQueue = ServerOptions().sandboxQueueCapacity

    @Option(help: "Seconds sent in Retry-After with 429 and 503 answers.")
    var retryAfter = ServerOptions().retryAfterSeconds

    @Option(help: "Seconds SIGTERM waits for in-flight requests before cancelling them.")
    var shutdownGrace = ServerOptions().shutdownGraceSeconds

    @Option(help: "Log level on stderr: trace, debug, info, notice, warning, error, critical.")
    var logLevel = "info"

    @Flag(name: .customLong("no-code"), help: "Serve math only; code items get reward 0 with a reason.")
    var noCode = false

    @OptionGroup var sandbox: SandboxOptionGroup

    func validate() throws {
        guard (0...65535).contains(port) else { throw ValidationError("--port must be in 0...65535") }
        guard maxBodyBytes > 0, maxItems > 0, threads > 0, maxPendingMath > 0, maxSandboxes > 0, sandboxQueue >= 0,
            retryAfter >= 0, shutdownGrace >= 0
        else { throw ValidationError("limits must be positive (--sandbox-queue, --retry-after and --shutdown-grace may be 0)") }
        guard Logger.Level(rawValue: logLevel) != nil else {
            throw ValidationError("--log-level must be one of trace, debug, info, notice, warning, error, critical")
        }
    }

    /// Runs the async server from this synchronous command and waits for it to stop.
    func run() throws {
        let outcome = ServeOutcome()
        let done = DispatchSemaphore(value: 0)
        let command = self
        Task.detached {
            do { try await command.serve() } catch { outcome.error = error }
            done.signal()
        }
        done.wait()
        if let error = outcome.error { throw error }
    }

    func serve() async throws {
        let level = Logger.Level(rawValue: logLevel) ?? .info
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
        let logger = Logger(label: "score-verify.serve")
        var options = ServerOptions()
        options.host = host
        options.port = port
        options.maxBodyBytes = maxBodyBytes
        options.maxItemsPerRequest = maxItems
        options.verifyThreads = threads
        options.maxPendingMathItems = maxPendingMath
        options.maxConcurrentSandboxes = maxSandboxes
        options.sandboxQueueCapacity = sandboxQueue
        options.retryAfterSeconds = retryAfter
        options.shutdownGraceSeconds = shutdownGrace
        let code: PythonCodeVerifier? = noCode ? nil : PythonCodeVerifier(options: sandbox.options(workers: maxSandboxes))
        if let code { logger.info("code runs in \(code.options.resolvedJailPath()), \(maxSandboxes) sandboxes") }
        let verifiers = ServedVerifiers(math: MathAnswerVerifier(), code: code)
        let server = RewardServer(options: options, verifiers: verifiers, logger: logger)
        try await server.run()
    }
}

/// The error a detached server task ended with, handed back to the command's thread.
private final class ServeOutcome: @unchecked Sendable {
    var error: (any Error)?
}
