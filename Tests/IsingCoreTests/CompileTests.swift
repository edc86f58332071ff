import IsingCore
import Testing

@Suite struct CompileTests {
    static let params = ["γ": 1.5, "λ": -2.0]

    @Test(arguments: 0..<20)
    func compiledEnergyEqualsExpressionForEveryState(seed: Int) throws {
        var gen = RandomModels(seed: UInt64(seed))
        let r = VariableRegistry()
        let x = r.declare(name: "x", shape: [3], vartype: .binary)
        let s = r.declare(name: "s", shape: [2], vartype: .spin)
        // Even seeds mix binary and spin (binary model), odd seeds use spins only (spin model).
        let ids = seed % 2 == 0 ? Array(x.ids) + Array(s.ids) : Array(s.ids) + [s.firstID]
        let e = try gen.expression(r, ids: ids, params: ["γ", "λ"])
        let m = try e.compile()
        #expect(m.vartype == (seed % 2 == 0 ? .binary : .spin))
        #expect(m.variableIDs == e.variableIDs)
        let problem = try m.isingProblem(params: Self.params)
        for v in allStates(r, e.variableIDs) {
            let direct = try e.evaluate(params: Self.params) { v[$0]! }
            let x = sample(m, r, v)
            #expect(abs(try m.energy(of: x, params: Self.params) - direct) < 1e-9)
            let spins = x.map { m.vartype == .binary ? 2 * $0 - 1 : $0 }
            #expect(abs(problem.energy(spins) - direct) < 1e-9)
            let parts = try m.energyBreakdown(sample: x, params: Self.params)
            #expect(abs(parts.total - direct) < 1e-9)
        }
    }

    @Test func modelIndexFollowsAscendingIds() throws {
        let r = VariableRegistry()
        let x = r.declare(name: "x", shape: [5], vartype: .binary)
        let e = r.expression(x.firstID + 4) * 2 + r.expression(x.firstID + 1)
        let m = try e.compile()
        #expect(m.names == ["x[1]", "x[4]"])
        #expect(m.index(ofVariable: x.firstID + 4) == 1)
        #expect(m.index(ofVariable: x.firstID) == nil)
    }

    @Test func paramsGetOneBlockEach() throws {
        let r = VariableRegistry()
        let x = r.declare(name: "x", shape: [2], vartype: .binary).ids.map(r.expression)
        let e = try x[0].multiplied(by: x[1]).scaled(by: ParamLinear(param: "γ")) + x[0] * 3
        let m = try e.compile()
        #expect(m.params == ["γ"])
        #expect(m.blocks.count == 2)
        #expect(m.blockSummaries.map(\.couplings) == [0, 1] && m.blockSummaries.map(\.linearTerms) == [1, 0])
        #expect(try m.energy(of: [1, 1], params: ["γ": 5]) == 8)
        #expect(throws: SolverFailure.self) { try m.energy(of: [1, 1], params: [:]) }
    }

    /// Issue 12 item 1: params are listed in name order, whatever order their terms arrived in.
    @Test func paramBlocksAreInNameOrder() throws {
        let r = VariableRegistry()
        let x = r.declare(name: "x", shape: [3], vartype: .binary).ids.map(r.expression)
        let h = try x[0].scaled(by: ParamLinear(param: "μ")) + (try x[1].scaled(by: ParamLinear(param: "λ")))
            + (try x[2].scaled(by: ParamLinear(param: "a")))
        #expect(try h.compile().params == ["a", "λ", "μ"])
        var b = ModelBuilder(vartype: .binary, names: ["p", "q"])
        b.addLinear(0, 1, param: "z")
        b.addLinear(1, 1, param: "b")
        #expect(b.compile().params == ["b", "z"])
    }

    /// Issue 12 item 1: a product's coefficients are summed in key order, so they equal a sum taken in
    /// that order (and do not depend on the hash order Swift seeds per process).
    @Test func productSumsFollowKeyOrder() throws {
        let r = VariableRegistry()
        let ids = Array(r.declare(name: "s", shape: [12], vartype: .spin).ids)
        var rng = SeededRandom(seed: 1)
        let c = ids.map { _ in Double(rng.next() % 1_000_003) / 997.0 - 500 }
        let e = try Expression.dot(c, ids.map(r.expression))
        let square = try e.multiplied(by: e)
        // Σ_i c_i² lands on the offset (s² = 1), added in ascending id order.
        var expected = 0.0
        for ci in c { expected += ci * ci }
        #expect(square.offset.constant == expected)
    }
}
