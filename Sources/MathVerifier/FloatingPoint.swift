#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

// Floating point is used only to ORDER real constants (interval endpoints, the sign of a scale
// factor), never to decide equality.

@inline(__always) func realPower(_ a: Double, _ b: Double) -> Double { pow(a, b) }
@inline(__always) func naturalLog(_ a: Double) -> Double { log(a) }
