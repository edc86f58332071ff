import IsingCore
import Testing

@Suite struct ConstraintTests {
    /// Checks: penalty ≥ 0 everywhere, min over slack bits is 0 exactly on the assignments that satisfy
    /// `holds`, and the compiled record reports the same violation and penalty as the expression.
    func check(_ r: VariableRegistry, _ vars: [Int], _ penalty: Expression, holds: ([Double]) -> Bool) throws {
        let slack = penalty.variableIDs.filter { !vars.contains($0) }
        let m = try penalty.compile()
        #expect(m.constraints.count == 1)
        for v in allStates(r, vars) {
            var best = Double.infinity
            for sv in allStates(r, slack) {
                let all = v.merging(sv) { a, _ in a }
                let p = try penalty.evaluate { all[$0]! }
                #expect(p >= 0)
                best = min(best, p)
                let x = sample(m, r, all)
                let parts = try m.energyBreakdown(sample: x, params: [:])
                #expect(abs(parts.constraints[0].penalty - p) < 1e-9)
            }
            let ok = holds(vars.map { v[$0]! })
            #expect((best == 0) == ok)
            let x = sample(m, r, v.merging(Dictionary(uniqueKeysWithValues: slack.map { ($0, 0.0) })) { a, _ in a })
            #expect((m.constraints[0].violation(x) == 0) == ok)
        }
    }

    func binaries(_ n: Int) -> (VariableRegistry, [Int], [Expression]) {
        let r = VariableRegistry()
        let ids = Array(r.declare(name: "x", shape: [n], vartype: .binary).ids)
        return (r, ids, ids.map(r.expression))
    }

    @Test(arguments: 0...4)
    func khotIsZeroExactlyOnKOnes(k: Int) throws {
        let (r, ids, xs) = binaries(4)
        try check(r, ids, try Constraints.khot(xs, k)) { $0.reduce(0, +) == Double(k) }
    }

    @Test(arguments: 0...4)
    func atmostAndAtleast(k: Int) throws {
        let (r, ids, xs) = binaries(4)
        let most = try Constraints.atmost(xs, k)
        try check(r, ids, most) { $0.reduce(0, +) <= Double(k) }
        let least = try Constraints.atleast(xs, k)
        try check(r, ids, least) { $0.reduce(0, +) >= Double(k) }
    }

    @Test func fewestSlackBits() throws {
        let (_, _, xs) = binaries(6)
        #expect(try Constraints.atmost(xs, 1).variableIDs.count == 6)  // pairwise, no slack
        #expect(try Constraints.atleast(xs, 5).variableIDs.count == 6)  // pairwise on complements
        #expect(try Constraints.atmost(xs, 4).variableIDs.count == 6 + 3)  // slack 0…4: bits 1, 2, 1
        #expect(try Constraints.atmost(xs, 3).variableIDs.count == 6 + 2)  // slack 0…3: bits 1, 2
    }

    @Test func onehotOverSpinsCountsPlusOnes() throws {
        let r = VariableRegistry()
        let ids = Array(r.declare(name: "s", shape: [3], vartype: .spin).ids)
        try check(r, ids, try Constraints.onehot(ids.map(r.expression))) { $0.filter { $0 > 0 }.count == 1 }
    }

    @Test func generalInequalityUsesLhsBounds() throws {
        let (r, ids, xs) = binaries(3)
        // 2x₀ + 3x₁ − x₂ ≤ 2
        let lhs = try Expression.dot([2, 3, -1], xs)
        let p = try Constraints.constraint(lhs, .lessOrEqual, Expression(2), name: "cap")
        try check(r, ids, p) { 2 * $0[0] + 3 * $0[1] - $0[2] <= 2 }
        let q = try Constraints.constraint(lhs, .greaterOrEqual, Expression(2), name: "floor")
        try check(r, ids, q) { 2 * $0[0] + 3 * $0[1] - $0[2] >= 2 }
        let e = try Constraints.constraint(lhs, .equal, Expression(2), name: "eq")
        try check(r, ids, e) { 2 * $0[0] + 3 * $0[1] - $0[2] == 2 }
    }

    @Test func halfIntegerInequalityIsScaledToWholeSteps() throws {
        let (r, ids, xs) = binaries(3)
        // 0.5x₀ + x₁ + x₂ ≤ 1.5 ⇔ x₀ + 2x₁ + 2x₂ ≤ 3: the slack counts in whole steps after scaling by 2.
        let p = try Constraints.constraint(xs[0] * 0.5 + xs[1] + xs[2], .lessOrEqual, Expression(1.5), name: "c")
        try check(r, ids, p) { 0.5 * $0[0] + $0[1] + $0[2] <= 1.5 }
    }

    /// Issue 12 item 3: counting spins needs no coefficients from the user, Σ (1 + s)/2 scales by 2.
    @Test(arguments: 0...4)
    func atmostAndAtleastOverSpins(k: Int) throws {
        let r = VariableRegistry()
        let ids = Array(r.declare(name: "s", shape: [4], vartype: .spin).ids)
        let ss = ids.map(r.expression)
        try check(r, ids, try Constraints.atmost(ss, k)) { $0.filter { $0 > 0 }.count <= k }
        try check(r, ids, try Constraints.atleast(ss, k)) { $0.filter { $0 > 0 }.count >= k }
    }

