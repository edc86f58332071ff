import IsingCore
import QAMA
import Testing

/// γ penalises heads that set the same bits: on exact ground states the overlap never grows with γ
/// (for minimisers x₁ at γ₁ < γ₂ at x₂: (γ₂ − γ₁)(P(x₂) − P(x₁)) ≤ 0), and a large γ removes it.
@Suite struct HeadOverlapTests {
    static func groundState(_ m: CompiledModel, gamma: Double) throws -> [Int8] {
        var best = (Double.infinity, [Int8]())
        for x in ReferenceQAMA.states(m.variableCount) {
            let e = try m.energy(of: x, params: ["γ": gamma])
            if e < best.0 { best = (e, x) }
        }
        return best.1
    }

    @Test(arguments: [UInt64(7), 8])
    func overlapDoesNotIncreaseWithGamma(seed: UInt64) throws {
        let (q, k, v) = TinyInputs.make(heads: 2, tokens: 3, features: 4, seed: seed)
        let built = try QAMAV1Hamiltonian(query: q, key: k, value: v, options: QAMAV1Options(bits: 2, gamma: .param("γ")))
        let gammas = [0.0, 0.25, 0.5, 1, 2, 4, 8, 16, 64]
        let overlaps = try gammas.map { g in try built.layout.headOverlap(try Self.groundState(built.model, gamma: g))[1] }
        for (a, b) in zip(overlaps, overlaps.dropFirst()) { #expect(b <= a, "overlaps \(overlaps) along γ \(gammas)") }
        #expect(overlaps.first! > 0, "without a penalty both heads pick shared tokens")
        #expect(overlaps.last! == 0)
    }

    @Test func overlapMatrixCountsSharedBits() throws {
        let layout = QAMALayout(heads: 3, tokens: 2, bits: 2, features: 1)
        // head 0: 11 10 | head 1: 10 00 | head 2: 01 11   (spins: +1 set, −1 clear)
        let bits: [Int8] = [1, 1, 1, 0, 1, 0, 0, 0, 0, 1, 1, 1]
        let o = try layout.headOverlap(bits.map { $0 == 1 ? Int8(1) : -1 })
        #expect(o == [0.75, 0.25, 0.5,
                      0.25, 0.25, 0,
                      0.5, 0, 0.75])
    }
}
