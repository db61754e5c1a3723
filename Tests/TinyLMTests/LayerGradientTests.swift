import Foundation
import Testing

@testable import TinyLM

/// Every layer's backward function against finite differences of its forward function, with the
/// scalar objective sum(out * R) for a fixed random R.
@Suite("Layer gradients")
struct LayerGradientTests {
    @Test func layerNorm() {
        let N = 3, C = 12
        let inp = GradientCheck.random(N * C, seed: 1, scale: 2)
        let weight = GradientCheck.random(C, seed: 2).map { 1 + 0.3 * $0 }
        let bias = GradientCheck.random(C, seed: 3, scale: 0.3)
        let r = GradientCheck.random(N * C, seed: 4)
        func forward(_ inp: [Float], _ weight: [Float], _ bias: [Float]) -> (out: [Float], mean: [Float], rstd: [Float]) {
            var out = [Float](repeating: 0, count: N * C), mean = [Float](repeating: 0, count: N)
            var rstd = [Float](repeating: 0, count: N)
            layerNormForward(out: &out, mean: &mean, rstd: &rstd, inp: inp, weight: weight, bias: bias, N: N, C: C)
            return (out, mean, rstd)
        }
        let f = forward(inp, weight, bias)
        var dinp = [Float](repeating: 0, count: N * C), dweight = [Float](repeating: 0, count: C)
        var dbias = [Float](repeating: 0, count: C), scratch = [Float](repeating: 0, count: C)
        layerNormBackward(
            dinp: &dinp, dweight: &dweight, dbias: &dbias, dout: r, inp: inp, weight: weight, mean: f.mean, rstd: f.rstd,
            scratch: &scratch, N: N, C: C)
        let nInp = GradientCheck.numeric(inp, epsilon: 1e-2) { GradientCheck.weightedSum(forward($0, weight, bias).out, r) }
        let nWeight = GradientCheck.numeric(weight) { GradientCheck.weightedSum(forward(inp, $0, bias).out, r) }
        let nBias = GradientCheck.numeric(bias) { GradientCheck.weightedSum(forward(inp, weight, $0).out, r) }
        #expect(GradientCheck.relativeError(dinp, nInp) < 1e-2)
        #expect(GradientCheck.relativeError(dweight, nWeight) < 1e-2)
        #expect(GradientCheck.relativeError(dbias, nBias) < 1e-2)
    }

    @Test func matmul() {
        let N = 4, C = 6, OC = 5
        let inp = GradientCheck.random(N * C, seed: 5)
        let weight = GradientCheck.random(OC * C, seed: 6)
        let bias = GradientCheck.random(OC, seed: 7)
        let r = GradientCheck.random(N * OC, seed: 8)
        func forward(_ inp: [Float], _ weight: [Float], _ bias: [Float]) -> [Float] {
            var out = [Float](repeating: 0, count: N * OC)
            matmulForward(out: &out, inp: inp, weight: weight, bias: bias, N: N, C: C, OC: OC)
            return out
        }
        var dinp = [Float](repeating: 0, count: N * C), dweight = [Float](repeating: 0, count: OC * C)
        var dbias = [Float](repeating: 0, count: OC)
        matmulBackward(dinp: &dinp, dweight: &dweight, dbias: &dbias, dout: r, inp: inp, weight: weight, N: N, C: C, OC: OC)
        let nInp = GradientCheck.numeric(inp) { GradientCheck.weightedSum(forward($0, weight, bias), r) }
        let nWeight = GradientCheck.numeric(weight) { GradientCheck.weightedSum(forward(inp, $0, bias), r) }
        let nBias = GradientCheck.numeric(bias) { GradientCheck.weightedSum(forward(inp, weight, $0), r) }
        #expect(GradientCheck.relativeError(dinp, nInp) < 1e-3)
        #expect(GradientCheck.relativeError(dweight, nWeight) < 1e-3)
        #expect(GradientCheck.relativeError(dbias, nBias) < 1e-3)
    }

