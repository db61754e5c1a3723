/// Vectorised `exp` and `tanh` for the softmax and GELU loops (a scalar libm call per element
/// would cost more than the matrix multiplies at this model size). Relative error about 1e-7.
typealias Floats8 = SIMD8<Float>

@inline(__always)
func fastExp(_ x: Floats8) -> Floats8 {
    // Clamp to the range whose result is a normal float (a select, cheaper than `clamped`).
    var x = x.replacing(with: -87, where: x .< -87)
    x.replace(with: 88, where: x .> 88)
    // x = n ln2 + r with |r| <= ln2 / 2; adding 1.5 * 2^23 rounds n to an integer in the low bits.
    let shifter = Floats8(repeating: 12_582_912)
    let shifted = x * 1.442_695_04 + shifter
    let n = shifted - shifter
    let r = x - n * 0.693_145_751_953_125 - n * 1.428_606_765_330_187e-06
    // e^r by its Taylor series to degree 7 (truncation error below 1e-8 on |r| <= 0.347).
    var p = Floats8(repeating: 1.0 / 5040)
    p = p * r + 1.0 / 720
    p = p * r + 1.0 / 120
    p = p * r + 1.0 / 24
    p = p * r + 1.0 / 6
    p = p * r + 0.5
    p = p * r + 1
    p = p * r + 1
    let exponent = (shifted.bitPattern(as: UInt32.self) &- 0x4B40_0000 &+ 127) &<< 23
    return p * Floats8(bitPattern: exponent)
}

@inline(__always)
func fastTanh(_ x: Floats8) -> Floats8 {
    // tanh|x| = (1 - e^{-2|x|}) / (1 + e^{-2|x|}), then restore the sign.
    let a = Floats8(bitPattern: x.bitPattern(as: UInt32.self) & 0x7FFF_FFFF)
    let e = fastExp(-2 * a)
    let t = (1 - e) / (1 + e)
    return t.replacing(with: -t, where: x .< 0)
}

extension SIMD8 where Scalar == Float {
    @inline(__always)
    func bitPattern(as: UInt32.Type) -> SIMD8<UInt32> {
        unsafeBitCast(self, to: SIMD8<UInt32>.self)
    }

    @inline(__always)
    init(bitPattern: SIMD8<UInt32>) {
        self = unsafeBitCast(bitPattern, to: SIMD8<Float>.self)
    }

    @inline(__always)
    static func load(_ p: UnsafePointer<Float>) -> Floats8 {
        UnsafeRawPointer(p).loadUnaligned(as: Floats8.self)
    }

    @inline(__always)
    func store(_ p: UnsafeMutablePointer<Float>) {
        UnsafeMutableRawPointer(p).storeBytes(of: self, as: Floats8.self)
    }
}

/// `x[i] = exp(x[i] - shift)` for i < count; returns the sum of the results.
@inline(__always)
func exponentiate(_ x: UnsafeMutablePointer<Float>, count: Int, shift: Float) -> Float {
    var sum = Floats8()
    var i = 0
    while i + 8 <= count {
        let e = fastExp(Floats8.load(x + i) - shift)
        e.store(x + i)
        sum += e
        i += 8
    }
    var total = sum.sum()
    if i < count {
        var tail = Floats8(repeating: -.infinity)
        for j in i..<count { tail[j - i] = x[j] }
        let e = fastExp(tail - shift)
        for j in i..<count {
            x[j] = e[j - i]
            total += e[j - i]
        }
    }
    return total
}
