import Testing

@testable import MathVerifier

@Suite("Number parsing and extraction")
struct ParsingTests {
    let verifier = MathAnswerVerifier()

    func normalized(_ s: String) throws -> String {
        try Evaluator(limits: MathLimits()).structure(LatexParser.parse(s, limits: MathLimits())).description
    }

    @Test(arguments: [
        ("1,000", "1000"), ("1,000,000", "1000000"), ("1{,}000", "1000"), ("10,\\!000", "10000"), ("007", "7"),
        ("-12", "-12"), ("−3", "-3"), ("0.5", "1/2"), (".25", "1/4"), ("1.5e3", "1500"), ("2E-2", "1/50"),
        ("1.5\\times10^{3}", "1500"), ("\\frac12", "1/2"), ("\\frac{2}{4}", "1/2"), ("7\\frac{3}{4}", "31/4"),
        ("7 3/4", "31/4"), ("-2\\frac12", "-5/2"), ("0.\\overline{3}", "1/3"), ("2^{10}", "1024"), ("5!", "120"),
        ("1011_2", "11"), ("FF_{16}", "255"), ("50\\%", "50"), ("30^\\circ", "30"), ("\\$5", "5"),
    ])
    func numbers(input: String, expected: String) throws {
        #expect(try normalized(input) == expected)
    }

    @Test func commaListIsNotAThousandsNumber() throws {
        #expect(try normalized("1,2") == "1, 2")
        #expect(try normalized("[1,100]") == "[1, 100]")
    }

    @Test func extractsTheLastBoxedAnswer() {
        #expect(verifier.extract("first \\boxed{1} then \\boxed{\\frac{1}{2}}.")?.text == "\\frac{1}{2}")
        #expect(verifier.extract("so \\fbox{7}")?.text == "7")
        #expect(verifier.extract("\\boxed{\\{1,2\\}}")?.text == "\\{1,2\\}")
    }

    @Test func extractsAfterMarkers() {
        #expect(verifier.extract("Final Answer: The final answer is $5$. I hope it is correct.")?.text == "5")
        #expect(verifier.extract("Work...\n#### 1,200")?.text == "1,200")
        #expect(verifier.extract("The answer is 3.5.")?.text == "3.5")
        #expect(verifier.extract("Answer: x=2")?.text == "x=2")
    }

    @Test func bareAnswersAndTheLastNumberFallback() {
        #expect(verifier.extract("$\\frac{3}{4}$") == .init(text: "\\frac{3}{4}", method: .bare))
        #expect(verifier.extract("Evelyn") == .init(text: "Evelyn", method: .bare))
        #expect(verifier.extract("we get 3 apples and then 12 pears in total") == .init(text: "12", method: .lastNumber))
        #expect(verifier.extract("no digits here at all, just a long sentence of prose words") == nil)
    }

    @Test func fallbackIsReportedInTheVerdict() {
        let v = verifier.verify("12", response: "we get 3 apples and then 12 pears in total")
        #expect(v.reward == 1)
        #expect(v.detail["fallback"] == .bool(true))
        let w = verifier.verify("12", response: "\\boxed{12}")
        #expect(w.detail["fallback"] == nil)
    }
}

@Suite("Answer extraction on bytes")
struct ExtractionByteTests {
    @Test func lastNumberKeepsSeparatorsAndSigns() {
        #expect(AnswerExtraction.lastNumber("total 1,234 apples") == "1,234")
        #expect(AnswerExtraction.lastNumber("values 3,45") == "45")
        #expect(AnswerExtraction.lastNumber("x is -2.5.") == "-2.5")
        #expect(AnswerExtraction.lastNumber("1.5,000") == "000")
        #expect(AnswerExtraction.lastNumber("no digits") == nil)
        #expect(AnswerExtraction.lastNumber("π ≈ 3.14 ✓") == "3.14")
    }

    @Test func cleanedStripsDelimiters() {
        #expect(AnswerExtraction.cleaned("  $$\\frac12$$. ") == "\\frac12")
        #expect(AnswerExtraction.cleaned("\\(x=3\\)") == "x=3")
        #expect(AnswerExtraction.cleaned("**42**") == "42")
        #expect(AnswerExtraction.cleaned("$5$ and $6$") == "5$ and $6")
        #expect(AnswerExtraction.cleaned("1, 2, ...") == "1, 2, ...")
        #expect(AnswerExtraction.cleaned("$") == "")
        #expect(AnswerExtraction.cleaned("π.") == "π")
    }

    @Test func lastBoxedFindsBoxAndFbox() {
        #expect(AnswerExtraction.lastBoxed("\\boxed{1} then \\fbox{2}") == "2")
        #expect(AnswerExtraction.lastBoxed("\\fbox{2} then \\boxed {\\frac{1}{2}}") == "\\frac{1}{2}")
        #expect(AnswerExtraction.lastBoxed("\\boxed 5$") == "5")
        #expect(AnswerExtraction.lastBoxed("\\boxed{1") == nil)
        #expect(AnswerExtraction.lastBoxed("\\box") == nil)
    }
}

@Suite("Prose text")
struct ProseTextTests {
    /// The ASCII byte path and the general path (forced by a non-ASCII character) agree.
    @Test(arguments: [
        "\\text{New York}", "\\textbf{A} and \\mbox{B}}", "x}\\text{", "\\mathrm{cm}^2", "\\textit{\\text{odd}}",
        "\\texts{no}", "plain", "\\\\text{a}", "}\\text{b}}}", "a\r\nb\\textrm{c}",
    ])
    func asciiPathMatchesGeneralPath(text: String) {
        #expect(Interpretation.prose(text + "é") == Interpretation.prose(text) + "é")
    }

    @Test func dropsWrappersAndTheirBraces() {
        #expect(Interpretation.prose("\\text{New York}") == "New York")
        #expect(Interpretation.prose("\\textbf{A} and \\mbox{B}}") == "A and B}")
        #expect(Interpretation.prose("\\text{Zoë}") == "Zoë")
    }
}
