import Foundation
import Testing

@testable import TinyLM

@Suite("Checkpoints")
struct CheckpointTests {
    let directory: String = {
        let path = NSTemporaryDirectory() + "tinylm-tests-\(UInt64.random(in: 0...UInt64.max))"
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }()

    func train(_ model: Transformer, _ optimizer: AdamW, steps: Range<Int>) {
        let session = TrainingSession(model: model, maxBatchSize: 2, sequenceLength: 6)
        for s in steps {
            session.forwardBackward(randomBatch(tinyConfig, batchSize: 2, sequenceLength: 6, seed: UInt64(s)), reference: nil)
            optimizer.step()
        }
    }

    @Test func resumedTrainingIsBitIdentical() throws {
        let config = AdamWConfig(learningRate: 1e-2, warmupSteps: 2, totalSteps: 8)
        let model = Transformer(config: tinyConfig, seed: 21)
        let optimizer = AdamW(model: model, config: config)
        train(model, optimizer, steps: 0..<3)
        let path = directory + "/a.ckpt"
        try Checkpoint.save(model: model, optimizer: optimizer, step: 3, metadata: ["stage": "I"], to: path)
        train(model, optimizer, steps: 3..<6)

        let loaded = try Checkpoint.load(from: path)
        #expect(loaded.step == 3 && loaded.metadata == ["stage": "I"])
        #expect(loaded.model.config == tinyConfig)
        let resumed = try #require(loaded.optimizer)
        #expect(resumed.stepCount == 3 && resumed.config == config)
        train(loaded.model, resumed, steps: 3..<6)
        #expect(loaded.model.parameterValues() == model.parameterValues())
    }

    @Test func modelOnlyRoundTrip() throws {
        let model = Transformer(config: tinyConfig, seed: 4)
        let path = directory + "/b.ckpt"
        try Checkpoint.save(model: model, optimizer: nil, step: 0, to: path)
        let loaded = try Checkpoint.load(from: path)
        #expect(loaded.optimizer == nil)
        #expect(loaded.model.parameterValues() == model.parameterValues())
    }

    func expectError(_ kind: CheckpointError.Kind, _ bytes: [UInt8], _ name: String) {
        let path = directory + "/" + name
        #expect(FileManager.default.createFile(atPath: path, contents: Data(bytes)))
        do {
            _ = try Checkpoint.load(from: path)
            Issue.record("\(name) loaded without error")
        } catch let error as CheckpointError {
            #expect(error.kind == kind, "\(name): \(error.message)")
            #expect(error.message.contains(path))
        } catch {
            Issue.record("\(name): unexpected error \(error)")
        }
    }

    @Test func badFilesGiveClearErrors() throws {
        let model = Transformer(config: tinyConfig, seed: 4)
        let path = directory + "/c.ckpt"
        try Checkpoint.save(model: model, optimizer: AdamW(model: model, config: AdamWConfig()), step: 1, to: path)
        let good = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        expectError(.truncated, Array(good.dropLast(100)), "truncated.ckpt")
        expectError(.truncated, Array(good.prefix(20)), "short.ckpt")
        var flipped = good
        flipped[good.count / 2] ^= 0x10
        expectError(.corrupted, flipped, "flipped.ckpt")
        expectError(.corrupted, good + [0], "trailing.ckpt")
        expectError(.notACheckpoint, Array("{\"not\": \"a checkpoint\"}".utf8), "foreign.json")
        expectError(.notACheckpoint, [], "empty.ckpt")
        var future = good
        future[8] = 9
        expectError(.unsupportedVersion, future, "future.ckpt")
        do {
            _ = try Checkpoint.load(from: directory + "/missing.ckpt")
            Issue.record("missing file loaded")
        } catch let error as CheckpointError {
            #expect(error.kind == .io)
        }
    }
}
