import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import RewardServer
import Rewards
import Testing

/// Builds a server over the test doubles, runs `body` against it, and stops its pools.
func withServer<T>(
    _ setup: TestingSetup = .router,
    configure: (inout ServerOptions) -> Void = { _ in },
    code: (any RecordVerifier)? = FakeSandboxVerifier(),
    _ body: @Sendable (any TestClientProtocol, RewardServer) async throws -> T
) async throws -> T {
    var options = ServerOptions()
    options.host = "127.0.0.1"
    options.port = 0
    configure(&options)
    var logger = Logger(label: "reward-server-tests")
    logger.logLevel = .warning
    let server = RewardServer(options: options, verifiers: ServedVerifiers(math: EchoMathVerifier(), code: code), logger: logger)
    defer { server.shutdown() }
    return try await server.makeApplication().test(setup) { client in try await body(client, server) }
}

extension TestClientProtocol {
    /// POSTs a JSON text and returns the status, the parsed body (nil if not JSON) and the headers.
    func post(_ uri: String, _ json: String) async throws -> (status: Int, body: JSONObject?, headers: HTTPFields) {
        try await execute(uri: uri, method: .post, headers: [.contentType: "application/json"], body: ByteBuffer(string: json)) {
            ($0.status.code, try? JSONValue.parseObject(String(buffer: $0.body)), $0.headers)
        }
    }

    func post(_ uri: String, _ object: JSONObject) async throws -> (status: Int, body: JSONObject?, headers: HTTPFields) {
        try await post(uri, object.jsonText)
    }

    func get(_ uri: String) async throws -> (status: Int, text: String, headers: HTTPFields) {
        try await execute(uri: uri, method: .get) { ($0.status.code, String(buffer: $0.body), $0.headers) }
    }
}

extension JSONObject {
    /// The list at `key` as Doubles (test helper).
    func doubles(_ key: String) -> [Double] { (self[key]?.arrayValue ?? []).compactMap(\.doubleValue) }
    /// The list at `key` as Strings (test helper).
    func strings(_ key: String) -> [String] { (self[key]?.arrayValue ?? []).compactMap(\.stringValue) }
    /// The list at `key` as objects (test helper).
    func objects(_ key: String) -> [JSONObject] { (self[key]?.arrayValue ?? []).compactMap(\.objectValue) }
    /// The error message of an error answer.
    var errorMessage: String { self["error"]?.stringValue ?? "" }
}
