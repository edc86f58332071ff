import Foundation
import IsingCore
import IsingSolvers
import QAMA
import Testing

/// The structured (token-level / low-rank) forms of both formulations against the generic models the QAMA
/// module compiles from the same Q, K, V: energies of random states, the field every bit sees and the ΔE of
/// random flips, through a chain of flips, to 1e-9 relative.
@Suite("Structured QAMA agrees with the generic (expanded) models")
struct StructuredAgreementTests {
    /// The generic ΔE of flipping bit i: in spins s = 2x − 1 the Ising problem gives −2·s_i·(h_i + Σ_j J_ij s_j).
    static func genericDelta(_ ising: IsingProblem, _ x: [Int8], _ i: Int) -> Double {
        let s = x.map { Double(2 * Int($0) - 1) }
        var field = ising.h[i]
        for p in ising.rowStart[i]..<ising.rowStart[i + 1] { field += ising.values[p] * s[Int(ising.columns[p])] }
        return -2 * s[i] * field
    }

    /// ∂E/∂x_i of the binary model, from two energies (E is multilinear): E(x with x_i = 1) − E(x with x_i = 0).
    static func genericSlope(_ model: CompiledModel, _ x: [Int8], _ i: Int) throws -> Double {
        var on = x, off = x
        on[i] = 1; off[i] = 0
        return try model.energy(of: on, params: [:]) - model.energy(of: off, params: [:])
    }

