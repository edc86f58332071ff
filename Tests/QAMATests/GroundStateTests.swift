import IsingCore
import QAMA
import Testing

/// The ground state of tiny models, found by brute force over what a solver sees (the Ising problem, in
/// spins), decodes to the formula's ground state.
@Suite struct GroundStateTests {
    @Test(arguments: [QAMACoupling.js, .dot], [UInt64(21), 22, 23])
    func isingGroundStateIsTheFormulasGroundState(coupling: QAMACoupling, seed: UInt64) throws {
        let (q, k, v) = TinyInputs.make(heads: 2, tokens: 3, features: 4, seed: seed)
        let built = try QAMAV1Hamiltonian(query: q, key: k, value: v, options: QAMAV1Options(bits: 2, coupling: coupling))
        let reference = ReferenceQAMA(q: q.storage, k: k.storage, v: v.storage, heads: 2, tokens: 3, features: 4, bits: 2,
                                      alpha: 1, beta: 1, gamma: 2, dot: coupling == .dot, normalize: true)
        let states = ReferenceQAMA.states(12)
        let formulaBest = states.map(reference.energy).min()!

        let ising = try built.model.isingProblem(params: [:])
        var best = (energy: Double.infinity, spins: [Int8]())
        for x in states {
            let s = x.map { $0 == 1 ? Int8(1) : -1 }
            let e = ising.energy(s)
            if e < best.energy { best = (e, s) }
        }
        #expect(abs(best.energy - formulaBest) < 1e-9)
        // Decoding the spin ground state (s = +1 ↔ x = 1) gives a state with the formula's best energy.
        let decoded = best.spins.map { $0 > 0 ? Int8(1) : 0 }
        #expect(abs(reference.energy(decoded) - formulaBest) < 1e-9)
        let w = try built.layout.weights(best.spins)
        for t in 0..<2 { for i in 0..<3 { #expect(w[t * 3 + i] == reference.weight(decoded, t, i)) } }
    }
}
