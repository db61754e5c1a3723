import Rewards

/// SCoRe's shaped rewards for T-attempt rollouts (Stage II), through `RewardShaping.shaped`.
///
/// Two forms:
/// - `{"alpha": 10, "rewards": [[r1, r2], ...]}`: raw per-attempt rewards, already known.
/// - `{"alpha": 10, "rollouts": [{"label": gold-or-tests, "responses": [attempt1, attempt2]}, ...]}`:
///   every attempt is verified here first (math or code, by its label, as in `/get_reward`).
///
/// The answer holds `shaped` (one list per rollout), and for `rollouts` also the raw `rewards`
/// and `statuses`.
struct ShapeHandler: Sendable {
    let engine: RewardEngine

    func handle(_ body: JSONObject) async throws -> JSONObject {
        guard let alphaValue = body["alpha"] else {
            throw APIError.badRequest("missing field 'alpha': the shaping weight (SCoRe uses values around 10)")
        }
        guard let alpha = alphaValue.doubleValue, alpha.isFinite else {
            throw APIError.badRequest("'alpha' must be a finite number")
        }
        var out = JSONObject()
        if let rewardsValue = body["rewards"] {
            let raw = try rawRewards(rewardsValue)
            out["shaped"] = .array(raw.map { .array(RewardShaping.shaped($0, alpha: alpha).map { .number($0) }) })
        } else if let rolloutsValue = body["rollouts"] {
            let (raw, statuses) = try await verifiedRewards(rolloutsValue)
            out["shaped"] = .array(raw.map { .array(RewardShaping.shaped($0, alpha: alpha).map { .number($0) }) })
            out["rewards"] = .array(raw.map { .array($0.map { .number($0) }) })
            out["statuses"] = .array(statuses.map { .array($0.map { .string($0) }) })
        } else {
            throw APIError.badRequest("send 'rewards' (lists of per-attempt rewards) or 'rollouts' (label + responses)")
        }
        out["alpha"] = .number(alpha)
        return out
    }

    private func checkCount(_ n: Int, _ what: String) throws {
        let limit = engine.options.maxItemsPerRequest
        guard n <= limit else { throw APIError.tooLarge("\(n) \(what); at most \(limit) per request (--max-items)") }
    }

    private func rawRewards(_ value: JSONValue) throws -> [[Double]] {
        guard case .array(let rollouts) = value else { throw APIError.badRequest("'rewards' must be a list of lists of numbers") }
        try checkCount(rollouts.reduce(0) { $0 + ($1.arrayValue?.count ?? 1) }, "attempts")
        return try rollouts.enumerated().map { i, rollout in
            guard case .array(let attempts) = rollout, !attempts.isEmpty else {
                throw APIError.badRequest("rewards[\(i)] must be a non-empty list of numbers (one per attempt)")
            }
            return try attempts.enumerated().map { t, r in
                guard let x = r.doubleValue, x.isFinite else {
                    throw APIError.badRequest("rewards[\(i)][\(t)] must be a finite number")
                }
                return x
            }
        }
    }

    private func verifiedRewards(_ value: JSONValue) async throws -> ([[Double]], [[String]]) {
        guard case .array(let rollouts) = value else { throw APIError.badRequest("'rollouts' must be a list of objects") }
        var items: [RewardQuery] = []
        var shape: [Int] = []
        for (i, rollout) in rollouts.enumerated() {
            guard case .object(let r) = rollout else { throw APIError.badRequest("rollouts[\(i)] must be an object") }
            guard case .array(let responses)? = r["responses"], !responses.isEmpty else {
                throw APIError.badRequest("rollouts[\(i)].responses must be a non-empty list of strings (one per attempt)")
            }
            guard let label = r["label"] else { throw APIError.badRequest("rollouts[\(i)] has no 'label'") }
            for (t, response) in responses.enumerated() {
                guard case .string(let text) = response else {
                    throw APIError.badRequest("rollouts[\(i)].responses[\(t)] must be a string")
                }
                items.append(RewardQuery.make(response: text, label: label))
            }
            shape.append(responses.count)
        }
        try checkCount(items.count, "attempts")
        let outcomes = try await GetRewardHandler(engine: engine).score(items)
        var raw: [[Double]] = [], statuses: [[String]] = []
        var k = 0
        for n in shape {
            raw.append(outcomes[k..<k + n].map(\.reward))
            statuses.append(outcomes[k..<k + n].map(\.status))
            k += n
        }
        return (raw, statuses)
    }
}