    /// The structured problem's energy, its state's running energy and its three terms (query-key, value,
    /// head overlap) equal the generic model's; returns the scale the comparisons used.
    static func expectSameEnergy(_ energy: Double, structured: Double, running: Double, terms: [Double], own: [Double]) -> Double {
        let scale = abs(energy) + 1
        #expect(close(structured, energy, scale: scale))
        #expect(close(running, energy, scale: scale))
        #expect(terms.count == 3 && own.count == 3)
        for (mine, theirs) in zip(own, terms) { #expect(close(mine, theirs, scale: scale)) }
        return scale
    }

    static func close(_ a: Double, _ b: Double, scale: Double) -> Bool { abs(a - b) <= 1e-9 * max(scale, abs(a), abs(b)) }

    static func randomBits(_ n: Int, _ rng: inout SeededRandom) -> [Int8] { (0..<n).map { _ in Int8(rng.next() >> 63) } }

    @Test("v1: energy, token field and ΔE equal the generic model's", arguments: [
        (2, 5, 4, 3, QAMACoupling.js, true), (3, 4, 6, 2, .dot, false), (1, 7, 5, 4, .dot, true), (4, 3, 3, 1, .js, false),
    ])
    func v1Agrees(heads: Int, tokens: Int, features: Int, bits: Int, coupling: QAMACoupling, normalize: Bool) throws {
        let inputs = TinyInputs.make(heads: heads, tokens: tokens, features: features, seed: UInt64(heads * 10 + tokens))
        let options = QAMAV1Options(bits: bits, alpha: .value(1.3), beta: .value(0.7), gamma: .value(2.5),
                                    coupling: coupling, normalize: normalize)
        let generic = try QAMAV1Hamiltonian(query: inputs.q, key: inputs.k, value: inputs.v, options: options)
        let problem = try StructuredQAMAV1Problem(heads: heads, tokens: tokens, bits: bits, coupling: generic.coefficients.coupling,
                                                  field: generic.coefficients.field, alpha: 1.3, beta: 0.7, gamma: 2.5)
        #expect(problem.variableCount == generic.model.variableCount)
        #expect(problem.expandedCouplingCount == generic.model.couplingCount)
        let ising = try generic.model.isingProblem(params: [:])
        var rng = SeededRandom(seed: 3)
        var x = Self.randomBits(problem.variableCount, &rng)
        let state = StructuredQAMAV1State(problem: problem, bits: x)
        let n = tokens
        for _ in 0..<80 {
            let own = problem.termEnergies(x)
            let scale = Self.expectSameEnergy(try generic.model.energy(of: x, params: [:]), structured: problem.energy(x),
                                              running: state.energy, terms: try generic.terms(x, params: [:]).map(\.energy),
                                              own: [own.queryKey, own.value, own.headOverlap])
            let t = Int(rng.next() % UInt64(heads)), i = Int(rng.next() % UInt64(n)), k = Int(rng.next() % UInt64(bits))
            let index = (t * n + i) * bits + k
            // The token field, from the definition: Σ_j (J_ij + J_ji)·w_j.
            let w = try generic.layout.weights(x), j = generic.coefficients.coupling
            var phi = 0.0
            for b in 0..<n { phi += (j[(t * n + i) * n + b] + j[(t * n + b) * n + i]) * w[t * n + b] }
            #expect(Self.close(state.tokenField(head: t, token: i), phi, scale: abs(phi) + 1))
            // The bit's slope is what the generic model's field gives it.
            let slope = try Self.genericSlope(generic.model, x, index)
            let delta = state.flipDelta(head: t, token: i, bit: k)
            #expect(Self.close(delta, x[index] == 0 ? slope : -slope, scale: scale))
            #expect(Self.close(delta, Self.genericDelta(ising, x, index), scale: scale))
            state.flip(head: t, token: i, bit: k)
            x[index] = 1 - x[index]
            #expect(state.state == x)
        }
    }

    @Test("v2: energy, local field and ΔE equal the generic model's", arguments: [(2, 6, 4), (3, 5, 8), (1, 9, 3), (4, 4, 5)])
    func v2Agrees(heads: Int, tokens: Int, features: Int) throws {
        let inputs = TinyInputs.make(heads: heads, tokens: tokens, features: features, seed: UInt64(100 + heads * tokens))
        let generic = try QAMAV2Hamiltonian(query: inputs.q, key: inputs.k, value: inputs.v,
                                            options: QAMAV2Options(alpha: .value(0.9), beta: .value(0.3), gamma: .value(1.2)))
        let problem = try StructuredQAMAProblem(heads: heads, tokens: tokens, features: features, query: inputs.q.storage,
                                                key: inputs.k.storage, valueField: generic.coefficients.field,
                                                alpha: 0.9, beta: 0.3, gamma: 1.2)
        #expect(problem.expandedCouplingCount == generic.model.couplingCount)
        let ising = try generic.model.isingProblem(params: [:])
        var rng = SeededRandom(seed: 4)
        var x = Self.randomBits(problem.variableCount, &rng)
        let state = StructuredQAMAState(problem: problem, bits: x)
        let n = tokens
        for _ in 0..<80 {
            let own = problem.termEnergies(x)
            let scale = Self.expectSameEnergy(try generic.model.energy(of: x, params: [:]), structured: problem.energy(x),
                                              running: state.energy, terms: try generic.terms(x, params: [:]).map(\.energy),
                                              own: [own.queryKey, own.value, own.headOverlap])
            let t = Int(rng.next() % UInt64(heads)), j = Int(rng.next() % UInt64(n)), index = t * n + j
            var phi = 0.0
            for k in 0..<n { phi += generic.coefficients.coupling[(t * n + j) * n + k] * Double(x[t * n + k]) }
            #expect(Self.close(state.localField(head: t, token: j), phi, scale: abs(phi) + 1))
            let slope = try Self.genericSlope(generic.model, x, index)
            let delta = state.flipDelta(head: t, token: j)
            #expect(Self.close(delta, x[index] == 0 ? slope : -slope, scale: scale))
            #expect(Self.close(delta, Self.genericDelta(ising, x, index), scale: scale))
            state.flip(head: t, token: j)
            x[index] = 1 - x[index]
        }
    }

    @Test("v1 and v2: tiny models' exact ground states are found by the structured annealer and by exact() on the generic model")
    func groundStates() throws {
        let inputs = TinyInputs.make(heads: 2, tokens: 3, features: 4, seed: 77)
        // v1, 2 heads × 3 tokens × 2 bits = 12 variables.
        let v1 = try QAMAV1Hamiltonian(query: inputs.q, key: inputs.k, value: inputs.v, options: QAMAV1Options(bits: 2))
        let p1 = try StructuredQAMAV1Problem(heads: 2, tokens: 3, bits: 2, coupling: v1.coefficients.coupling,
                                             field: v1.coefficients.field, alpha: 1, beta: 1, gamma: 2)
        let exact1 = try ExactSolver(threads: 1).solve(try v1.model.isingProblem(params: [:]), control: .none)
        let brute1 = (0..<(1 << 12)).map { code in p1.energy((0..<12).map { Int8((code >> $0) & 1) }) }.min()!
        let sa1 = try StructuredSimulatedAnnealing(reads: 10, sweeps: 300, seed: 5, threads: 1).solve(p1, control: .none)
        #expect(Self.close(exact1.energies.min()!, brute1, scale: 1))
        #expect(Self.close(sa1.energies.min()!, brute1, scale: 1))
        // v2, 2 heads × 3 tokens = 6 variables.
        let v2 = try QAMAV2Hamiltonian(query: inputs.q, key: inputs.k, value: inputs.v)
        let p2 = try StructuredQAMAProblem(heads: 2, tokens: 3, features: 4, query: inputs.q.storage, key: inputs.k.storage,
                                           valueField: v2.coefficients.field)
        let exact2 = try ExactSolver(threads: 1).solve(try v2.model.isingProblem(params: [:]), control: .none)
        let brute2 = (0..<(1 << 6)).map { code in p2.energy((0..<6).map { Int8((code >> $0) & 1) }) }.min()!
        let sa2 = try StructuredSimulatedAnnealing(reads: 10, sweeps: 300, seed: 5, threads: 1).solve(p2, control: .none)
        #expect(Self.close(exact2.energies.min()!, brute2, scale: 1))
        #expect(Self.close(sa2.energies.min()!, brute2, scale: 1))
        // Every reported energy is the generic model's energy of that sample.
        for (result, model) in [(sa1, v1.model), (sa2, v2.model)] {
            for r in 0..<result.reads {
                let e = try model.energy(of: Array(result.sample(r)), params: [:])
                #expect(Self.close(result.energies[r], e, scale: 0))
            }
        }
    }
}
