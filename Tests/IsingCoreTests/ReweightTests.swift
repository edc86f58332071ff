import IsingCore
import Testing

@Suite struct ReweightTests {
    /// A model whose every block shares part of the pattern, built with γ as a param or as a number.
    static func build(gamma: ParamLinear, seed: UInt64) throws -> (VariableRegistry, Expression) {
        var gen = RandomModels(seed: seed)
        let r = VariableRegistry()
        let ids = Array(r.declare(name: "x", shape: [6], vartype: .binary).ids)
        let base = try gen.expression(r, ids: ids, terms: 20)
        var gen2 = RandomModels(seed: seed + 100)
        let penalty = try gen2.expression(r, ids: ids, terms: 6)
        return (r, base + (try penalty.scaled(by: gamma)))
    }

    @Test(arguments: [0.0, 0.5, 3.0, -7.25])
    func reweightingEqualsRebuilding(gamma: Double) throws {
        let (_, symbolic) = try Self.build(gamma: ParamLinear(param: "γ"), seed: 11)
        let (_, numeric) = try Self.build(gamma: ParamLinear(gamma), seed: 11)
        let m = try symbolic.compile()
        _ = try m.isingProblem(params: ["γ": 2])  // warm the cache with another value first
        let reweighted = try m.isingProblem(params: ["γ": gamma])
        let rebuilt = try numeric.compile().isingProblem(params: [:])
        for s in allSamples(try numeric.compile()) {
            let spins = s.map { 2 * $0 - 1 }
            #expect(abs(reweighted.energy(spins) - rebuilt.energy(spins)) < 1e-9)
            #expect(abs(try m.energy(of: s, params: ["γ": gamma]) - rebuilt.energy(spins)) < 1e-9)
        }
        #expect(!reweighted.values.contains(0))  // no explicit zero couplings, even when γ = 0
    }

    @Test func isingProblemIsSymmetricWithSortedRows() throws {
        let (_, e) = try Self.build(gamma: ParamLinear(param: "γ"), seed: 3)
        let p = try e.compile().isingProblem(params: ["γ": 1])
        var entries: [Int: Double] = [:]
        for i in 0..<p.n {
            let row = p.rowStart[i]..<p.rowStart[i + 1]
            #expect(zip(row.dropFirst(), row).allSatisfy { p.columns[$0] > p.columns[$1] })
            for k in row { entries[i * p.n + Int(p.columns[k])] = p.values[k] }
        }
        for (key, v) in entries { #expect(entries[(key % p.n) * p.n + key / p.n] == v) }
        let dense = p.denseMatrix()
        for (key, v) in entries { #expect(dense[key] == v) }
    }
}
