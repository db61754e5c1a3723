import CodeVerifier
import Foundation
import Rewards
import SandboxTestSupport
import Testing

/// One attack program from fixtures/code/attacks and what its header says about it.
struct Attack: CustomTestStringConvertible, Sendable {
    let name: String
    let program: String
    let hostMarkers: [String]
    let port: UInt16?
    let expected: VerdictStatus?

    var testDescription: String { name }

    static func all() -> [Attack] {
        let folder = Shared.fixture("attacks")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.filter { $0.hasSuffix(".py") }.sorted().compactMap { file in
            guard let text = try? String(contentsOf: folder.appendingPathComponent(file), encoding: .utf8) else { return nil }
            var markers: [String] = []
            var port: UInt16?
            var expected: VerdictStatus?
            for line in text.split(separator: "\n") where line.hasPrefix("# ") {
                let body = line.dropFirst(2)
                if body.hasPrefix("host-marker: ") { markers.append(String(body.dropFirst(13))) }
                if body.hasPrefix("connects-to: ") { port = UInt16(body.dropFirst(13)) }
                if body.hasPrefix("expect: ") { expected = VerdictStatus(rawValue: String(body.dropFirst(8))) }
            }
            return Attack(name: String(file.dropLast(3)), program: text, hostMarkers: markers, port: port, expected: expected)
        }
    }
}

/// Every attack must get reward 0, and its effect must not be seen on the host.
@Suite("Attacks on the sandbox and the harness", .serialized, .needsSandbox)
struct AttackTests {
    /// A verifier of its own (one warm sandbox), so its processes can be counted.
    static let verifier = oneSandboxVerifier(memoryMB: 256)

    static let test = "def check(candidate):\n    assert candidate(3) == 9\n    assert candidate(12) == 144\n"

    @Test(arguments: Attack.all())
    func attackEarnsNothingAndLeavesNoTrace(_ attack: Attack) throws {
        for marker in attack.hostMarkers { try? FileManager.default.removeItem(atPath: marker) }
        let listener = attack.port.flatMap { HostProbe.Listener(port: $0) }
        if attack.port != nil { try #require(listener != nil, "could not listen on the attack's port") }

        let verdict = try Self.verifier.verify(record: humanEval(attack.program, test: Self.test, entry: "solve"))
        #expect(verdict.reward == 0, "\(attack.name): \(verdict)")
        #expect(verdict.status != .passed)
        if let expected = attack.expected { #expect(verdict.status == expected, "\(attack.name): \(verdict)") }

        for marker in attack.hostMarkers { #expect(!HostProbe.exists(marker), "\(marker) was created on the host") }
        if let listener { #expect(!listener.wasContacted, "a connection reached the host") }

        // Nothing of the job is left: the sandbox user owns only the zygote, the checker and the
        // forker (one process group) and at most one waiting spare job process (a group of its
        // own, which it leads). A survivor of the job would sit in the dead job's group, which it
        // does not lead.
        let uidText = Self.verifier.sandboxLayers["uid"]?.stringValue ?? ""
        if let hostUID = uidText.split(separator: " ").compactMap({ Int($0.filter(\.isNumber)) }).last {
            let left = HostProbe.processes(ownedBy: hostUID).map { ($0, HostProbe.processGroup(of: $0) ?? -1) }
            let groups = Dictionary(grouping: left, by: { $0.1 })
            let harness = groups.values.max(by: { $0.count < $1.count }) ?? []
            let others = left.filter { entry in !harness.contains(where: { $0.0 == entry.0 }) }
            #expect(left.count <= 4, "\(attack.name) left processes: \(left)")
            #expect(harness.count <= 3, "\(attack.name) left processes: \(left)")
            #expect(others.count <= 1 && others.allSatisfy { $0.0 == $0.1 }, "\(attack.name) left processes: \(left)")
        }

        // The verifier and its sandbox still work.
        let after = try Self.verifier.verify(record: humanEval("def solve(x):\n    return x * x\n", test: Self.test, entry: "solve"))
        #expect(after.reward == 1, "after \(attack.name): \(after)")
    }
}
