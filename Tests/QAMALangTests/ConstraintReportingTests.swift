import Testing

/// What a result says about constraints and terms, from cells (issue 12 items 4, 5 and 7).
@Suite("Results: constraints and terms")
struct ConstraintReportingTests {
    @Test func aParamTimesAConstantPenaltyKeepsItsConstraint() {
        let s = LangSession()
        _ = s.text("""
            let s = spin(2, name: "s")
            param λ = 3
            let r = solve(s[1] + λ * constraint(2 * s[0] == 0, name: "zero"), exact())
            """)
        #expect(s.number("r.energy") == 11)
        #expect(s.text("r.broken") == "[\"zero\"]")
        #expect(s.text("model(s[1] + λ * constraint(2 * s[0] == 0, name: \"zero\")).constraints") == "[\"zero\"]")
    }

    @Test func atmostAndAtleastCountSpins() {
        let s = LangSession()
        _ = s.text("let s = spin(4, name: \"s\")")
        // Three of four spins are pushed to +1 by the objective; at most two may be: −(1 + 1 − 1).
        #expect(s.number("solve(-sum(i in 0..<3: s[i]) + 10 * atmost(s, 2), exact()).energy") == -1)
        #expect(s.text("solve(-sum(i in 0..<3: s[i]) + 10 * atmost(s, 2), exact()).broken") == "[]")
        #expect(s.number("solve(sum(i in 0..<4: s[i]) + 10 * atleast(s, 3), exact()).energy") == 2)
    }

    @Test func theCacheTellsRelationsApart() {
        let s = LangSession()
        _ = s.text("let x = binary(2, name: \"x\")")
        let first = s.text("solve(constraint(1 - x[0] - x[1] == 0, name: \"c\") - x[0]*x[1] - 0.5*x[0] - 0.5*x[1], exact()).broken")
        #expect(first == "[\"c\"]")
        let second = s.text("solve(atleast(x, 1, name: \"c\") - 0.5*x[0] - 0.5*x[1], exact()).broken")
        #expect(second == "[]", "the second model is x₀ + x₁ ≥ 1, which its best state keeps")
    }

    @Test func aConstraintWeightedByTwoParamsIsListedUnderEach() {
        let s = LangSession()
        _ = s.text("""
            let x = binary(3, name: "x")
            param λ = 2
            param μ = 1
            let r = solve(x[0] + 2 * x[1] + 3 * x[2] + (λ + 1) * khot(x, 2, name: "two") + μ * onehot(x, name: "one"), exact())
            """)
        // Best x = [1, 0, 0]: x₀ costs 1, "two" is off by one so its penalty is 1 × (λ + 1) = 3, split as
        // 1 under the objective (the weight's constant) and λ·1 = 2 under λ; "one" holds.
        #expect(s.text("r.best") == "[1, 0, 0]")
        #expect(s.text("r.terms") == """
            Energy by term (best sample; indented: the constraints inside the term above)
            term       weight  energy
            ─────────  ──────  ──────
            objective  1       2
              two              1
            λ          2       2
              two              2
            μ          1       0
              one              0
            total              4
            """)
    }
}
