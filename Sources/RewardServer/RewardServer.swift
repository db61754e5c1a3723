import Hummingbird
import Logging
import NIOCore
import Rewards
import ServiceLifecycle

/// The reward server: score-verify's verifiers over HTTP, in the shapes OpenRLHF, verl and TRL
/// expect.
///
///     let server = RewardServer(options: options, verifiers: verifiers, logger: logger)
///     try await server.run()  // until SIGTERM or SIGINT
///
/// Endpoints: `POST /get_reward` (OpenRLHF), `POST /v1/math/verify`, `POST /v1/code/run`,
/// `POST /v1/score/shape`, `GET /health`, `GET /metrics`.
public struct RewardServer: Sendable {
    /// Every path the server answers.
    public static let endpoints: [(method: HTTPRequest.Method, path: String)] = [
        (.post, "/get_reward"), (.post, "/v1/math/verify"), (.post, "/v1/code/run"), (.post, "/v1/score/shape"),
        (.get, "/health"), (.get, "/metrics"),
    ]

    public let engine: RewardEngine
    public let logger: Logger

    public init(options: ServerOptions, verifiers: ServedVerifiers, logger: Logger) {
        engine = RewardEngine(options: options, verifiers: verifiers)
        self.logger = logger
    }

    /// The options the server was started with.
    public var options: ServerOptions { engine.options }

    /// The router with every endpoint; `Application` serves it.
    public func makeRouter() -> Router<BasicRequestContext> {
        let router = Router(context: BasicRequestContext.self)
        router.middlewares.add(
            ObservingMiddleware(metrics: engine.metrics, knownPaths: Set(Self.endpoints.map(\.path))))
        let engine = engine
        let limit = options.maxBodyBytes
        let getReward = GetRewardHandler(engine: engine)
        router.post("/get_reward") { request, _ -> Response in
            let body = try await JSONBody.object(from: request, limit: limit)
            let bytes = try await getReward.handle(body)
            return Response(
                status: .ok, headers: [.contentType: "application/json"],
                body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
        }
        let math = BatchHandler(engine: engine, kind: .math)
        router.post("/v1/math/verify") { request, _ -> Response in
            JSONBody.response(try await math.handle(try await JSONBody.object(from: request, limit: limit)))
        }
        let code = BatchHandler(engine: engine, kind: .code)
        router.post("/v1/code/run") { request, _ -> Response in
            JSONBody.response(try await code.handle(try await JSONBody.object(from: request, limit: limit)))
        }
        let shape = ShapeHandler(engine: engine)
        router.post("/v1/score/shape") { request, _ -> Response in
            JSONBody.response(try await shape.handle(try await JSONBody.object(from: request, limit: limit)))
        }
        router.get("/health") { _, _ -> Response in
            let draining = engine.isDraining
            let body: JSONObject = [
                "status": .string(draining ? "draining" : "ok"),
                "math": true,
                "code": .bool(engine.verifiers.code != nil),
            ]
            return JSONBody.response(body, status: draining ? .serviceUnavailable : .ok)
        }
        router.get("/metrics") { _, _ -> Response in
            Response(
                status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                body: .init(byteBuffer: ByteBuffer(string: engine.metrics.render())))
        }
        // A known path asked with the wrong method gets 405 and the method it takes.
        for (method, path) in Self.endpoints {
            let other: HTTPRequest.Method = method == .post ? .get : .post
            router.on(RouterPath(path), method: other) { request, _ -> Response in
                throw APIError(.methodNotAllowed, "\(request.method) \(path) is not supported; use \(method)")
            }
        }
        return router
    }

    /// The Hummingbird application (without signal handling), for tests and for `run()`.
    /// `onListening` receives the bound host and port once the socket is open.
    public func makeApplication(
        onListening: @escaping @Sendable (String, Int) async -> Void = { _, _ in }
    ) -> some ApplicationProtocol {
        let host = options.host
        let logger = logger
        return Application(
            router: makeRouter(),
            configuration: .init(address: .hostname(host, port: options.port), serverName: "score-verify"),
            onServerRunning: { channel in
                let port = channel.localAddress?.port ?? -1
                logger.info("listening on http://\(host):\(port)")
                await onListening(host, port)
            },
            logger: logger
        )
    }

    /// Serves until SIGTERM or SIGINT, then shuts down gracefully: stops accepting connections,
    /// finishes in-flight requests (at most `shutdownGraceSeconds`, then cancels them), and waits
    /// for every running sandbox to finish before returning.
    public func run(onListening: @escaping @Sendable (String, Int) async -> Void = { _, _ in }) async throws {
        // Services shut down in reverse order: first the drain flag, then the HTTP server.
        var configuration = ServiceGroupConfiguration(
            services: [makeApplication(onListening: onListening), DrainOnShutdown(engine: engine)],
            gracefulShutdownSignals: [.sigterm, .sigint],
            logger: logger)
        configuration.maximumGracefulShutdownDuration = .seconds(options.shutdownGraceSeconds)
        configuration.maximumCancellationDuration = .seconds(options.shutdownGraceSeconds)
        let group = ServiceGroup(configuration: configuration)
        defer {
            engine.shutdown()
            logger.info("stopped; no verification or sandbox is running")
        }
        try await group.run()
    }

    /// Stops the worker pools (for servers built with `makeApplication` and run by a test).
    public func shutdown() { engine.shutdown() }
}

/// A service that marks the engine as draining when graceful shutdown begins, so `/health`
/// answers 503 and new code runs are refused while in-flight requests finish.
struct DrainOnShutdown: Service {
    let engine: RewardEngine

    func run() async throws {
        try? await gracefulShutdown()
        engine.beginDraining()
    }
}
