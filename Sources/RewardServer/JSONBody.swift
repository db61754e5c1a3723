import Hummingbird
import NIOCore
import Rewards

/// Reading JSON request bodies within the server's size limit, and writing JSON responses.
enum JSONBody {
    /// Collects the body (at most `limit` bytes) and parses it as a JSON object.
    static func object(from request: Request, limit: Int) async throws -> JSONObject {
        if let declared = request.headers[.contentLength].flatMap(Int.init), declared > limit {
            throw APIError.tooLarge("request body is \(declared) bytes; the limit is \(limit) (--max-body-bytes)")
        }
        var request = request
        let buffer: ByteBuffer
        do {
            buffer = try await request.collectBody(upTo: limit)
        } catch is NIOTooManyBytesError {
            throw APIError.tooLarge("request body is larger than \(limit) bytes (--max-body-bytes)")
        }
        guard buffer.readableBytes > 0 else { throw APIError.badRequest("empty request body; expected a JSON object") }
        let text = String(buffer: buffer)
        do throws(JSONParseError) {
            return try JSONValue.parseObject(text)
        } catch {
            throw APIError.badRequest("request body is not a JSON object: \(error.description)")
        }
    }

    /// A 200 response carrying `object` as compact JSON.
    static func response(_ object: JSONObject, status: HTTPResponse.Status = .ok) -> Response {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(256)
        object.write(to: &bytes)
        return Response(
            status: status, headers: [.contentType: "application/json"],
            body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
    }
}
