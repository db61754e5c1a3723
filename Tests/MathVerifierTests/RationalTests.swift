import Testing

@testable import MathVerifier

@Suite("Exact rational arithmetic")
struct RationalTests {
    @Test func reducesAndKeepsSignInNumerator() {
        let r = Rational(6, -8)
        #expect(r.description == "-3/4")
        #expect(Rational(0, 5) == .zero)
    }

    @Test func smallArithmetic() throws {
        let a = Rational(1, 3), b = Rational(1, 6)
        #expect(try a + b == Rational(1, 2))
        #expect(try a - b == Rational(1, 6))
        #expect(try a * b == Rational(1, 18))
        #expect(try a / b == Rational(2))
    }

    @Test func overflowMovesToGMPAndBack() throws {
        let big = Rational(Int64.max)
        let sum = try big + big
        #expect(sum.smallParts == nil)
        #expect(sum.description == "18446744073709551614")
        let back = try sum - big
        #expect(back == big)
        #expect(back.smallParts != nil)
    }

    @Test func powersAndFactorials() throws {
        #expect(try Rational(2).power(10) == Rational(1024))
        #expect(try Rational(2, 3).power(-2) == Rational(9, 4))
        #expect(try Rational(2).power(100).description == "1267650600228229401496703205376")
        #expect(try Rational.factorial(Rational(25), limit: 449).description == "15511210043330985984000000")
        #expect(try Rational.binomial(Rational(10), Rational(3), limit: 449) == Rational(120))
    }

    @Test func boundsThrowInsteadOfAborting() {
        #expect(throws: MathFailure.self) { try Rational(10).power(1_000_000) }
        #expect(throws: MathFailure.self) { try Rational.factorial(Rational(1000), limit: 449) }
        #expect(throws: MathFailure.self) { try Rational(1).inverse().power(1) / Rational.zero }
    }

    @Test func decimalsAndRepeatingDecimals() throws {
        #expect(try Rational.decimal(integer: Array("0".utf8), fraction: Array("75".utf8)) == Rational(3, 4))
        #expect(try Rational.decimal(integer: Array("0".utf8), fraction: [], repeating: Array("3".utf8)) == Rational(1, 3))
        #expect(try Rational.decimal(integer: Array("0".utf8), fraction: Array("1".utf8), repeating: Array("6".utf8)) == Rational(1, 6))
        #expect(try Rational.decimal(integer: Array("1".utf8), fraction: Array("5".utf8), exponent: 3) == Rational(1500))
        #expect(try Rational.decimal(integer: Array("0".utf8), fraction: Array("333".utf8)) != Rational(1, 3))
    }

    @Test func exactRoots() {
        #expect(Rational(27, 8).exactRoot(3) == Rational(3, 2))
        #expect(Rational(2).exactRoot(2) == nil)
    }
}

@Suite("Exact expressions")
struct ExactExpressionTests {
    func value(_ s: String) throws -> MathValue {
        try Evaluator(limits: MathLimits()).structure(LatexParser.parse(s, limits: MathLimits()))
    }

    @Test(arguments: [
        ("\\sqrt{8}", "2*2^(1/2)"), ("\\sqrt[3]{16}", "2*2^(1/3)"), ("(2+i)^2", "4*i + 3"), ("\\sqrt{-4}", "2*i"),
        ("(x+1)^2", "x^2 + 2*x + 1"), ("\\frac{6}{4}", "3/2"), ("\\log_2 8", "3"), ("\\sin\\frac{\\pi}{6}", "1/2"),
    ])
    func canonicalForms(input: String, expected: String) throws {
        #expect(try value(input).description == expected)
    }

    @Test func radicalsMultiplyExactly() throws {
        let product = try value("\\sqrt2\\cdot\\sqrt3").description
        #expect(try product == value("\\sqrt6").description)
        #expect(try value("\\sqrt2^{2}").description == "2")
    }
}
