import IsingCore
import Testing

@Suite struct ConversionTests {
    @Test(arguments: 0..<10)
    func quboToIsingToQuboRoundTripsExactly(seed: Int) throws {
        var gen = RandomModels(seed: UInt64(seed) + 500)
        let r = VariableRegistry()
        let ids = Array(r.declare(name: "x", shape: [5], vartype: .binary).ids)
        let m = try gen.expression(r, ids: ids, params: ["γ"]).compile()
        let ising = m.converted(to: .spin)
        let back = ising.converted(to: .binary)
        #expect(ising.vartype == .spin && back.vartype == .binary)
        for (a, b) in zip(m.blocks, back.blocks) {
            #expect(a.param == b.param && a.offset == b.offset && a.quadratic == b.quadratic)
            #expect((a.linear.isEmpty ? [Double](repeating: 0, count: 5) : a.linear)
                == (b.linear.isEmpty ? [Double](repeating: 0, count: 5) : b.linear))
        }
        for x in allSamples(m) {
            let s = x.map { 2 * $0 - 1 }
            #expect(try m.energy(of: x, params: ["γ": 3]) == ising.energy(of: s, params: ["γ": 3]))
        }
    }

    @Test func tablesListCoefficientsWithParamsApplied() throws {
        let r = VariableRegistry()
        let x = r.declare(name: "x", shape: [2], vartype: .binary).ids.map(r.expression)
        let m = try (try x[0].multiplied(by: x[1]).scaled(by: ParamLinear(param: "γ")) + x[0] * 2).compile()
        let q = try m.quboTable(params: ["γ": 4])
        #expect(q.linear == [2, 0] && q.couplings == [.init(i: 0, j: 1, value: 4)] && q.offset == 0)
        let h = try m.isingTable(params: ["γ": 4])
        // 2x₀ + 4x₀x₁ = (s₀+1) + (s₀s₁ + s₀ + s₁ + 1)
        #expect(h.linear == [2, 1] && h.couplings == [.init(i: 0, j: 1, value: 1)] && h.offset == 2)
        let rebuilt = h.model()
        for s in allSamples(rebuilt) {
            #expect(try rebuilt.energy(of: s, params: [:]) == m.energy(of: s.map { ($0 + 1) / 2 }, params: ["γ": 4]))
        }
    }

    @Test func batchEnergiesMatchSingleEnergies() throws {
        var gen = RandomModels(seed: 9)
        let r = VariableRegistry()
        let ids = Array(r.declare(name: "s", shape: [4], vartype: .spin).ids)
        let m = try gen.expression(r, ids: ids).compile()
        let samples = allSamples(m)
        let batch = try m.energies(of: samples.flatMap { $0 }, params: [:])
        let problem = try m.isingProblem(params: [:])
        #expect(batch == (try samples.map { try m.energy(of: $0, params: [:]) }))
        #expect(zip(problem.energies(samples.flatMap { $0 }), batch).allSatisfy { abs($0 - $1) < 1e-9 })
    }
}
