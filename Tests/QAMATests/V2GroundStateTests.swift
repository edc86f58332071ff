import IsingCore
import QAMA
import Testing

/// Exact ground states of tiny v2 models (H·N ≤ 16): brute force over what a solver sees (the Ising problem,
/// in spins) agrees with brute force over the reference formula; and the head overlap of the ground state
/// never grows with γ.
@Suite struct V2GroundStateTests {
    @Test(arguments: [(2, 4, UInt64(41)), (4, 4, 42), (2, 8, 43), (1, 16, 44), (8, 2, 45)])
    func isingGroundStateIsTheFormulasGroundState(heads: Int, tokens: Int, seed: UInt64) throws {
        let (q, k, v) = TinyInputs.make(heads: heads, tokens: tokens, features: 3, seed: seed)
        let built = try QAMAV2Hamiltonian(query: q, key: k, value: v)
        let reference = ReferenceQAMAV2(q: q.storage, k: k.storage, v: v.storage, heads: heads, tokens: tokens, features: 3,
                                        alpha: 1, beta: 0.16, gamma: 0.8)
        let states = ReferenceQAMA.states(heads * tokens)
        let formulaBest = states.map(reference.energy).min()!
        let ising = try built.model.isingProblem(params: [:])
        var best = (energy: Double.infinity, spins: [Int8]())
        for x in states {
            let s = x.map { $0 == 1 ? Int8(1) : -1 }
            let e = ising.energy(s)
            if e < best.energy { best = (e, s) }
        }
        #expect(abs(best.energy - formulaBest) < 1e-9 * max(1, abs(formulaBest)))
        let decoded = best.spins.map { $0 > 0 ? Int8(1) : 0 }
        #expect(abs(reference.energy(decoded) - formulaBest) < 1e-9 * max(1, abs(formulaBest)))
        #expect(try built.layout.weights(best.spins) == decoded.map(Double.init))
    }

    /// For minimisers x₁ at γ₁ < γ₂ at x₂: (γ₂ − γ₁)(O(x₂) − O(x₁)) ≤ 0, O the overlap count; on a fixed seed.
    @Test(arguments: [UInt64(7), 8, 9])
    func overlapDoesNotIncreaseAsGammaGrows(seed: UInt64) throws {
        let (q, k, v) = TinyInputs.make(heads: 3, tokens: 4, features: 4, seed: seed)
        let built = try QAMAV2Hamiltonian(query: q, key: k, value: v, options: QAMAV2Options(gamma: .param("γ")))
        let states = ReferenceQAMA.states(12)
        let gammas = [0.0, 0.1, 0.2, 0.4, 0.8, 1.6, 3.2, 6.4, 100]
        let overlaps = try gammas.map { g -> Double in
            var best = (Double.infinity, [Int8]())
            for x in states {
                let e = try built.model.energy(of: x, params: ["γ": g])
                if e < best.0 { best = (e, x) }
            }
            let o = try built.layout.headOverlap(best.1)
            return o[1] + o[2] + o[5]  // pairs (0,1), (0,2), (1,2)
        }
        for (a, b) in zip(overlaps, overlaps.dropFirst()) { #expect(b <= a, "overlaps \(overlaps) along γ \(gammas)") }
        #expect(overlaps.first! > 0, "without a penalty heads share tokens")
        #expect(overlaps.last! == 0)
    }
}
