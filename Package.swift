// swift-tools-version: 6.0
// score-verify: exact, fast, ungameable rewards for RL trainers.
import Foundation
import PackageDescription

// TinyLM's own loops (GELU, LayerNorm, softmax, AdamW) are compiled for AVX2 + FMA on x86-64:
// measured about 10% more training tokens/s. Set TINYLM_PORTABLE=1 when building for a CPU
// without AVX2 (anything older than Intel Haswell / AMD Excavator).
#if arch(x86_64)
    let tinyLMSwiftSettings: [SwiftSetting] =
        ProcessInfo.processInfo.environment["TINYLM_PORTABLE"] == nil ? [.unsafeFlags(["-target-cpu", "haswell"])] : []
#else
    let tinyLMSwiftSettings: [SwiftSetting] = []
#endif

let package = Package(
    name: "score-verify",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "score-verify", targets: ["score-verify"]),
        .executable(name: "score-jail", targets: ["score-jail"]),
        .library(name: "Rewards", targets: ["Rewards"]),
        .library(name: "MathVerifier", targets: ["MathVerifier"]),
        .library(name: "CodeVerifier", targets: ["CodeVerifier"]),
        .library(name: "TinyLM", targets: ["TinyLM"]),
        .library(name: "ScoreTrainer", targets: ["ScoreTrainer"]),
        .library(name: "RewardServer", targets: ["RewardServer"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
    ],
    targets: [
        // MARK: C libraries (system packages, found through pkg-config)
        .systemLibrary(name: "CGMP", pkgConfig: "gmp", providers: [.apt(["libgmp-dev"])]),
        .systemLibrary(name: "CSeccomp", pkgConfig: "libseccomp", providers: [.apt(["libseccomp-dev"])]),
        .systemLibrary(name: "COpenBLAS", pkgConfig: "openblas", providers: [.apt(["libopenblas-dev"])]),
        .systemLibrary(name: "CSandboxSys"),

        // MARK: Shared reward vocabulary
        .target(name: "Rewards"),

        // MARK: Verifiers
        .target(name: "MathVerifier", dependencies: ["Rewards", "CGMP"]),
        .target(name: "CodeVerifier", dependencies: ["Rewards", "CSandboxSys"]),
        .executableTarget(
            name: "score-jail", dependencies: ["CSeccomp", "CSandboxSys"], path: "sandbox",
            exclude: ["README.md"], sources: ["jail"], resources: [.copy("harness"), .copy("policy")]
        ),

        // MARK: Training
        .target(name: "TinyLM", dependencies: ["COpenBLAS"], swiftSettings: tinyLMSwiftSettings),
        .target(name: "ScoreTrainer", dependencies: ["Rewards", "MathVerifier", "TinyLM"]),

        // MARK: Serving (the only targets that pay Hummingbird's build time)
        .target(
            name: "RewardServer",
            dependencies: [
                "Rewards",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),

        // MARK: The CLI
        .executableTarget(
            name: "score-verify",
            dependencies: [
                "Rewards", "MathVerifier", "CodeVerifier", "TinyLM", "ScoreTrainer", "RewardServer",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),

        // MARK: Tests
        .testTarget(name: "RewardsTests", dependencies: ["Rewards"]),
        .testTarget(name: "MathVerifierTests", dependencies: ["MathVerifier", "Rewards"]),
        .testTarget(name: "TinyLMTests", dependencies: ["TinyLM"]),
        // Decides once whether the sandbox suites can run here (skipped only inside a chroot that
        // refuses namespaces); shared by every test target that runs programs in score-jail.
        .target(name: "SandboxTestSupport", dependencies: ["CodeVerifier"], path: "Tests/SandboxTestSupport"),
        .testTarget(name: "CodeVerifierTests", dependencies: ["CodeVerifier", "Rewards", "SandboxTestSupport", "score-jail"]),
        .testTarget(name: "ScoreTrainerTests", dependencies: ["ScoreTrainer", "Rewards"]),
        .testTarget(
            name: "RewardServerTests",
            dependencies: [
                "Rewards", "RewardServer", "SandboxTestSupport", "score-jail",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
            ]
        ),
    ],
    swiftLanguageModes: [.v6]
)
