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
}
