import Rewards

/// OpenRLHF's remote reward contract: `{"query": [...], "prompts": [...], "labels": [...]}` in,
/// `{"rewards": [...], "scores": [...], "extra_logs": {...}}` out, one reward per query, in order.
///
/// `extra_logs` holds only per-query numbers (OpenRLHF turns each list into a tensor):
/// `prompt_stripped` (1 when the prompt prefixed the query and was removed), `is_code`, and
/// `invalid_input`. Statuses and reasons travel beside them as string lists. Rewards are written
/// as floats (`1.0`, not `1`) so that a trainer building a tensor from them gets a float tensor.
struct GetRewardHandler: Sendable {
    let engine: RewardEngine

    /// The answer's JSON text.
    func handle(_ body: JSONObject) async throws -> [UInt8] {
        let (rewards, rest) = try await answer(body)
        var floats: [UInt8] = []
        floats.reserveCapacity(rewards.count * 4 + 2)
        floats.append(UInt8(ascii: "["))
        for (i, r) in rewards.enumerated() {
            if i > 0 { floats.append(UInt8(ascii: ",")) }
            floats.append(contentsOf: (r.isFinite ? String(r) : "0.0").utf8)
        }
        floats.append(UInt8(ascii: "]"))
        var out: [UInt8] = Array(#"{"rewards":"#.utf8) + floats + Array(#","scores":"#.utf8) + floats
        var tail: [UInt8] = []
        rest.write(to: &tail)
        if tail.count > 2 { out.append(UInt8(ascii: ",")) }
        out.append(contentsOf: tail.dropFirst())  // drop the '{' and keep the rest, '}' included
        return out
    }

    /// The rewards, and every other field of the answer.
    func answer(_ body: JSONObject) async throws -> (rewards: [Double], rest: JSONObject) {
        let options = engine.options
        guard let queryValue = body["query"] ?? body["queries"] else {
            throw APIError.badRequest("missing field 'query': a list of strings, each the prompt followed by the response")
        }
        guard case .array(let queries) = queryValue else { throw APIError.badRequest("'query' must be a list of strings") }
        guard queries.count <= options.maxItemsPerRequest else {
            throw APIError.tooLarge("\(queries.count) queries; at most \(options.maxItemsPerRequest) per request (--max-items)")
        }
        let prompts = try optionalList(body, "prompts", count: queries.count)
        guard let labelValue = body["labels"] else {
            throw APIError.badRequest("missing field 'labels': one gold answer (math) or JSON tests (code) per query")
        }
        guard case .array(let labels) = labelValue else { throw APIError.badRequest("'labels' must be a list") }
        guard labels.count == queries.count else {
            throw APIError.badRequest("'labels' has \(labels.count) items but 'query' has \(queries.count); they must match")
        }

        var items: [RewardQuery] = []
        items.reserveCapacity(queries.count)
        var stripped: [JSONValue] = []
        stripped.reserveCapacity(queries.count)
        var promptIssues = 0
        for (i, q) in queries.enumerated() {
            guard case .string(let query) = q else {
                items.append(.invalid("query[\(i)] is not a string"))
                stripped.append(0)
                continue
            }
            let prompt = prompts?[i].stringValue
            let (response, matched) = RewardQuery.response(query: query, prompt: prompt)
            if !matched { promptIssues += 1 }
            stripped.append(matched ? 1 : 0)
            items.append(RewardQuery.make(response: response, label: labels[i]))
        }

        let outcomes = try await score(items)
        var out = JSONObject()
        var logs = JSONObject()
        logs["prompt_stripped"] = .array(stripped)
        logs["is_code"] = .array(items.map { if case .code = $0 { 1 } else { 0 } })
        logs["invalid_input"] = .array(outcomes.map { $0.status == VerdictStatus.invalidInput.rawValue ? 1 : 0 })
        out["extra_logs"] = .object(logs)
        out["statuses"] = .array(outcomes.map { .string($0.status) })
        out["reasons"] = .array(outcomes.map { .string($0.reason) })
        if promptIssues > 0 {
            let why = prompts == nil ? "no 'prompts' were sent" : "the prompt did not prefix the query"
            out["note"] = .string("\(promptIssues) of \(queries.count) queries were verified whole: \(why) (see extra_logs.prompt_stripped)")
        }
        return (outcomes.map(\.reward), out)
    }

    /// Verifies math and code items concurrently and merges the outcomes back into input order.
    func score(_ items: [RewardQuery]) async throws -> [ItemOutcome] {
        var mathIndex: [Int] = [], mathRecords: [JSONObject] = []
        var codeIndex: [Int] = [], codeRecords: [JSONObject] = []
        var outcomes = [ItemOutcome?](repeating: nil, count: items.count)
        for (i, item) in items.enumerated() {
            switch item {
            case .math(let r): mathIndex.append(i); mathRecords.append(r)
            case .code(let r): codeIndex.append(i); codeRecords.append(r)
            case .invalid(let message): outcomes[i] = .invalid(message)
            }
        }
        let engine = engine
        let (math, code) = (mathRecords, codeRecords)
        async let codeOutcomes = engine.runCode(code, echo: false)
        let mathOutcomes = try await engine.verifyMath(math, echo: false)
        for (k, i) in mathIndex.enumerated() { outcomes[i] = mathOutcomes[k] }
        for (k, i) in codeIndex.enumerated() { outcomes[i] = try await codeOutcomes[k] }
        return outcomes.map { $0 ?? .invalid("internal: item was not scored") }
    }

    private func optionalList(_ body: JSONObject, _ name: String, count: Int) throws -> [JSONValue]? {
        guard let value = body[name], value != .null else { return nil }
        guard case .array(let list) = value else { throw APIError.badRequest("'\(name)' must be a list") }
        guard list.count == count else {
            throw APIError.badRequest("'\(name)' has \(list.count) items but 'query' has \(count); they must match")
        }
        return list
    }
}
