import IsingCore
import QAMA
import Testing

/// The compiled v2 model against the plain reference of DESIGN.md's v2 formulas: J and h entry by entry, and
/// the energy on every state (which fixes every linear and quadratic coefficient of a QUBO), with numbers and
/// params as weights.
@Suite struct V2HamiltonianTests {
    struct Case: Sendable, CustomStringConvertible {
        var heads: Int, tokens: Int
        var alpha: Weight, beta: Weight, gamma: Weight
        var params: [String: Double] = [:]
        var e2v: [Double]? = nil
        var description: String { "H=\(heads) N=\(tokens) α=\(alpha) β=\(beta) γ=\(gamma) e2v=\(e2v.map { "\($0)" } ?? "ones")" }
    }

    static let features = 4

    static let cases: [Case] = [
        Case(heads: 2, tokens: 3, alpha: .value(1), beta: .value(0.16), gamma: .value(0.8)),
        Case(heads: 3, tokens: 4, alpha: .value(1.5), beta: .value(-0.7), gamma: .value(3), e2v: [0.5, -1, 2, 0.25]),
        Case(heads: 3, tokens: 4, alpha: .param("a"), beta: .param("b"), gamma: .param("g"), params: ["a": 1.3, "b": 0.4, "g": 5]),
        Case(heads: 2, tokens: 5, alpha: .value(2), beta: .param("β"), gamma: .param("γ"), params: ["β": -1.1, "γ": 0.25]),
        Case(heads: 4, tokens: 3, alpha: .param("w"), beta: .value(0.6), gamma: .param("w"), params: ["w": 1.7]),
        Case(heads: 1, tokens: 8, alpha: .value(1), beta: .value(0.16), gamma: .param("γ"), params: ["γ": 9]),
    ]

    static func number(_ w: Weight, _ params: [String: Double]) -> Double {
        switch w { case .value(let x): return x; case .param(let p): return params[p]! }
    }

    static func build(_ c: Case, seed: UInt64 = 11) throws -> (QAMAV2Hamiltonian, ReferenceQAMAV2, (q: NDArray, k: NDArray, v: NDArray)) {
        let inputs = TinyInputs.make(heads: c.heads, tokens: c.tokens, features: features, seed: seed)
        let built = try QAMAV2Hamiltonian(query: inputs.q, key: inputs.k, value: inputs.v,
                                          options: QAMAV2Options(alpha: c.alpha, beta: c.beta, gamma: c.gamma, e2v: c.e2v))
        let reference = ReferenceQAMAV2(q: inputs.q.storage, k: inputs.k.storage, v: inputs.v.storage, heads: c.heads, tokens: c.tokens,
                                        features: features, e2v: c.e2v, alpha: number(c.alpha, c.params),
                                        beta: number(c.beta, c.params), gamma: number(c.gamma, c.params))
        return (built, reference, inputs)
    }

    @Test(arguments: cases)
    func couplingsAndFieldAreTheFormulas(_ c: Case) throws {
        let (built, reference, _) = try Self.build(c)
        for t in 0..<c.heads {
            for j in 0..<c.tokens {
                #expect(abs(built.coefficients.field[t * c.tokens + j] - reference.field[t][j]) < 1e-12)
                for k in 0..<c.tokens {
                    #expect(abs(built.coefficients.coupling[(t * c.tokens + j) * c.tokens + k] - reference.coupling[t][j][k]) < 1e-12)
                }
                #expect(built.coefficients.coupling[(t * c.tokens + j) * c.tokens + j] == 0, "zero diagonal")
            }
        }
    }

    @Test(arguments: cases)
    func energyMatchesTheFormulaOnEveryState(_ c: Case) throws {
        let (built, reference, _) = try Self.build(c)
        #expect(built.model.variableCount == c.heads * c.tokens)
        #expect(built.model.vartype == .binary)
        let expectedParams = c.heads >= 2 ? QAMAV2Options(alpha: c.alpha, beta: c.beta, gamma: c.gamma).params
                                          : QAMAV2Options(alpha: c.alpha, beta: c.beta, gamma: .value(0)).params
        #expect(Set(built.model.params) == Set(expectedParams))
        // Couplings: every token pair within a head, and every head pair per token.
        let n = c.tokens, h = c.heads
        #expect(built.model.couplingCount == h * n * (n - 1) / 2 + n * h * (h - 1) / 2)
        for x in ReferenceQAMA.states(built.model.variableCount) {
            let e = try built.model.energy(of: x, params: c.params)
            let expected = reference.energy(x)
            #expect(abs(e - expected) <= 1e-9 * max(1, abs(expected)), "state \(x): \(e) vs \(expected)")
        }
    }

    @Test(arguments: cases)
    func termsAreTheFormulasTermsAndSumToTheEnergy(_ c: Case) throws {
        let (built, reference, _) = try Self.build(c)
        for x in ReferenceQAMA.states(built.model.variableCount) {
            let terms = try built.terms(x, params: c.params)
            #expect(terms.map(\.name) == ["query-key", "value", "head overlap"])
            let r = reference.terms(x)
            #expect(abs(terms[0].energy - r.queryKey) < 1e-9)
            #expect(abs(terms[1].energy - r.value) < 1e-9)
            #expect(abs(terms[2].energy - r.overlap) < 1e-9)
            let total = terms.reduce(0) { $0 + $1.energy }
            #expect(abs(total - (try built.model.energy(of: x, params: c.params))) < 1e-9)
        }
    }

    @Test func namesAndLayoutAreOneBitPerHeadAndToken() throws {
        let (built, _, _) = try Self.build(Self.cases[0])
        #expect(built.layout == QAMALayout(heads: 2, tokens: 3, bits: 1, features: 4))
        #expect(built.model.names == ["x[t=0,j=0]", "x[t=0,j=1]", "x[t=0,j=2]", "x[t=1,j=0]", "x[t=1,j=1]", "x[t=1,j=2]"])
    }

    /// DESIGN.md: P = (γ/2)·√(2/π)·N/(H−1); for H = 3, N = 4, γ = 0.8: 0.4 · 0.7978845608028654 · 2 = 0.6383076486422923.
    @Test func penaltyFactorIsThePapersNormalisation() {
        #expect(abs(0.8 * QAMAV2Hamiltonian.penaltyPerGamma(heads: 3, tokens: 4) - 0.6383076486422923) < 1e-15)
        #expect(QAMAV2Hamiltonian.penaltyPerGamma(heads: 1, tokens: 4) == 0)
    }

    @Test func defaultsAreThePapersCoefficients() {
        let o = QAMAV2Options()
        #expect(o.alpha == .value(1) && o.beta == .value(0.16) && o.gamma == .value(0.8) && o.e2v == nil)
    }
}
