import Rewards

/// The native batch API (`/v1/math/verify`, `/v1/code/run`): `{"items": [record, ...]}` in,
/// `{"results": [...]}` out, one result per item, in order, each with the same fields as the
/// CLI's JSONL output line for that record.
struct BatchHandler: Sendable {
    enum Kind: String, Sendable { case math, code }

    let engine: RewardEngine
    let kind: Kind

    func handle(_ body: JSONObject) async throws -> JSONObject {
        guard let itemsValue = body["items"] else {
            throw APIError.badRequest("missing field 'items': a list of \(kind.rawValue) records (JSON objects)")
        }
        guard case .array(let items) = itemsValue else { throw APIError.badRequest("'items' must be a list of JSON objects") }
        let limit = engine.options.maxItemsPerRequest
        guard items.count <= limit else {
            throw APIError.tooLarge("\(items.count) items; at most \(limit) per request (--max-items)")
        }
        var outcomes = [ItemOutcome?](repeating: nil, count: items.count)
        var index: [Int] = [], records: [JSONObject] = []
        for (i, item) in items.enumerated() {
            if case .object(let record) = item {
                index.append(i)
                records.append(record)
            } else {
                outcomes[i] = .invalid("items[\(i)] is not a JSON object")
            }
        }
        let verified = try await kind == .math ? engine.verifyMath(records) : engine.runCode(records)
        for (k, i) in index.enumerated() { outcomes[i] = verified[k] }
        let results = outcomes.map { $0 ?? .invalid("internal: item was not verified") }
        var out = JSONObject()
        out["results"] = .array(results.map { .object($0.object) })
        out["count"] = .integer(Int64(results.count))
        out["reward_sum"] = .number(results.reduce(0) { $0 + $1.reward })
        return out
    }
}
