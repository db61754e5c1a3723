import Hummingbird
import Rewards

/// An HTTP error answered as `{"error": "..."}` with a status that names whose fault it is:
/// 4xx for the client's mistakes, 429/503 with `Retry-After` for load, never a 5xx for bad input.
public struct APIError: Error, HTTPResponseError, Sendable, CustomStringConvertible {
    public let status: HTTPResponse.Status
    public let message: String
    /// Seconds after which the client may retry (sent as `Retry-After`).
    public let retryAfter: Int?

    public init(_ status: HTTPResponse.Status, _ message: String, retryAfter: Int? = nil) {
        self.status = status
        self.message = message
        self.retryAfter = retryAfter
    }

    public var description: String { "\(status.code) \(message)" }

    /// The request body is not what the endpoint expects.
    public static func badRequest(_ message: String) -> APIError { APIError(.badRequest, message) }

    /// The request body or its item count is larger than this server accepts.
    public static func tooLarge(_ message: String) -> APIError { APIError(.contentTooLarge, message) }

    /// A bounded queue is full: try again later.
    public static func busy(_ message: String, retryAfter: Int) -> APIError {
        APIError(.tooManyRequests, message, retryAfter: retryAfter)
    }

    /// The server is shutting down: retry on another replica.
    public static func shuttingDown(retryAfter: Int) -> APIError {
        APIError(.serviceUnavailable, "server is shutting down", retryAfter: retryAfter)
    }

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        var headers: HTTPFields = [.contentType: "application/json"]
        if let retryAfter { headers[.retryAfter] = String(retryAfter) }
        let body: JSONObject = ["error": .string(message)]
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(string: body.jsonText)))
    }
}
