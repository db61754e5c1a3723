import Foundation

/// Why a checkpoint could not be written or read.
public struct CheckpointError: Error, CustomStringConvertible, Equatable {
    public enum Kind: Sendable, Equatable {
        case io, notACheckpoint, unsupportedVersion, truncated, corrupted, malformedHeader
    }
    public let kind: Kind
    public let message: String
    public var description: String { message }
}

/// The versioned binary checkpoint format of a `Transformer` and, optionally, its `AdamW` state.
///
/// Layout (little-endian): magic `TINYLMCK` (8 bytes), format version (UInt32), header length
/// (UInt32), header (JSON: config, step, metadata, parameter count, optimizer config and step
/// count), parameters (Float32 x count), then the optimizer's first and second moments when
/// present, then an FNV-1a 64 checksum (UInt64) of every preceding byte.
public enum Checkpoint {
    /// The format version this build writes and reads.
    public static let formatVersion: UInt32 = 1
    static let magic = Array("TINYLMCK".utf8)

    struct Header: Codable {
        var config: TransformerConfig
        var step: Int
        var metadata: [String: String]
        var parameterCount: Int
        var optimizer: OptimizerHeader?
    }

    struct OptimizerHeader: Codable {
        var config: AdamWConfig
        var stepCount: Int
    }

    /// Writes `model` (and the optimizer's moments and step count when given) to `path`
    /// atomically (a temporary file renamed into place).
    public static func save(
        model: Transformer, optimizer: AdamW?, step: Int, metadata: [String: String] = [:], to path: String
    ) throws {
        if let optimizer, optimizer.model !== model {
            throw CheckpointError(kind: .io, message: "checkpoint: the optimizer belongs to a different model")
        }
        let header = Header(
            config: model.config, step: step, metadata: metadata, parameterCount: model.parameterCount,
            optimizer: optimizer.map { OptimizerHeader(config: $0.config, stepCount: $0.stepCount) })
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let headerBytes = try encoder.encode(header)
        let count = model.parameterCount
        var data = Data()
        data.reserveCapacity(24 + headerBytes.count + count * 4 * (optimizer == nil ? 1 : 3) + 8)
        data.append(contentsOf: magic)
        append(formatVersion, to: &data)
        append(UInt32(headerBytes.count), to: &data)
        data.append(headerBytes)
        append(floats: model.parameters, count: count, to: &data)
        if let optimizer {
            append(floats: optimizer.firstMoment, count: count, to: &data)
            append(floats: optimizer.secondMoment, count: count, to: &data)
        }
        let checksum = fnv1a(data)
        append(checksum, to: &data)
        do {
            try data.write(to: URL(fileURLWithPath: path), options: .atomic)
        } catch {
            throw CheckpointError(kind: .io, message: "checkpoint: cannot write \(path): \(error.localizedDescription)")
        }
    }

