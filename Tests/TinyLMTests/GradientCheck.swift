import Testing

@testable import TinyLM

/// Finite-difference helpers: central differences in Float inputs, the scalar objective summed
/// in Double, compared with the analytic gradient by relative L2 error.
enum GradientCheck {
    /// d f / d x[i] for every i by central differences with step `epsilon`.
    static func numeric(_ x: [Float], epsilon: Float = 1e-2, _ f: ([Float]) -> Double) -> [Double] {
        var x = x
        var g = [Double](repeating: 0, count: x.count)
        for i in 0..<x.count {
            let saved = x[i]
            x[i] = saved + epsilon
            let up = f(x)
            x[i] = saved - epsilon
            let down = f(x)
            x[i] = saved
            g[i] = (up - down) / (2 * Double(epsilon))
        }
        return g
    }

    /// ||analytic - numeric|| / max(||numeric||, floor).
    static func relativeError(_ analytic: [Float], _ numeric: [Double], floor: Double = 1e-4) -> Double {
        precondition(analytic.count == numeric.count)
        var diff = 0.0, norm = 0.0
        for i in 0..<analytic.count {
            diff += (Double(analytic[i]) - numeric[i]) * (Double(analytic[i]) - numeric[i])
            norm += numeric[i] * numeric[i]
        }
        return diff.squareRoot() / max(norm.squareRoot(), floor)
    }

    static func random(_ count: Int, seed: UInt64, scale: Float = 1) -> [Float] {
        var rng = SplitMix64(seed: seed)
        return (0..<count).map { _ in Float(rng.nextGaussian()) * scale }
    }

    /// sum_i a[i] * b[i] in Double.
    static func weightedSum(_ a: [Float], _ b: [Float]) -> Double {
        zip(a, b).reduce(0.0) { $0 + Double($1.0) * Double($1.1) }
    }
}
