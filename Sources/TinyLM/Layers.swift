import Foundation

/// The transformer's layers as plain forward/backward function pairs over raw buffers, in the
/// manner of llm.c. Shapes are row-major; B = batch, T = sequence, C = channels, H = heads,
/// V = vocabulary, N = B*T rows. Backward functions ACCUMULATE (+=) into parameter gradients.

// MARK: Embedding

/// out (B,T,C) = tokenEmbedding[tokens (B,T)] (V,C) + positionEmbedding[t] (maxT,C)
func encoderForward(
    out: FloatPointer, tokens: UnsafePointer<Int32>, tokenEmbedding: ConstFloatPointer,
    positionEmbedding: ConstFloatPointer, B: Int, T: Int, C: Int
) {
    for b in 0..<B {
        for t in 0..<T {
            let row = out + (b * T + t) * C
            add(row, tokenEmbedding + Int(tokens[b * T + t]) * C, positionEmbedding + t * C, C)
        }
    }
}

/// dTokenEmbedding (V,C) += and dPositionEmbedding (maxT,C) += rows of dout (B,T,C)
func encoderBackward(
    dTokenEmbedding: FloatPointer, dPositionEmbedding: FloatPointer, dout: ConstFloatPointer,
    tokens: UnsafePointer<Int32>, B: Int, T: Int, C: Int
) {
    for b in 0..<B {
        for t in 0..<T {
            let row = dout + (b * T + t) * C
            accumulate(dTokenEmbedding + Int(tokens[b * T + t]) * C, row, C)
            accumulate(dPositionEmbedding + t * C, row, C)
        }
    }
}

// MARK: LayerNorm

let layerNormEpsilon: Float = 1e-5

/// out (N,C), mean (N), rstd (N) = LayerNorm(inp (N,C)) with weight (C), bias (C)
func layerNormForward(
    out: FloatPointer, mean: FloatPointer, rstd: FloatPointer, inp: ConstFloatPointer,
    weight: ConstFloatPointer, bias: ConstFloatPointer, N: Int, C: Int
) {
    let invC = 1 / Float(C)
    for n in 0..<N {
        let x = inp + n * C
        let m = sum(x, C) * invC
        let variance = centeredSquares(x, C, center: m) * invC
        let s = 1 / (variance + layerNormEpsilon).squareRoot()
        let o = out + n * C
        for i in 0..<C { o[i] = (x[i] - m) * s * weight[i] + bias[i] }
        mean[n] = m
        rstd[n] = s
    }
}

/// dinp (N,C) +=, dweight (C) +=, dbias (C) += from dout (N,C); `scratch` holds C floats
func layerNormBackward(
    dinp: FloatPointer, dweight: FloatPointer, dbias: FloatPointer, dout: ConstFloatPointer,
    inp: ConstFloatPointer, weight: ConstFloatPointer, mean: ConstFloatPointer, rstd: ConstFloatPointer,
    scratch: FloatPointer, N: Int, C: Int
) {
    let invC = 1 / Float(C)
    let dnorm = scratch
    for n in 0..<N {
        let x = inp + n * C, dy = dout + n * C, dx = dinp + n * C
        let m = mean[n], s = rstd[n]
        var dnormSum: Float = 0, dnormDotNorm: Float = 0
        for i in 0..<C { dnorm[i] = dy[i] * weight[i] }
        dnormSum = sum(dnorm, C)
        // sum_i dnorm_i * norm_i = s * (sum_i dnorm_i x_i - m sum_i dnorm_i)
        dnormDotNorm = s * (dot(dnorm, x, C) - m * dnormSum)
        let a = dnormSum * invC, b = dnormDotNorm * invC
        for i in 0..<C {
            let norm = (x[i] - m) * s
            dx[i] += (dnorm[i] - a - norm * b) * s
            dweight[i] += dy[i] * norm
            dbias[i] += dy[i]
        }
    }
}

// MARK: Matmul

