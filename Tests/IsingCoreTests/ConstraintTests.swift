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

    @Test func nonIntegerInequalityAndImpossibleOnesAreErrors() throws {
        let (_, _, xs) = binaries(2)
        #expect(throws: ExpressionError.self) {
            try Constraints.constraint(xs[0] * 0.5 + xs[1], .lessOrEqual, Expression(1), name: "c")
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
}