    /// Reads a checkpoint written by `save`. The optimizer is nil when none was saved.
    public static func load(from path: String) throws -> (
        model: Transformer, optimizer: AdamW?, step: Int, metadata: [String: String]
    ) {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw CheckpointError(kind: .io, message: "checkpoint: cannot read \(path): \(error.localizedDescription)")
        }
        return try decode(data, path: path)
    }

    static func decode(_ data: Data, path: String) throws -> (
        model: Transformer, optimizer: AdamW?, step: Int, metadata: [String: String]
    ) {
        let bytes = [UInt8](data)
        guard bytes.count >= magic.count, Array(bytes[0..<magic.count]) == magic else {
            throw CheckpointError(kind: .notACheckpoint, message: "\(path) is not a TinyLM checkpoint (wrong magic bytes)")
        }
        guard bytes.count >= 16 else {
            throw CheckpointError(kind: .truncated, message: "\(path) is truncated (\(bytes.count) bytes, header missing)")
        }
        let version = readUInt32(bytes, at: 8)
        guard version == formatVersion else {
            throw CheckpointError(
                kind: .unsupportedVersion,
                message: "\(path) has checkpoint format version \(version); this build reads version \(formatVersion)")
        }
        let headerLength = Int(readUInt32(bytes, at: 12))
        guard bytes.count >= 16 + headerLength + 8 else {
            throw CheckpointError(kind: .truncated, message: "\(path) is truncated (\(bytes.count) bytes, header cut)")
        }
        let header: Header
        do {
            header = try JSONDecoder().decode(Header.self, from: Data(bytes[16..<(16 + headerLength)]))
        } catch {
            throw CheckpointError(kind: .malformedHeader, message: "\(path) has an unreadable header: \(error)")
        }
        if let problem = header.config.problem {
            throw CheckpointError(kind: .malformedHeader, message: "\(path) has an invalid config: \(problem)")
        }
        let count = header.parameterCount
        guard count == ParameterLayout(header.config).count else {
            throw CheckpointError(
                kind: .malformedHeader, message: "\(path) says \(count) parameters but its config needs \(ParameterLayout(header.config).count)")
        }
        let arrays = header.optimizer == nil ? 1 : 3
        let expected = 16 + headerLength + count * 4 * arrays + 8
        guard bytes.count >= expected else {
            throw CheckpointError(kind: .truncated, message: "\(path) is truncated (\(bytes.count) of \(expected) bytes)")
        }
        guard bytes.count == expected else {
            throw CheckpointError(
                kind: .corrupted, message: "\(path) has \(bytes.count - expected) unexpected trailing bytes")
        }
        let stored = readUInt64(bytes, at: expected - 8)
        let computed = bytes.withUnsafeBufferPointer { fnv1a(UnsafeRawBufferPointer(rebasing: UnsafeRawBufferPointer($0)[0..<(expected - 8)])) }
        guard stored == computed else {
            throw CheckpointError(kind: .corrupted, message: "\(path) is corrupted (checksum mismatch)")
        }
        let model = Transformer(config: header.config, seed: 0)
        var offset = 16 + headerLength
        read(floats: model.parameters, count: count, from: bytes, at: &offset)
        var optimizer: AdamW? = nil
        if let state = header.optimizer {
            let adam = AdamW(model: model, config: state.config)
            adam.stepCount = state.stepCount
            read(floats: adam.firstMoment, count: count, from: bytes, at: &offset)
            read(floats: adam.secondMoment, count: count, from: bytes, at: &offset)
            optimizer = adam
        }
        return (model, optimizer, header.step, header.metadata)
    }

    // MARK: Encoding helpers

    private static func append<I: FixedWidthInteger>(_ value: I, to data: inout Data) {
        withUnsafeBytes(of: value.littleEndian) { data.append(contentsOf: $0) }
    }

    private static func append(floats: FloatPointer, count: Int, to data: inout Data) {
        #if _endian(little)
            data.append(UnsafeBufferPointer(start: floats, count: count))
        #else
            for i in 0..<count { append(floats[i].bitPattern, to: &data) }
        #endif
    }

    private static func read(floats: FloatPointer, count: Int, from bytes: [UInt8], at offset: inout Int) {
        for i in 0..<count {
            floats[i] = Float(bitPattern: readUInt32(bytes, at: offset + 4 * i))
        }
        offset += 4 * count
    }

    private static func readUInt32(_ bytes: [UInt8], at i: Int) -> UInt32 {
        UInt32(bytes[i]) | UInt32(bytes[i + 1]) << 8 | UInt32(bytes[i + 2]) << 16 | UInt32(bytes[i + 3]) << 24
    }

    private static func readUInt64(_ bytes: [UInt8], at i: Int) -> UInt64 {
        UInt64(readUInt32(bytes, at: i)) | UInt64(readUInt32(bytes, at: i + 4)) << 32
    }

    static func fnv1a(_ data: Data) -> UInt64 {
        data.withUnsafeBytes { fnv1a($0) }
    }

    static func fnv1a(_ bytes: UnsafeRawBufferPointer) -> UInt64 {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for b in bytes {
            hash ^= UInt64(b)
            hash &*= 0x100_0000_01B3
        }
        return hash
    }
}