/// out (N,OC) = residual (N,OC) + inp (N,C) @ weight (OC,C)^T + bias (OC), where a nil residual
/// or bias counts as zero. `out` may be the same buffer as `residual`.
///
/// The bias (and residual) are written first and the product added by sgemm with beta = 1: one
/// pass over `out` instead of sgemm zeroing it, multiplying, and a separate bias pass.
func matmulForward(
    out: FloatPointer, inp: ConstFloatPointer, weight: ConstFloatPointer, bias: ConstFloatPointer?,
    N: Int, C: Int, OC: Int, residual: ConstFloatPointer? = nil
) {
    switch (residual, bias) {
    case (let r?, let b?):
        for n in 0..<N { add(out + n * OC, r + n * OC, b, OC) }
    case (let r?, nil):
        if UnsafePointer(out) != r { out.update(from: r, count: N * OC) }
    case (nil, let b?):
        for n in 0..<N { (out + n * OC).update(from: b, count: OC) }
    case (nil, nil):
        break
    }
    BLAS.gemm(
        transposeA: false, transposeB: true, m: N, n: OC, k: C, a: inp, lda: C, b: weight, ldb: C,
        beta: residual == nil && bias == nil ? 0 : 1, c: out, ldc: OC)
}

/// dinp (N,C) = dout (N,OC) @ weight (OC,C); dweight (OC,C) += dout^T @ inp (N,C);
/// dbias (OC) += column sums of dout
func matmulBackward(
    dinp: FloatPointer, dweight: FloatPointer, dbias: FloatPointer?, dout: ConstFloatPointer,
    inp: ConstFloatPointer, weight: ConstFloatPointer, N: Int, C: Int, OC: Int
) {
    BLAS.gemm(
        transposeA: false, transposeB: false, m: N, n: C, k: OC, a: dout, lda: OC, b: weight, ldb: C,
        beta: 0, c: dinp, ldc: C)
    BLAS.gemm(
        transposeA: true, transposeB: false, m: OC, n: C, k: N, a: dout, lda: OC, b: inp, ldb: C,
        beta: 1, c: dweight, ldc: C)
    if let dbias {
        for n in 0..<N { accumulate(dbias, dout + n * OC, OC) }
    }
}

// MARK: Causal self-attention

/// out (B,T,C) from qkv (B,T,3C) laid out [q | k | v], each split into H heads of C/H;
/// att (B,H,T,T) receives the softmax probabilities (zero above the diagonal)
func attentionForward(
    out: FloatPointer, att: FloatPointer, qkv: ConstFloatPointer, B: Int, T: Int, C: Int, H: Int
) {
    let hs = C / H
    let scale = 1 / Float(hs).squareRoot()
    for b in 0..<B {
        for h in 0..<H {
            let q = qkv + b * T * 3 * C + h * hs
            let k = q + C, v = q + 2 * C
            let a = att + (b * H + h) * T * T
            // a (T,T) = scale * q (T,hs) @ k (T,hs)^T
            BLAS.gemm(
                transposeA: false, transposeB: true, m: T, n: T, k: hs, alpha: scale, a: q, lda: 3 * C,
                b: k, ldb: 3 * C, beta: 0, c: a, ldc: T)
            for i in 0..<T {
                let row = a + i * T
                let m = maximum(row, i + 1)
                let total = exponentiate(row, count: i + 1, shift: m)
                let inv = 1 / total
                for j in 0...i { row[j] *= inv }
                for j in (i + 1)..<T { row[j] = 0 }
            }
            // out (T,hs) = a (T,T) @ v (T,hs)
            BLAS.gemm(
                transposeA: false, transposeB: false, m: T, n: hs, k: T, a: a, lda: T, b: v, ldb: 3 * C,
                beta: 0, c: out + b * T * C + h * hs, ldc: C)
        }
    }
}

