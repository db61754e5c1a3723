import Hummingbird
import Logging
import Rewards

/// Wraps every request: turns any error into a JSON answer (`APIError`'s status, 404 for unknown
/// paths, 500 only for the server's own faults), records the request in the metrics, and logs it.
struct ObservingMiddleware<Context: RequestContext>: RouterMiddleware {
    let metrics: ServerMetrics
    let knownPaths: Set<String>

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response)
        async throws -> Response
    {
        let start = ContinuousClock.now
        let path = request.uri.path
        let endpoint = knownPaths.contains(path) ? path : "other"
        var response: Response
        do {
            response = try await next(request, context)
        } catch let error as APIError {
            response = try error.response(from: request, context: context)
            if error.status.code >= 500 || error.status == .tooManyRequests {
                context.logger.warning("\(request.method) \(path): \(error.status.code) \(error.message)")
            }
        } catch let error as HTTPError {
            let message = error.body ?? (error.status == .notFound ? "no such endpoint: \(request.method) \(path)" : error.status.reasonPhrase)
            response = try APIError(error.status, message).response(from: request, context: context)
        } catch let error as any HTTPResponseError {
            response = try APIError(error.status, "\(error.status.reasonPhrase)").response(from: request, context: context)
        } catch {
            context.logger.error("\(request.method) \(path): internal error: \(error)")
            response = try APIError(.internalServerError, "internal error: \(error)").response(from: request, context: context)
        }
        let seconds = (ContinuousClock.now - start).secondsDouble
        metrics.recordRequest(endpoint: endpoint, status: response.status.code, seconds: seconds)
        context.logger.debug("\(request.method) \(path) -> \(response.status.code) in \(Int(seconds * 1e6)) us")
        return response
    }
}

extension Duration {
    var secondsDouble: Double {
        let c = components
        return Double(c.seconds) + Double(c.attoseconds) * 1e-18
    }
}
