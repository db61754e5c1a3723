import Foundation

/// The server's counters, histograms and gauges, rendered in the Prometheus text format
/// (version 0.0.4) by `GET /metrics`.
///
/// Written by hand rather than through a metrics backend: a handful of series, one lock, no
/// dependency. Label values come from a fixed set (endpoint paths, status codes, verdict statuses),
/// so the number of series stays bounded.
public final class ServerMetrics: @unchecked Sendable {
    /// Upper bounds (seconds) of the request-latency histogram buckets.
    public static let latencyBuckets: [Double] = [
        0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30,
    ]

    private struct Histogram {
        var counts = [Int](repeating: 0, count: ServerMetrics.latencyBuckets.count)
        var sum = 0.0
        var count = 0
    }

    private let lock = NSLock()
    private var requests: [String: [Int: Int]] = [:]  // endpoint -> HTTP status -> count
    private var items: [String: Int] = [:]  // kind -> items verified
    private var verdicts: [String: [String: Int]] = [:]  // kind -> status -> count
    private var latency: [String: Histogram] = [:]  // endpoint -> histogram
    private var rejected: [String: Int] = [:]  // reason -> requests refused for load
    private let gauges: @Sendable () -> [(name: String, help: String, value: Int)]
    private let started = Date()

    /// `gauges` is read at every scrape (queue depths and the like).
    public init(gauges: @escaping @Sendable () -> [(name: String, help: String, value: Int)] = { [] }) {
        self.gauges = gauges
    }

    /// Records one answered request.
    public func recordRequest(endpoint: String, status: Int, seconds: Double) {
        lock.lock()
        defer { lock.unlock() }
        requests[endpoint, default: [:]][status, default: 0] += 1
        var h = latency[endpoint] ?? Histogram()
        if let bucket = Self.latencyBuckets.firstIndex(where: { seconds <= $0 }) { h.counts[bucket] += 1 }
        h.sum += seconds
        h.count += 1
        latency[endpoint] = h
    }

    /// Records verdicts of one kind (`math` or `code`) by status.
    public func recordVerdicts(kind: String, statuses: [String]) {
        guard !statuses.isEmpty else { return }
        var tally: [String: Int] = [:]
        for s in statuses { tally[s, default: 0] += 1 }
        lock.lock()
        defer { lock.unlock() }
        items[kind, default: 0] += statuses.count
        for (s, n) in tally { verdicts[kind, default: [:]][s, default: 0] += n }
    }

    /// Records a request refused because a queue was full or the server was stopping.
    public func recordRejected(reason: String) {
        lock.lock()
        rejected[reason, default: 0] += 1
        lock.unlock()
    }

    /// Total requests answered with `status` on `endpoint` (for tests and logs).
    public func requestCount(endpoint: String, status: Int) -> Int {
        lock.lock()
        defer { lock.unlock() }
        return requests[endpoint]?[status] ?? 0
    }

    /// The Prometheus text exposition of every series.
    public func render() -> String {
        let gaugeValues = gauges()
        lock.lock()
        defer { lock.unlock() }
        var out = ""
        func header(_ name: String, _ type: String, _ help: String) {
            out += "# HELP \(name) \(help)\n# TYPE \(name) \(type)\n"
        }
        header("score_verify_http_requests_total", "counter", "HTTP requests answered, by endpoint and status code.")
        for endpoint in requests.keys.sorted() {
            for (code, n) in requests[endpoint, default: [:]].sorted(by: { $0.key < $1.key }) {
                out += "score_verify_http_requests_total{endpoint=\"\(escape(endpoint))\",code=\"\(code)\"} \(n)\n"
            }
        }
        header("score_verify_items_total", "counter", "Items verified, by kind (math or code).")
        for kind in ["math", "code"] { out += "score_verify_items_total{kind=\"\(kind)\"} \(items[kind] ?? 0)\n" }
        header("score_verify_verdicts_total", "counter", "Verdicts, by kind and status.")
        for kind in verdicts.keys.sorted() {
            for (status, n) in verdicts[kind, default: [:]].sorted(by: { $0.key < $1.key }) {
                out += "score_verify_verdicts_total{kind=\"\(kind)\",status=\"\(escape(status))\"} \(n)\n"
            }
        }
        header("score_verify_rejected_requests_total", "counter", "Requests refused for load (queue full) or shutdown.")
        for (reason, n) in rejected.sorted(by: { $0.key < $1.key }) {
            out += "score_verify_rejected_requests_total{reason=\"\(reason)\"} \(n)\n"
        }
        header("score_verify_request_duration_seconds", "histogram", "Request latency, by endpoint.")
        for endpoint in latency.keys.sorted() {
            guard let h = latency[endpoint] else { continue }
            let label = "endpoint=\"\(escape(endpoint))\""
            var cumulative = 0
            for (i, bound) in Self.latencyBuckets.enumerated() {
                cumulative += h.counts[i]
                out += "score_verify_request_duration_seconds_bucket{\(label),le=\"\(format(bound))\"} \(cumulative)\n"
            }
            out += "score_verify_request_duration_seconds_bucket{\(label),le=\"+Inf\"} \(h.count)\n"
            out += "score_verify_request_duration_seconds_sum{\(label)} \(format(h.sum))\n"
            out += "score_verify_request_duration_seconds_count{\(label)} \(h.count)\n"
        }
        for g in gaugeValues {
            header(g.name, "gauge", g.help)
            out += "\(g.name) \(g.value)\n"
        }
        header("score_verify_uptime_seconds", "gauge", "Seconds since the server started.")
        out += "score_verify_uptime_seconds \(format(Date().timeIntervalSince(started)))\n"
        return out
    }

    private func escape(_ s: String) -> String {
        s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
            .replacingOccurrences(of: "\n", with: "\\n")
    }

    private func format(_ x: Double) -> String {
        x == x.rounded() && abs(x) < 1e15 ? String(Int64(x)) : String(x)
    }
}
