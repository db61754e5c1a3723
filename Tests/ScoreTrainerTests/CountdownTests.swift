import Foundation
import Testing

@testable import ScoreTrainer

/// The Countdown task: its problems, its number rule, its solver, and its rewards through the
/// project's math verifier.
@Suite struct CountdownTests {
    var settings: TaskSettings {
        var s = TaskSettings()
        s.kind = .countdown
        return s
    }

    func countdown(_ p: TaskProblem) -> CountdownProblem? {
        if case .countdown(let c) = p { return c }
        return nil
    }

    @Test func problemsNeedThreeNumbersAndHeldOutOnesAreNeverTrainedOn() throws {
        let set = try ProblemSet(settings)
        #expect(set.eval.count == 2000)
        #expect(set.train.count >= 4000)
        let key = { (p: TaskProblem) -> [Int] in
            let c = self.countdown(p)!
            return c.numbers.sorted() + [-1, c.target]
        }
        // Disjoint by multiset and target: a held-out problem does not appear reordered in training.
        #expect(Set(set.eval.map(key)).isDisjoint(with: set.train.map(key)))
        let solver = CountdownSolver(settings: CountdownSolverSettings(), task: settings.countdown)
        for p in set.eval.prefix(300) {
            let c = try #require(countdown(p))
            #expect(c.numbers.count == 4 && (1...99).contains(c.target))
            #expect(!solver.solutions(c).isEmpty)
            // No one number and no pair reaches the target.
            let fewer = (1...2).flatMap { CountdownChain.all(over: c.numbers, count: $0, ops: ["+", "-", "*"]).map(\.value) }
            #expect(!fewer.contains(c.target))
        }
    }

    @Test func theNumberRuleAdmitsOnlyGivenNumbersAsOftenAsGiven() {
        let p = TaskProblem.countdown(CountdownProblem(numbers: [3, 5, 7, 3], target: 26))
        #expect(p.admits("3*7+5"))
        #expect(p.admits("(3×7)+5"))
        #expect(p.admits("3*3+7"))
        #expect(!p.admits("3*3*3"))  // 3 is given twice, not three times
        #expect(!p.admits("26"))  // not a given number
        #expect(!p.admits("37-11"))  // no concatenating digits
        #expect(!p.admits("3 7"))  // two numbers side by side
        #expect(!p.admits("3/7"))  // no division
        #expect(!p.admits("x"))
        #expect(p.prompt == "3 5 7 3:26")
    }

    @Test func rewardsComeFromTheMathVerifierOnTheValue() {
        let judge = AnswerJudge.mathVerifier
        let p = TaskProblem.countdown(CountdownProblem(numbers: [3, 5, 7, 2], target: 26))
        for right in ["3*7+5", "5+3*7", "7×3+5", "(3*7)+5", "5+(7*3)"] {
            #expect(judge.judge(p, response: right).reward == 1, "\(right)")
        }
        for wrong in ["3*7+2", "3+7+5", "26", "3*7+5+2-2", ""] {
            #expect(judge.judge(p, response: wrong).reward == 0, "\(wrong)")
        }
        #expect(!judge.changesAnswer(p, from: "3*7+5", to: "5+7×3"))
        #expect(judge.changesAnswer(p, from: "3*7+5", to: "3*7+2"))
        #expect(judge.changesAnswer(p, from: "3*7-5", to: "3*5+7"))
    }

    @Test func solverTracesAreRightAboutHalfTheTimeAndDoNotImprove() throws {
        let set = try ProblemSet(settings)
        let solver = CountdownSolver(settings: CountdownSolverSettings(), task: settings.countdown)
        let judge = AnswerJudge.mathVerifier
        var rng = SeededGenerator(seed: 5)
        var right = [0, 0]
        var forms = Set<String>()
        let n = 2000
        for k in 0..<n {
            let p = set.train[k % set.train.count]
            let c = try #require(countdown(p))
            let trace = solver.trace(c, attempts: 2, using: &rng)
            for (t, a) in trace.enumerated() {
                #expect(p.admits(a), "\(a) for \(p.prompt)")
                if judge.judge(p, response: a).reward == 1 { right[t] += 1 }
                forms.insert(a.contains("×") ? "times" : a.contains("(") ? "brackets" : "plain")
            }
        }
        let acc1 = Double(right[0]) / Double(n)
        let acc2 = Double(right[1]) / Double(n)
        #expect(acc1 > 0.4 && acc1 < 0.6)
        #expect(abs(acc2 - acc1) < 0.04)
        #expect(forms == ["times", "brackets", "plain"])
    }

    @Test func shownWorkIsNotGradedButMustBeANumber() {
        let judge = AnswerJudge.mathVerifier
        let p = TaskProblem.countdown(CountdownProblem(numbers: [3, 5, 7, 2], target: 26))
        #expect(judge.judge(p, response: "3*7+5=26").reward == 1)
        #expect(judge.judge(p, response: "3*7+5=25").reward == 1)  // a sloppy sum does not undo a right expression
        #expect(judge.judge(p, response: "3*7+2=26").reward == 0)  // claiming the target earns nothing
        #expect(judge.judge(p, response: "3*7+5=").reward == 0)
        #expect(judge.judge(p, response: "3*7+5=21+5=26").reward == 1)  // shown steps are work too
        #expect(judge.judge(p, response: "3*7+5==26").reward == 0)
        #expect(judge.judge(p, response: "3*7+5=21+x=26").reward == 0)
        #expect(judge.shownResultIsTrue(p, response: "3*7+5=21+5=26") == true)
        #expect(judge.shownResultIsTrue(p, response: "3*7+2=21+2=26") == false)  // a false claim of the target
        #expect(judge.shownResultIsTrue(p, response: "(3*7)-5=16") == true)
        #expect(judge.shownResultIsTrue(p, response: "3*7+5") == nil)
        #expect(judge.judge(p, response: "3*7+2=21+2=23<26").reward == 0)
        #expect(p.admits("3*7+2=21+2=23<26"))
        #expect(judge.shownResultIsTrue(p, response: "3*7+2=21+2=23<26") == true)  // the check is not part of the result
        #expect(judge.shownResultIsTrue(p, response: "3*7+9=30") == nil)  // 9 is not given
        #expect(judge.judge(p, response: "=26").reward == 0)
        #expect(!judge.changesAnswer(p, from: "3*7+5=26", to: "5+3*7=26"))
        #expect(judge.changesAnswer(p, from: "3*7+2=23", to: "3*7+5=26"))
    }