    @Test func causalAttention() {
        let B = 2, T = 5, C = 8, H = 2
        let qkv = GradientCheck.random(B * T * 3 * C, seed: 9)
        let r = GradientCheck.random(B * T * C, seed: 10)
        func forward(_ qkv: [Float]) -> (out: [Float], att: [Float]) {
            var out = [Float](repeating: 0, count: B * T * C), att = [Float](repeating: 0, count: B * H * T * T)
            attentionForward(out: &out, att: &att, qkv: qkv, B: B, T: T, C: C, H: H)
            return (out, att)
        }
        let f = forward(qkv)
        var dqkv = [Float](repeating: 0, count: B * T * 3 * C), scratch = [Float](repeating: 0, count: T * T)
        attentionBackward(dqkv: &dqkv, scratch: &scratch, dout: r, qkv: qkv, att: f.att, B: B, T: T, C: C, H: H)
        let numeric = GradientCheck.numeric(qkv) { GradientCheck.weightedSum(forward($0).out, r) }
        #expect(GradientCheck.relativeError(dqkv, numeric) < 1e-2)
        // Causality: the output at t = 0 must not depend on later positions.
        var later = qkv
        for i in (3 * C)..<(T * 3 * C) { later[i] += 1 }
        let g = forward(later).out
        #expect(Array(g[0..<C]) == Array(f.out[0..<C]))
    }

    @Test func gelu() {
        let N = 21  // not a multiple of 8: exercises the vector tail
        let inp = GradientCheck.random(N, seed: 11, scale: 2)
        let r = GradientCheck.random(N, seed: 12)
        func forward(_ inp: [Float]) -> (out: [Float], tanh: [Float]) {
            var out = [Float](repeating: 0, count: N), t = [Float](repeating: 0, count: N)
            geluForward(out: &out, tanhOut: &t, inp: inp, N: N)
            return (out, t)
        }
        let f = forward(inp)
        var dinp = [Float](repeating: 0, count: N)
        geluBackward(dinp: &dinp, inp: inp, tanhSaved: f.tanh, dout: r, N: N)
        let numeric = GradientCheck.numeric(inp, epsilon: 1e-3) { GradientCheck.weightedSum(forward($0).out, r) }
        #expect(GradientCheck.relativeError(dinp, numeric) < 1e-2)
        // Values against the libm formula.
        for i in 0..<N {
            let x = Double(inp[i])
            let exact = 0.5 * x * (1 + tanh(0.7978845608028654 * (x + 0.044715 * x * x * x)))
            #expect(abs(Double(f.out[i]) - exact) < 1e-5)
        }
    }

    @Test func fastExpMatchesLibm() {
        for x in stride(from: -80.0 as Float, through: 80, by: 0.37) {
            let approx = fastExp(Floats8(repeating: x))[0]
            #expect(abs(Double(approx) / exp(Double(x)) - 1) < 1e-6)
        }
    }

    @Test func embedding() {
        let B = 2, T = 3, C = 4, V = 5
        let tokens: [Int32] = [1, 4, 1, 0, 2, 1]
        let wte = GradientCheck.random(V * C, seed: 13), wpe = GradientCheck.random(T * C, seed: 14)
        let r = GradientCheck.random(B * T * C, seed: 15)
        func forward(_ wte: [Float], _ wpe: [Float]) -> [Float] {
            var out = [Float](repeating: 0, count: B * T * C)
            encoderForward(out: &out, tokens: tokens, tokenEmbedding: wte, positionEmbedding: wpe, B: B, T: T, C: C)
            return out
        }
        var dwte = [Float](repeating: 0, count: V * C), dwpe = [Float](repeating: 0, count: T * C)
        encoderBackward(dTokenEmbedding: &dwte, dPositionEmbedding: &dwpe, dout: r, tokens: tokens, B: B, T: T, C: C)
        #expect(GradientCheck.relativeError(dwte, GradientCheck.numeric(wte) { GradientCheck.weightedSum(forward($0, wpe), r) }) < 1e-3)
        #expect(GradientCheck.relativeError(dwpe, GradientCheck.numeric(wpe) { GradientCheck.weightedSum(forward(wte, $0), r) }) < 1e-3)
    }
}
