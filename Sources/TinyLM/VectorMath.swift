/// Reductions and small vector kernels on raw pointers, eight lanes at a time.

typealias FloatPointer = UnsafeMutablePointer<Float>
typealias ConstFloatPointer = UnsafePointer<Float>

/// Sum of `x[0..<n]`.
@inline(__always)
func sum(_ x: ConstFloatPointer, _ n: Int) -> Float {
    var acc = Floats8()
    var i = 0
    while i + 8 <= n {
        acc += Floats8.load(x + i)
        i += 8
    }
    var s = acc.sum()
    while i < n {
        s += x[i]
        i += 1
    }
    return s
}

/// Sum of `a[i] * b[i]` for i < n.
@inline(__always)
func dot(_ a: ConstFloatPointer, _ b: ConstFloatPointer, _ n: Int) -> Float {
    var acc = Floats8()
    var i = 0
    while i + 8 <= n {
        acc += Floats8.load(a + i) * Floats8.load(b + i)
        i += 8
    }
    var s = acc.sum()
    while i < n {
        s += a[i] * b[i]
        i += 1
    }
    return s
}

/// Sum of `(x[i] - center)^2` for i < n.
@inline(__always)
func centeredSquares(_ x: ConstFloatPointer, _ n: Int, center: Float) -> Float {
    var acc = Floats8()
    var i = 0
    while i + 8 <= n {
        let d = Floats8.load(x + i) - center
        acc += d * d
        i += 8
    }
    var s = acc.sum()
    while i < n {
        let d = x[i] - center
        s += d * d
        i += 1
    }
    return s
}

/// Largest of `x[0..<n]` (n >= 1).
@inline(__always)
func maximum(_ x: ConstFloatPointer, _ n: Int) -> Float {
    var m = x[0]
    for i in 1..<max(n, 1) where x[i] > m { m = x[i] }
    return m
}

/// `y[i] += x[i]` for i < n.
@inline(__always)
func accumulate(_ y: FloatPointer, _ x: ConstFloatPointer, _ n: Int) {
    for i in 0..<n { y[i] += x[i] }
}

/// `y[i] = a[i] + b[i]` for i < n.
@inline(__always)
func add(_ y: FloatPointer, _ a: ConstFloatPointer, _ b: ConstFloatPointer, _ n: Int) {
    for i in 0..<n { y[i] = a[i] + b[i] }
}
