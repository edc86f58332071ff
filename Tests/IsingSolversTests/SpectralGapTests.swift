import Foundation
import IsingCore
import IsingSolvers
import Testing

@Suite("Spectral gap of single-spin-flip Metropolis")
struct SpectralGapTests {
    /// The transition matrix built directly from the definition (energies by `IsingProblem.energy`, state by
    /// state), symmetrised with √π, and diagonalised densely: λ₂ of P, independently of the Lanczos code.
    static func denseGap(_ problem: IsingProblem, beta: Double) -> Double {
        let n = problem.n, m = 1 << n
        let energy = (0..<m).map { code in problem.energy((0..<n).map { (code >> $0) & 1 == 1 ? Int8(1) : -1 }) }
        var p = [Double](repeating: 0, count: m * m)
        for s in 0..<m {
            var stay = 1.0
            for i in 0..<n {
                let t = s ^ (1 << i)
                let move = min(1, exp(-beta * (energy[t] - energy[s]))) / Double(n)
                p[s * m + t] = move
                stay -= move
            }
            p[s * m + s] = stay
        }
        let lowest = energy.min()!
        let root = energy.map { exp(-0.5 * beta * ($0 - lowest)) }  // √π up to a constant
        var symmetric = p
        for s in 0..<m { for t in 0..<m { symmetric[s * m + t] = root[s] / root[t] * p[s * m + t] } }
        for s in 0..<m { for t in 0..<m { precondition(abs(symmetric[s * m + t] - symmetric[t * m + s]) < 1e-12, "reversible") } }
        let eigenvalues = JacobiEigenvalues.of(symmetric, size: m)
        precondition(abs(eigenvalues[0] - 1) < 1e-12)
        return 1 - eigenvalues[1]
    }

    @Test("agrees with a dense eigen-decomposition of the transition matrix on random models",
          arguments: [(3, 0.3, 1), (5, 1.0, 2), (6, 3.0, 3), (7, 0.7, 4), (8, 2.0, 5)] as [(Int, Double, UInt64)])
    func matchesDense(n: Int, beta: Double, seed: UInt64) throws {
        let problem = TestModels.random(n: n, density: 0.6, seed: seed)
        let reference = Self.denseGap(problem, beta: beta)
        let e = try #require(SpectralGap.estimates(problem, betas: [beta], control: .none).first)
        #expect(e.converged)
        #expect(abs(e.gap - reference) <= 1e-9 * max(reference, 1e-3), "Lanczos \(e.gap) vs dense \(reference)")
        #expect(e.relaxationSweeps == 1 / (Double(n) * e.gap))
    }

    @Test("agrees with the dense reference on integer spin glasses at low temperature (small gaps)",
          arguments: [(6, 1), (8, 2)] as [(Int, UInt64)])
    func integerGlass(n: Int, seed: UInt64) throws {
        let problem = TestModels.integerGlass(n: n, density: 0.6, seed: seed)
        for beta in [0.5, 2.0] {
            let reference = Self.denseGap(problem, beta: beta)
            let e = try #require(SpectralGap.estimates(problem, betas: [beta], control: .none).first)
            #expect(abs(e.gap - reference) <= 1e-9 * max(reference, 1e-3), "β \(beta): Lanczos \(e.gap) vs dense \(reference)")
        }
    }

    /// At β = 0 every proposal is accepted: the chain is the lazy-free random walk on the n-cube, whose
    /// eigenvalues are 1 − 2k/n, so δ = 2/n and the relaxation time is 1/2 sweep, whatever the couplings.
    @Test("at β = 0 the gap is 2/n")
    func infiniteTemperature() throws {
        let problem = TestModels.random(n: 9, seed: 6)
        let e = try #require(SpectralGap.estimates(problem, betas: [0], control: .none).first)
        #expect(abs(e.gap - 2.0 / 9) < 1e-12)
        #expect(abs(e.relaxationSweeps - 0.5) < 1e-10)
    }

    /// One spin in a field h: E(±1) = ±h. P(+1 → −1) = 1, P(−1 → +1) = e^(−2βh); a two-state chain has
    /// λ₂ = 1 − 1 − e^(−2βh), so δ = 1 + e^(−2βh).
    @Test("one spin in a field: δ = 1 + e^(−2βh)")
    func oneSpin() throws {
        let problem = IsingProblem(n: 1, h: [1], edges: [])
        let e = try SpectralGap.estimates(problem, betas: [0.5, 2], control: .none)
        #expect(abs(e[0].gap - (1 + exp(-1.0))) < 1e-14)
        #expect(abs(e[1].gap - (1 + exp(-4.0))) < 1e-14)
    }

    @Test("thread count does not change the result")
    func threadCountIndependent() throws {
        let problem = TestModels.integerGlass(n: 14, density: 0.3, seed: 7)
        let one = try SpectralGap.estimates(problem, betas: [0.8], threads: 1, control: .none)
        let two = try SpectralGap.estimates(problem, betas: [0.8], threads: 2, control: .none)
        #expect(one == two)
    }

    @Test("a cancelled control stops it")
    func cancels() {
        let control = SolveControl()
        control.cancel()
        #expect(throws: SolveCancelled.self) {
            try SpectralGap.estimates(TestModels.integerGlass(n: 16, seed: 3), betas: [1], control: control)
        }
    }

    @Test("refuses models above the size limit, naming the limit and the size")
    func sizeLimit() {
        let problem = TestModels.random(n: 21, density: 0.1, seed: 1)
        do {
            _ = try SpectralGap.estimates(problem, betas: [1], control: .none)
            Issue.record("a 21-spin model was accepted")
        } catch let e as SolverFailure {
            #expect(e.message == "gap() builds the 2^n-state Metropolis chain and is limited to 20 spins; this model has 21")
        } catch {
            Issue.record("unexpected \(error)")
        }
    }
}
