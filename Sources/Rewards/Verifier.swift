/// A verifier decides whether a response is right for a task. Implementations are value types or
/// immutable classes, safe to call from many threads at once.
public protocol Verifier: Sendable {
    /// What the response is checked against (a gold answer, a set of tests).
    associatedtype Task: Sendable
    /// Decides one response. Never throws for a wrong or malformed response: that is a verdict.
    func verify(_ task: Task, response: String) -> Verdict
}

/// A verifier that reads its task and response from a JSON record, as the CLI's JSONL batches and
/// the HTTP server deliver them.
public protocol RecordVerifier: Sendable {
    /// Input fields not echoed back in the output line (large or sensitive payloads such as code).
    var withheldFields: Set<String> { get }
    /// Decides one record; throws `InvalidRecord` when the record lacks what the verifier needs.
    func verify(record: JSONObject) throws(InvalidRecord) -> Verdict
}

extension RecordVerifier {
    public var withheldFields: Set<String> { [] }
}

/// A record that a verifier cannot read: a missing or mistyped field.
public struct InvalidRecord: Error, Sendable, Equatable, CustomStringConvertible {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

extension JSONObject {
    /// The string at the first of `names` that is present; throws if none is, or it is not a string.
    public func requireString(_ names: String...) throws(InvalidRecord) -> String {
        for name in names {
            guard let value = self[name] else { continue }
            switch value {
            case .string(let s): return s
            case .integer(let i): return String(i)  // a gold answer given as a JSON number
            case .number(let d): return String(d)
            default: throw InvalidRecord("field '\(name)' must be a string")
            }
        }
        let list = names.map { "'\($0)'" }.joined(separator: " or ")
        throw InvalidRecord("missing field \(list)")
    }
}
