import IsingCore
import QAMA
import Testing

/// The compiled model's energy equals DESIGN.md's formula on every state of small models: this checks
/// every coefficient (linear, within-head pairs, the diagonal, the penalty) and where params put them.
@Suite struct HamiltonianEnergyTests {
    static let (heads, tokens, features, bits) = (2, 3, 4, 2)

    struct Case: Sendable, CustomStringConvertible {
        var coupling: QAMACoupling
        var normalize: Bool
        var alpha: Weight, beta: Weight, gamma: Weight
        var params: [String: Double]
        var description: String { "\(coupling) normalize=\(normalize) α=\(alpha) β=\(beta) γ=\(gamma)" }
    }

    static let cases: [Case] = [
        Case(coupling: .js, normalize: true, alpha: .value(1), beta: .value(1), gamma: .value(2), params: [:]),
        Case(coupling: .js, normalize: false, alpha: .value(1.5), beta: .value(-0.7), gamma: .value(3), params: [:]),
        Case(coupling: .dot, normalize: true, alpha: .value(0.8), beta: .value(1.2), gamma: .value(2), params: [:]),
        Case(coupling: .dot, normalize: false, alpha: .value(1), beta: .value(1), gamma: .value(0.5), params: [:]),
        Case(coupling: .js, normalize: true, alpha: .param("a"), beta: .param("b"), gamma: .param("g"),
             params: ["a": 1.3, "b": 0.4, "g": 5]),
        Case(coupling: .dot, normalize: false, alpha: .value(2), beta: .param("β"), gamma: .param("γ"),
             params: ["β": -1.1, "γ": 0.25]),
        Case(coupling: .js, normalize: false, alpha: .param("w"), beta: .value(0.6), gamma: .param("w"), params: ["w": 1.7]),
    ]

    @Test(arguments: cases)
    func energyMatchesTheFormulaOnEveryState(_ c: Case) throws {
        let (q, k, v) = TinyInputs.make(heads: Self.heads, tokens: Self.tokens, features: Self.features, seed: 11)
        let options = QAMAV1Options(bits: Self.bits, alpha: c.alpha, beta: c.beta, gamma: c.gamma,
                                  coupling: c.coupling, normalize: c.normalize)
        let built = try QAMAV1Hamiltonian(query: q, key: k, value: v, options: options)
        func number(_ w: Weight) -> Double {
            switch w { case .value(let x): return x; case .param(let p): return c.params[p]! }
        }
        let reference = ReferenceQAMA(q: q.storage, k: k.storage, v: v.storage, heads: Self.heads, tokens: Self.tokens,
                                      features: Self.features, bits: Self.bits, alpha: number(c.alpha),
                                      beta: number(c.beta), gamma: number(c.gamma),
                                      dot: c.coupling == .dot, normalize: c.normalize)
        #expect(built.model.variableCount == 12)
        #expect(built.model.vartype == .binary)
        #expect(Set(built.model.params) == Set(options.params))
        var worst = 0.0
        for x in ReferenceQAMA.states(12) {
            let e = try built.model.energy(of: x, params: c.params)
            worst = max(worst, abs(e - reference.energy(x)))
        }
        #expect(worst < 1e-9, "largest energy difference \(worst)")
    }

    @Test func coefficientsAreTheOnesTheFormulaUses() throws {
        let (q, k, v) = TinyInputs.make(heads: 2, tokens: 3, features: 4, seed: 5)
        for coupling in QAMACoupling.allCases {
            for normalize in [true, false] {
                let built = try QAMAV1Hamiltonian(query: q, key: k, value: v,
                                                options: QAMAV1Options(bits: 2, coupling: coupling, normalize: normalize))
                let reference = ReferenceQAMA(q: q.storage, k: k.storage, v: v.storage, heads: 2, tokens: 3, features: 4,
                                              bits: 2, alpha: 1, beta: 1, gamma: 2, dot: coupling == .dot, normalize: normalize)
                for t in 0..<2 { for i in 0..<3 {
                    #expect(abs(built.coefficients.field[t * 3 + i] - reference.field[t][i]) < 1e-12)
                    for j in 0..<3 {
                        #expect(abs(built.coefficients.coupling[(t * 3 + i) * 3 + j] - reference.coupling[t][i][j]) < 1e-12)
                    }
                } }
            }
        }
    }

