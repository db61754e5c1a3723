import CodeVerifier
import Foundation
import SandboxTestSupport
import Testing

/// The probe that decides whether the sandbox suites run: it may skip them only inside a chroot
/// whose kernel refused the jail's namespaces, never on a normal machine.
@Suite("Sandbox probe and test gate")
struct SandboxProbeTests {
    static let refusedNamespaces = "sandbox refused to start: unshare(0x7e020000): Operation not permitted (errno 1)"

    @Test func skipsOnlyForRefusedNamespacesInsideAChroot() {
        let skip = SandboxProbe(refusal: Self.refusedNamespaces, refusedLayer: "namespaces", insideChroot: true)
        #expect(SandboxTestGate.skipReason(for: skip)?.contains("chroot") == true)
        #expect(SandboxTestGate.skipReason(for: skip)?.contains("Operation not permitted") == true)
    }

    @Test func neverSkipsOutsideAChrootOrWhenUnsure() {
        for chroot in [false, nil] as [Bool?] {
            let probe = SandboxProbe(refusal: Self.refusedNamespaces, refusedLayer: "namespaces", insideChroot: chroot)
            #expect(SandboxTestGate.skipReason(for: probe) == nil, "insideChroot \(String(describing: chroot))")
        }
    }

    @Test func neverSkipsForOtherFailures() {
        let others: [SandboxProbe] = [
            SandboxProbe(refusal: nil, refusedLayer: nil, insideChroot: true),
            SandboxProbe(refusal: "score-jail not found at /x", refusedLayer: nil, insideChroot: true),
            SandboxProbe(refusal: "sandbox refused to start: mount tmpfs: Operation not permitted", refusedLayer: nil, insideChroot: true),
            SandboxProbe(refusal: "sandbox refused to start: seccomp_load failed", refusedLayer: "seccomp", insideChroot: true),
        ]
        for probe in others { #expect(SandboxTestGate.skipReason(for: probe) == nil, "\(probe)") }
    }

    @Test func chrootStateComparesDeviceAndInode() {
        #expect(SandboxProbe.chrootState(root: "/", initRoot: "/") == false)
        #expect(SandboxProbe.chrootState(root: "/", initRoot: "/usr") == true)
        #expect(SandboxProbe.chrootState(root: "/", initRoot: "/nonexistent/root") == nil)
    }

    @Test func chrootStateFromMountTables() {
        let host = """
            22 27 0:21 / /proc rw,relatime - proc proc rw
            27 1 254:0 / / rw,relatime - ext4 /dev/vda rw
            90 27 0:39 / /tmp/fresh/root rw,relatime - overlay overlay rw
            91 90 0:40 / /tmp/fresh/root/proc rw,relatime - proc proc rw
            """
        let chrootedOnAMount = """
            90 27 0:39 / / rw,relatime - overlay overlay rw
            91 90 0:40 / /proc rw,relatime - proc proc rw
            """
        let chrootedInAFolder = "91 90 0:40 / /proc rw,relatime - proc proc rw\n"
        let otherNamespace = "300 200 0:39 / / rw,relatime - tmpfs tmpfs rw\n"
        #expect(SandboxProbe.chrootState(ownMountInfo: host, initMountInfo: host) == false)
        #expect(SandboxProbe.chrootState(ownMountInfo: chrootedOnAMount, initMountInfo: host) == true)
        #expect(SandboxProbe.chrootState(ownMountInfo: chrootedInAFolder, initMountInfo: host) == true)
        #expect(SandboxProbe.chrootState(ownMountInfo: otherNamespace, initMountInfo: host) == nil)
        #expect(SandboxProbe.chrootState(ownMountInfo: chrootedOnAMount, initMountInfo: nil) == nil)
        #expect(SandboxProbe.chrootState(ownMountInfo: nil, initMountInfo: host) == nil)
    }

    /// The guarantee the skip rests on: outside a chroot the jail must start, so a broken
    /// sandbox fails here (and in every sandbox suite) instead of being skipped.
    @Test func outsideAChrootTheJailStarts() {
        let probe = SandboxTestGate.probe
        if probe.insideChroot != true {
            #expect(probe.jailStarts, "score-jail did not start outside a chroot: \(probe.refusal ?? "")")
            #expect(SandboxTestGate.sandboxAvailable)
        } else {
            #expect(probe.jailStarts == SandboxTestGate.sandboxAvailable || probe.refusedLayer != "namespaces")
        }
    }
}