    @Test func nonIntegerInequalityAndImpossibleOnesAreErrors() throws {
        let (_, _, xs) = binaries(2)
        #expect(throws: ExpressionError.self) {
            try Constraints.constraint(xs[0] * 3.14159 + xs[1], .lessOrEqual, Expression(2), name: "c")
        }
        #expect(throws: ExpressionError.self) { try Constraints.atleast(xs, 3) }
        #expect(throws: ExpressionError.self) {
            try Constraints.constraint(try xs[0].multiplied(by: xs[1]), .equal, Expression(1), name: "q")
        }
    }

    @Test func weightedPenaltyIsReportedPerParam() throws {
        let (_, _, xs) = binaries(3)
        let h = try Expression.dot([1, 2, 3], xs) + (try Constraints.khot(xs, 2, name: "two").scaled(by: ParamLinear(param: "λ")))
        let m = try h.compile()
        #expect(m.constraints[0].param == "λ" && m.constraints[0].name == "two")
        let parts = try m.energyBreakdown(sample: [1, 0, 0], params: ["λ": 4])
        #expect(parts.broken.map(\.name) == ["two"])
        #expect(parts.constraints[0].violation == 1 && parts.constraints[0].penalty == 4)
        #expect(parts.blocks.map(\.contribution) == [1, 4])
        #expect(parts.total == 5)
    }

    /// Issue 12 item 4: a constant penalty, (2s)² = 4, keeps its constraint when a number or a param
    /// multiplies it from either side.
    @Test func constantPenaltyKeepsItsConstraintUnderScaling() throws {
        let r = VariableRegistry()
        let s = r.declare(name: "s", shape: [2], vartype: .spin).ids.map(r.expression)
        let zero = try Constraints.constraint(s[0] * 2, .equal, Expression(0), name: "zero")
        #expect(zero.isConstant && zero.penalties.count == 1)
        let lambda = Expression(constant: ParamLinear(param: "λ"))
        for scaled in [try lambda.multiplied(by: zero), try zero.multiplied(by: lambda),
                       try Expression(3).multiplied(by: zero), try zero.multiplied(by: Expression(3))] {
            let m = try (s[1] + scaled).compile()
            #expect(m.constraints.map(\.name) == ["zero"])
            let parts = try m.energyBreakdown(sample: [1, 1], params: ["λ": 3])
            #expect(parts.total == 13)
            #expect(parts.broken.map(\.name) == ["zero"])
            #expect(parts.constraints[0].penalty == 12)
        }
    }

    /// Issue 12 item 6: brokenness is judged relative to the constraint's scale.
    @Test func brokenUsesARelativeTolerance() throws {
        let (r, ids, xs) = binaries(2)
        let big = try Constraints.constraint(xs[0] * 1e8 + xs[1] * 0.1, .equal, Expression(100000000.1), name: "big")
        let m = try big.compile()
        let x = sample(m, r, [ids[0]: 1, ids[1]: 1])
        #expect(m.constraints[0].lhs(x) != 0, "the left side rounds to a tiny nonzero")
        #expect(!m.constraints[0].isBroken(x))
        #expect(m.constraints[0].isBroken(sample(m, r, [ids[0]: 1, ids[1]: 0])))
        // A unit-scale constraint keeps an absolute margin of a few 1e-10.
        let unit = try Constraints.onehot(xs, name: "one").compile()
        #expect(unit.constraints[0].scale == 3)
        #expect(!unit.constraints[0].isBroken([1, 0]) && unit.constraints[0].isBroken([1, 1]))
    }

    /// Issue 12 item 7: a penalty weighted by λ + 1 lies in two blocks; each holds its share.
    @Test func penaltyWeightedBySeveralParamsIsSharedAmongTheirBlocks() throws {
        let (_, _, xs) = binaries(3)
        let weight = ParamLinear(constant: 1, terms: [.init(param: "λ", coefficient: 1), .init(param: "μ", coefficient: 2)])
        let h = try Expression.dot([1, 2, 3], xs) + (try Constraints.khot(xs, 2, name: "two").scaled(by: weight))
        let m = try h.compile()
        let parts = try m.energyBreakdown(sample: [1, 0, 0], params: ["λ": 4, "μ": 0.5])
        // Penalty (1 − 2)² = 1, weight 1 + 4 + 2·0.5 = 6: objective 1·1, λ 4·1, μ 2·0.5·1.
        #expect(parts.blocks.map(\.param) == [nil, "λ", "μ"])
        #expect(parts.blocks.map(\.contribution) == [1 + 1, 4, 1])
        #expect(parts.constraints[0].penalty == 6)
        #expect(parts.blocks.map { parts.share(of: parts.constraints[0], inBlock: $0) } == [1, 4, 1])
    }

    /// Issue 12 item 5: two penalties that differ only in their relation are different constraints.
    @Test func penaltyEqualityComparesEveryField() throws {
        let (_, _, xs) = binaries(2)
        let eq = try Constraints.constraint(xs[0] + xs[1], .equal, Expression(1), name: "c")
        let le = try Constraints.constraint(xs[0] + xs[1], .lessOrEqual, Expression(1), name: "c")
        #expect(eq.penalties[0] == eq.penalties[0])
        #expect(eq.penalties[0] != le.penalties[0])
    }
}
