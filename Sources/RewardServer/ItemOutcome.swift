import Rewards

/// What one item of a request came to: the output object (the CLI's JSONL line, as an object)
/// and the reward, status and reason a trainer-facing answer needs.
public struct ItemOutcome: Sendable, Equatable {
    /// Echoed input fields followed by `reward`, `status`, `reason` and details (or `error`).
    public var object: JSONObject
    public var reward: Double
    public var status: String
    public var reason: String

    /// Verifies `record` with `verifier`; a record the verifier cannot read becomes reward 0 with
    /// status `invalid_input` and the verifier's message.
    public static func verify(_ record: JSONObject, with verifier: some RecordVerifier) -> ItemOutcome {
        let (object, reward, isError) = BatchRunner.outputObject(for: record, verifier: verifier)
        let status = object["status"]?.stringValue ?? VerdictStatus.invalidInput.rawValue
        let reason = (isError ? object["error"] : object["reason"])?.stringValue ?? ""
        return ItemOutcome(object: object, reward: reward, status: status, reason: reason)
    }

    /// Verifies `record` keeping only reward, status and reason (no echoed output object): the
    /// trainer-facing endpoints need nothing more, and skipping the echo saves a copy per item.
    public static func verdictOnly(_ record: JSONObject, with verifier: some RecordVerifier) -> ItemOutcome {
        do {
            let verdict = try verifier.verify(record: record)
            return ItemOutcome(object: [:], reward: verdict.reward, status: verdict.status.rawValue, reason: verdict.reason)
        } catch {
            return ItemOutcome(object: [:], reward: 0, status: VerdictStatus.invalidInput.rawValue, reason: error.message)
        }
    }

    /// An item rejected before any verifier saw it (not an object, no label, ...).
    public static func invalid(_ message: String, echo: JSONObject = [:]) -> ItemOutcome {
        var object = echo
        object["reward"] = 0
        object["status"] = .string(VerdictStatus.invalidInput.rawValue)
        object["error"] = .string(message)
        return ItemOutcome(object: object, reward: 0, status: VerdictStatus.invalidInput.rawValue, reason: message)
    }
}
