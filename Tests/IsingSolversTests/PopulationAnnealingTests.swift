import Foundation
import IsingCore
import IsingSolvers
import Testing

@Suite("Population annealing")
struct PopulationAnnealingTests {
    @Test("finds the exact ground state of small random models", arguments: [(10, 1), (16, 2), (20, 3)])
    func findsGroundState(n: Int, seed: UInt64) throws {
        let problem = TestModels.random(n: n, seed: seed)
        let ground = try ExactSolver(threads: 1).solve(problem, control: .none).energies.min()!
        let result = try PopulationAnnealing(population: 40, sweeps: 100, seed: 42, threads: 2).solve(problem, control: .none)
        #expect(abs(result.energies.min()! - ground) < 1e-9)
        #expect(result.reads == 40 || result.reads == 41)
        for r in 0..<result.reads { #expect(result.energies[r] == problem.energy(result.sample(r))) }
    }

    @Test("a fixed seed gives identical results with 1 and with 2 threads, and another seed differs")
    func threadCountIndependent() throws {
        let problem = TestModels.random(n: 40, density: 0.2, seed: 4)
        let pa = PopulationAnnealing(population: 30, sweeps: 40, steps: 8, seed: 99, threads: 1)
        var two = pa
        two.threads = 2
        let a = try pa.solve(problem, control: .none), b = try two.solve(problem, control: .none)
        #expect(a.samples == b.samples)
        #expect(a.energies == b.energies)
        #expect(a.trace == b.trace && a.meanTrace == b.meanTrace)
        #expect(a.trace.count == 8)
        #expect(a.settings[name: "families"] == b.settings[name: "families"])
        var other = pa
        other.seed = 100
        #expect(try other.solve(problem, control: .none).samples != a.samples)
    }

    /// Copies have mean R·w_j/Σw and are ⌊τ_j⌋ or ⌈τ_j⌉. Hand example: energies 0, 1, 2 at Δβ = ln 2 give
    /// w = 1, 1/2, 1/4, τ = 3·(4/7, 2/7, 1/7) = 1.714, 0.857, 0.429; cumulative 1.714, 2.571, 3.
    @Test("systematic resampling keeps the population and follows the weights")
    func resampling() {
        // u = 0.5: pointers at 0.5, 1.5, 2.5 → member 0 gets two, member 1 one, member 2 none.
        #expect(SystematicResampling.copies(energies: [0, 1, 2], deltaBeta: log(2), uniform: 0.5) == [2, 1, 0])
        // u = 0.9: pointers at 0.9, 1.9, 2.9 → one each (2.9 lies in member 2's stretch 2.571 … 3).
        #expect(SystematicResampling.copies(energies: [0, 1, 2], deltaBeta: log(2), uniform: 0.9) == [1, 1, 1])
        // Δβ = 0: every member keeps exactly one copy.
        #expect(SystematicResampling.copies(energies: [5, -3, 2, 7], deltaBeta: 0, uniform: 0.3) == [1, 1, 1, 1])
        // Huge energy differences: no overflow, all copies go to the lowest.
        #expect(SystematicResampling.copies(energies: [1e6, 0, 1e6], deltaBeta: 10, uniform: 0.2) == [0, 3, 0])
    }

    @Test("bad parameters are refused with a message")
    func refusesBadParameters() {
        let problem = TestModels.random(n: 4, seed: 1)
        #expect(throws: SolverFailure.self) { try PopulationAnnealing(population: 0).solve(problem, control: .none) }
        #expect(throws: SolverFailure.self) { try PopulationAnnealing(sweeps: 5, steps: 6).solve(problem, control: .none) }
    }

    @Test("cancellation stops a long run")
    func cancels() {
        let problem = TestModels.random(n: 200, density: 0.1, seed: 2)
        let control = SolveControl()
        control.cancel()
        #expect(throws: SolveCancelled.self) {
            try PopulationAnnealing(population: 50, sweeps: 100_000, seed: 1, threads: 1).solve(problem, control: control)
        }
    }
}