    @Test func solverShowsTrueResultsOrFalseClaimsOfTheTarget() throws {
        var settings = CountdownSolverSettings()
        settings.showWork = true
        settings.falseClaimRate = 0.5
        let solver = CountdownSolver(settings: settings, task: self.settings.countdown)
        let set = try ProblemSet(self.settings)
        var rng = SeededGenerator(seed: 11)
        var (trueClaims, falseClaims, wrong) = (0, 0, 0)
        for k in 0..<1000 {
            let c = try #require(countdown(set.train[k]))
            for a in solver.trace(c, attempts: 2, using: &rng) {
                let parts = a.split(separator: "=")
                #expect(parts.count == 2, "\(a)")
                let chain = String(String(parts[0]).filter { $0 != "(" && $0 != ")" }.map { $0 == "×" ? "*" : $0 })
                let operands = chain.split(whereSeparator: { "+-*".contains($0) }).compactMap { Int(String($0)) }
                let operators = chain.filter { "+-*".contains($0) }
                let value = CountdownExpression.value(operands, Array(operators))
                let claim = Int(parts[1])
                if value != c.target {
                    wrong += 1
                    if claim == c.target { falseClaims += 1 } else { #expect(claim == value) }
                } else {
                    #expect(claim == value)
                    trueClaims += 1
                }
            }
        }
        #expect(trueClaims > 700 && wrong > 700)
        #expect(Double(falseClaims) / Double(wrong) > 0.4 && Double(falseClaims) / Double(wrong) < 0.6)
    }

    @Test func reductionsEvaluateOneOperationAtATimeProductsFirst() {
        #expect(CountdownChain(operands: [3, 7, 5], operators: ["*", "+"]).reductions == ["21+5", "26"])
        #expect(CountdownChain(operands: [5, 3, 7], operators: ["+", "*"]).reductions == ["5+21", "26"])
        #expect(CountdownChain(operands: [2, 9, 5], operators: ["-", "+"]).reductions == ["-7+5", "-2"])
        #expect(CountdownChain(operands: [9, 8, 7], operators: ["*", "*"]).reductions == ["72*7", "504"])
        #expect(CountdownChain(operands: [4], operators: []).reductions == [])
    }

    /// Two-attempt traces of `settings`' solver on the first `count` training problems, each attempt
    /// with its problem.
    func traces(_ settings: CountdownSolverSettings, seed: UInt64, count: Int = 300) throws -> [(CountdownProblem, String)] {
        let solver = CountdownSolver(settings: settings, task: self.settings.countdown)
        let set = try ProblemSet(self.settings)
        var rng = SeededGenerator(seed: seed)
        return try (0..<count).flatMap { k in
            let c = try #require(countdown(set.train[k]))
            return solver.trace(c, attempts: 2, using: &rng).map { (c, $0) }
        }
    }

    @Test func solverWithStepsShowsEveryStepAndTheTrueResult() throws {
        var settings = CountdownSolverSettings.checkedSteps
        settings.showCheck = false
        let judge = AnswerJudge.mathVerifier
        for (c, a) in try traces(settings, seed: 5) {
            let parts = a.split(separator: "=").map(String.init)
            #expect(parts.count == 3, "\(a)")  // three operands: two steps
            let graded = try #require(c.gradedExpression(a), "\(a)")
            #expect(graded == parts[0])
            // The last step is the expression's value as a number.
            let value = judge.judge(.countdown(CountdownProblem(numbers: c.numbers, target: Int(parts[2])!)), response: parts[0])
            #expect(value.reward == 1, "\(a)")
        }
    }

    @Test func settingsOfEarlierRunsWithoutShowStepsStillLoad() throws {
        let old = #"{"solveRate":0.5,"keepRate":0.5,"formWeights":[0.6,0.2,0.2],"showWork":true,"falseClaimRate":0}"#
        let s = try JSONDecoder().decode(CountdownSolverSettings.self, from: Data(old.utf8))
        #expect(s.showWork && !s.showSteps && s.falseClaimRate == 0)
    }

    @Test func solverWithCheckMarksExactlyTheResultsThatMissTheTarget() throws {
        var (checked, unchecked) = (0, 0)
        for (c, a) in try traces(.checkedSteps, seed: 9) {
            let right = AnswerJudge.mathVerifier.judge(.countdown(c), response: a).reward == 1
            let last = try #require(a.split(separator: "=").last)
            if right {
                #expect(last == Substring(String(c.target)), "\(a)")
                unchecked += 1
            } else {
                let value = try #require(Int(last.prefix { $0 != "<" && $0 != ">" }))
                #expect(last.hasSuffix((value < c.target ? "<" : ">") + String(c.target)), "\(a)")
                checked += 1
            }
        }
        #expect(checked > 150 && unchecked > 150)
    }
}