/// dqkv (B,T,3C) = gradient from dout (B,T,C); `scratch` holds T*T floats
func attentionBackward(
    dqkv: FloatPointer, scratch: FloatPointer, dout: ConstFloatPointer, qkv: ConstFloatPointer,
    att: ConstFloatPointer, B: Int, T: Int, C: Int, H: Int
) {
    let hs = C / H
    let scale = 1 / Float(hs).squareRoot()
    let datt = scratch
    for b in 0..<B {
        for h in 0..<H {
            let q = qkv + b * T * 3 * C + h * hs
            let k = q + C, v = q + 2 * C
            let dq = dqkv + b * T * 3 * C + h * hs
            let dk = dq + C, dv = dq + 2 * C
            let a = att + (b * H + h) * T * T
            let dy = dout + b * T * C + h * hs
            // datt (T,T) = dy (T,hs) @ v^T ; dv (T,hs) = a^T @ dy
            BLAS.gemm(
                transposeA: false, transposeB: true, m: T, n: T, k: hs, a: dy, lda: C, b: v, ldb: 3 * C,
                beta: 0, c: datt, ldc: T)
            BLAS.gemm(
                transposeA: true, transposeB: false, m: T, n: hs, k: T, a: a, lda: T, b: dy, ldb: C,
                beta: 0, c: dv, ldc: 3 * C)
            // softmax backward, in place: dpre[i,j] = a[i,j] * (datt[i,j] - sum_k a[i,k] datt[i,k])
            for i in 0..<T {
                let ar = a + i * T, dr = datt + i * T
                let d = dot(ar, dr, i + 1)
                for j in 0...i { dr[j] = ar[j] * (dr[j] - d) }
                for j in (i + 1)..<T { dr[j] = 0 }
            }
            // dq = scale * dpre @ k ; dk = scale * dpre^T @ q
            BLAS.gemm(
                transposeA: false, transposeB: false, m: T, n: hs, k: T, alpha: scale, a: datt, lda: T,
                b: k, ldb: 3 * C, beta: 0, c: dq, ldc: 3 * C)
            BLAS.gemm(
                transposeA: true, transposeB: false, m: T, n: hs, k: T, alpha: scale, a: datt, lda: T,
                b: q, ldb: 3 * C, beta: 0, c: dk, ldc: 3 * C)
        }
    }
}

// MARK: GELU (tanh approximation)

private let geluScale: Float = 0.797_884_560_802_865_4  // sqrt(2 / pi)
private let geluCubic: Float = 0.044_715

/// out (N) = 0.5 x (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3))); tanhOut (N) keeps the tanh for backward
func geluForward(out: FloatPointer, tanhOut: FloatPointer, inp: ConstFloatPointer, N: Int) {
    // 0.5 (1 + tanh u) = 1 / (1 + e^{-2u}): one exp and one division per element.
    @inline(__always) func kernel(_ x: Floats8) -> (gelu: Floats8, tanh: Floats8) {
        let u = geluScale * (x + geluCubic * x * x * x)
        let half = 1 / (1 + fastExp(-2 * u))
        return (x * half, 2 * half - 1)
    }
    var i = 0
    while i + 8 <= N {
        let r = kernel(Floats8.load(inp + i))
        r.tanh.store(tanhOut + i)
        r.gelu.store(out + i)
        i += 8
    }
    if i < N {
        var x = Floats8()
        for j in i..<N { x[j - i] = inp[j] }
        let r = kernel(x)
        for j in i..<N {
            tanhOut[j] = r.tanh[j - i]
            out[j] = r.gelu[j - i]
        }
    }
}

/// dinp (N) = dout (N) * gelu'(inp); dinp may be the same buffer as dout
func geluBackward(dinp: FloatPointer, inp: ConstFloatPointer, tanhSaved: ConstFloatPointer, dout: ConstFloatPointer, N: Int) {
    for i in 0..<N {
        let x = inp[i], t = tanhSaved[i]
        let local = 0.5 * (1 + t) + 0.5 * x * (1 - t * t) * geluScale * (1 + 3 * geluCubic * x * x)
        dinp[i] = dout[i] * local
    }
}

// MARK: Output distribution

/// logProbs (V) = log softmax(logits (V)); returns nothing, writes in place of `logProbs`
@inline(__always)
func logSoftmax(logProbs: FloatPointer, logits: ConstFloatPointer, V: Int) {
    let m = maximum(logits, V)
    for j in 0..<V { logProbs[j] = logits[j] }
    let total = exponentiate(logProbs, count: V, shift: m)
    let logZ = m + log(total)
    for j in 0..<V { logProbs[j] = logits[j] - logZ }
}
