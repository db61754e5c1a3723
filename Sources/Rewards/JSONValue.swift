/// A JSON value: the data that crosses every boundary of score-verify (JSONL batches, HTTP bodies,
/// verdict details).
///
/// Objects keep their keys in insertion order so that echoed input fields come back in the order
/// the caller wrote them.
public enum JSONValue: Sendable, Equatable {
    case null
    case bool(Bool)
    case number(Double)
    /// An integer that fits in 64 bits, kept exact (ids, counts).
    case integer(Int64)
    case string(String)
    case array([JSONValue])
    case object(JSONObject)

    /// The string payload, or nil for any other kind.
    public var stringValue: String? {
        if case .string(let s) = self { return s }
        return nil
    }

    /// The numeric payload as a Double (integers converted), or nil.
    public var doubleValue: Double? {
        switch self {
        case .number(let d): return d
        case .integer(let i): return Double(i)
        default: return nil
        }
    }

    /// The integer payload (a Double with no fraction is accepted), or nil.
    public var intValue: Int? {
        switch self {
        case .integer(let i): return Int(exactly: i)
        case .number(let d): return Int(exactly: d)
        default: return nil
        }
    }

    /// The boolean payload, or nil.
    public var boolValue: Bool? {
        if case .bool(let b) = self { return b }
        return nil
    }

    /// The array payload, or nil.
    public var arrayValue: [JSONValue]? {
        if case .array(let a) = self { return a }
        return nil
    }

    /// The object payload, or nil.
    public var objectValue: JSONObject? {
        if case .object(let o) = self { return o }
        return nil
    }
}

extension JSONValue: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByBooleanLiteral,
    ExpressibleByFloatLiteral, ExpressibleByNilLiteral, ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral
{
    public init(stringLiteral value: String) { self = .string(value) }
    public init(integerLiteral value: Int64) { self = .integer(value) }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(floatLiteral value: Double) { self = .number(value) }
    public init(nilLiteral: ()) { self = .null }
    public init(arrayLiteral elements: JSONValue...) { self = .array(elements) }
    public init(dictionaryLiteral elements: (String, JSONValue)...) {
        var o = JSONObject()
        for (k, v) in elements { o[k] = v }
        self = .object(o)
    }
}

/// A JSON object whose keys keep insertion order. Setting an existing key replaces its value in place.
///
/// Fields live in one array in insertion order. Small objects (the common case: records, verdicts)
/// are searched linearly, which costs no hashing; objects above `indexThreshold` fields also keep a
/// key-to-position index, so lookups stay O(1) on large inputs.
public struct JSONObject: Sendable, Equatable, Sequence, ExpressibleByDictionaryLiteral {
    public typealias Element = (key: String, value: JSONValue)

    private var entries: [Element] = []
    /// Key to position in `entries`; present only when there are more than `indexThreshold` fields.
    private var index: [String: Int]? = nil
    private static let indexThreshold = 32

    public init() {}

    public init(dictionaryLiteral elements: (String, JSONValue)...) {
        entries.reserveCapacity(elements.count)
        for (k, v) in elements { self[k] = v }
    }

    /// Reserves room for `n` fields (avoids regrowth while a known number of fields is added).
    public mutating func reserveCapacity(_ n: Int) {
        entries.reserveCapacity(n)
    }

    /// The field names in order.
    public var keys: [String] { entries.map(\.key) }
    public var count: Int { entries.count }
    public var isEmpty: Bool { entries.isEmpty }

    /// The position of `key` in `entries`, or nil.
    private func position(of key: String) -> Int? {
        if let index { return index[key] }
        // String `==` (canonical equivalence), the same key equality a Dictionary uses.
        let length = key.utf8.count
        for i in entries.indices where entries[i].key.utf8.count == length && entries[i].key == key { return i }
        return nil
    }

    /// Reads or writes a field; writing nil removes the field.
    public subscript(key: String) -> JSONValue? {
        get {
            guard let i = position(of: key) else { return nil }
            return entries[i].value
        }
        set {
            if let newValue {
                if let i = position(of: key) {
                    entries[i].value = newValue
                } else {
                    entries.append((key, newValue))
                    if index != nil {
                        index![key] = entries.count - 1
                    } else if entries.count > JSONObject.indexThreshold {
                        rebuildIndex()
                    }
                }
            } else if let i = position(of: key) {
                entries.remove(at: i)
                if index != nil { rebuildIndex() }
            }
        }
    }

    /// Adds a field the caller knows is not there yet, without searching for it: for building a
    /// fresh object from distinct, fixed keys (verdict details). A key already present is a
    /// programming error, caught in debug builds.
    public mutating func append(newKey key: String, _ value: JSONValue) {
        assert(position(of: key) == nil, "append(newKey:) with a key already present: \(key)")
        entries.append((key, value))
        if index != nil {
            index![key] = entries.count - 1
        } else if entries.count > JSONObject.indexThreshold {
            rebuildIndex()
        }
    }

    private mutating func rebuildIndex() {
        var d = [String: Int](minimumCapacity: entries.count * 2)
        for (i, e) in entries.enumerated() { d[e.key] = i }
        index = d
    }

    public func makeIterator() -> IndexingIterator<[Element]> {
        entries.makeIterator()
    }

    /// Equal when both have the same fields with equal values, in any order.
    public static func == (lhs: JSONObject, rhs: JSONObject) -> Bool {
        guard lhs.count == rhs.count else { return false }
        for (k, v) in lhs.entries {
            guard let w = rhs[k], w == v else { return false }
        }
        return true
    }
}