    @Test func paramBlocksReweightWithoutRebuilding() throws {
        let (q, k, v) = TinyInputs.make(heads: 2, tokens: 3, features: 4, seed: 9)
        let built = try QAMAV1Hamiltonian(query: q, key: k, value: v, options: QAMAV1Options(bits: 2, gamma: .param("γ")))
        #expect(built.model.params == ["γ"])
        // Only the penalty depends on γ: E(γ) − E(0) = γ · (penalty per unit γ), linear in γ for any state.
        let x: [Int8] = [1, 0, 1, 1, 0, 1, 1, 1, 0, 1, 1, 0]
        let e0 = try built.model.energy(of: x, params: ["γ": 0])
        let e1 = try built.model.energy(of: x, params: ["γ": 1])
        let e8 = try built.model.energy(of: x, params: ["γ": 8])
        // Shared bits of x between heads 0 and 1: (i=0,k=0), (i=1,k=1) → 2 slots, C(2,2) = 1.
        #expect(abs((e1 - e0) - 2) < 1e-12)
        #expect(abs((e8 - e0) - 16) < 1e-12)
        #expect(throws: (any Error).self) { try built.model.energy(of: x, params: [:]) }
    }

    @Test func variablesAreNamedByHeadTokenAndBit() throws {
        let (q, k, v) = TinyInputs.make(heads: 2, tokens: 3, features: 4, seed: 1)
        let built = try QAMAV1Hamiltonian(query: q, key: k, value: v, options: QAMAV1Options(bits: 2))
        #expect(built.layout == QAMALayout(heads: 2, tokens: 3, bits: 2, features: 4))
        #expect(built.layout.index(head: 1, token: 2, bit: 1) == 1 * 3 * 2 + 2 * 2 + 1)
        #expect(built.model.names[built.layout.index(head: 1, token: 2, bit: 1)] == "x[t=1,i=2,k=1]")
        #expect(built.model.names.first == "x[t=0,i=0,k=0]")
    }

    @Test func oneHeadHasNoPenaltyAndRankTwoMeansOneHead() throws {
        let (q, k, v) = TinyInputs.make(heads: 1, tokens: 4, features: 3, seed: 3)
        let flat = { (t: NDArray) in NDArray(shape: [4, 3], storage: t.storage) }
        let built = try QAMAV1Hamiltonian(query: flat(q), key: flat(k), value: flat(v),
                                        options: QAMAV1Options(bits: 3, gamma: .param("γ")))
        #expect(built.layout.heads == 1)
        #expect(built.model.params.isEmpty)
        let reference = ReferenceQAMA(q: q.storage, k: k.storage, v: v.storage, heads: 1, tokens: 4, features: 3, bits: 3,
                                      alpha: 1, beta: 1, gamma: 0, dot: false, normalize: true)
        for x in ReferenceQAMA.states(12) {
            let e = try built.model.energy(of: x, params: [:])
            #expect(abs(e - reference.energy(x)) < 1e-9)
        }
        // Within one head every pair of bits is coupled: C(12, 2).
        #expect(built.model.couplingCount == 66)
    }

    @Test func largeInputsDoNotOverflowTheSoftmax() throws {
        let shape = [1, 2, 3]
        let q = NDArray(shape: shape, storage: [1000, 999, -1000, 800, 800, 800])
        let k = NDArray(shape: shape, storage: [999, 1000, 0, -700, 700, 0])
        let v = NDArray(shape: shape, storage: [1, 2, 3, 4, 5, 6])
        let built = try QAMAV1Hamiltonian(query: q, key: k, value: v, options: QAMAV1Options(normalize: false))
        let finite = built.coefficients.coupling.allSatisfy { $0.isFinite }
        #expect(finite)
        // softmax(Q_0) ≈ [0.731, 0.269, 0], softmax(K_0) ≈ [0.269, 0.731, 0]: a clear, finite divergence.
        #expect(built.coefficients.coupling[1] > 0.1)
    }
}
