import Foundation
import IsingCore
import IsingSolvers
import Testing

@Suite("Simulated annealing")
struct SimulatedAnnealingTests {
    @Test("finds the exact ground state of small random models", arguments: [(10, 1), (16, 2), (20, 3)])
    func findsGroundState(n: Int, seed: UInt64) throws {
        let problem = TestModels.random(n: n, seed: seed)
        let ground = try ExactSolver(threads: 1).solve(problem, control: .none).energies.min()!
        let result = try SimulatedAnnealing(reads: 20, sweeps: 300, seed: 42, threads: 2).solve(problem, control: .none)
        #expect(abs(result.energies.min()! - ground) < 1e-9)
        #expect(result.reads == 20)
        for r in 0..<result.reads {
            #expect(result.energies[r] == problem.energy(result.sample(r)))
            #expect(result.sample(r).allSatisfy { $0 == 1 || $0 == -1 })
        }
    }

    @Test("a fixed seed gives identical results with 1 and with 2 threads")
    func threadCountIndependent() throws {
        let problem = TestModels.random(n: 40, density: 0.2, seed: 4)
        let one = try SimulatedAnnealing(reads: 7, sweeps: 200, seed: 99, threads: 1).solve(problem, control: .none)
        let two = try SimulatedAnnealing(reads: 7, sweeps: 200, seed: 99, threads: 2).solve(problem, control: .none)
        #expect(one.samples == two.samples)
        #expect(one.energies == two.energies)
        #expect(one.trace == two.trace)
        #expect(one.meanTrace == two.meanTrace)
        let other = try SimulatedAnnealing(reads: 7, sweeps: 200, seed: 100, threads: 1).solve(problem, control: .none)
        #expect(other.samples != one.samples)
    }

    /// The dense kernel runs reads one at a time; the sparse one runs them four to a SIMD group, with the
    /// acceptance table when the problem is integer. All must agree bit for bit, including a partial group.
    @Test("dense and sparse kernels, one read at a time or four in lock-step, give the same results",
          arguments: [(TestModels.random(n: 30, density: 0.6, seed: 8), 4),
                      (TestModels.random(n: 50, density: 0.2, seed: 9), 7),
                      (TestModels.integerGlass(n: 80, density: 0.1, seed: 10), 6)])  // small fields: tabulated
    func layoutsAgree(problem: IsingProblem, reads: Int) throws {
        let sparse = try SimulatedAnnealing(reads: reads, sweeps: 100, seed: 3, threads: 2, layout: .sparse)
            .solve(problem, control: .none)
        let dense = try SimulatedAnnealing(reads: reads, sweeps: 100, seed: 3, threads: 1, layout: .dense)
            .solve(problem, control: .none)
        #expect(sparse.samples == dense.samples)
        #expect(sparse.energies == dense.energies)
        #expect(sparse.trace == dense.trace && sparse.meanTrace == dense.meanTrace)
        #expect(Set(sparse.energies).count > 1 || reads == 1, "reads differ from one another")
        #expect(dense.settings[name: "layout"] == .text("dense"))
        #expect(sparse.settings[name: "layout"] == .text("sparse"))
    }

    @Test("default beta range follows dwave-samplers' rule")
    func defaultBetaRange() {
        // Spins 0 and 1: 0.5 + 2 = 2.5 (the largest); every spin has 0.5 as its smallest bias (3 gaps).
        let problem = IsingProblem(n: 3, h: [0.5, 0, 0], edges: [(0, 1, 2), (1, 2, -0.5)])
        let range = SimulatedAnnealing.defaultBetaRange(for: problem)
        #expect(abs(range.hot - log(2) / (2 * 2.5)) < 1e-15)
        #expect(abs(range.cold - log(3 / 0.01) / (2 * 0.5)) < 1e-15)
        // No biases at all: dwave-samplers' fallback.
        let empty = IsingProblem(n: 2, h: [0, 0], edges: [])
        #expect(SimulatedAnnealing.defaultBetaRange(for: empty) == (0.1, 1))
    }

    @Test("records the settings it used (β range resolved), a running-best trace and progress")
    func traceParametersProgress() throws {
        let log = ProgressLog()
        let problem = TestModels.random(n: 30, seed: 12)
        let result = try SimulatedAnnealing(reads: 6, sweeps: 250, schedule: .linear, seed: 5, threads: 2)
            .solve(problem, control: SolveControl(progress: log.record))
        let range = SimulatedAnnealing.defaultBetaRange(for: problem)
        // Typed, in the order shown; the seed varies from run to run, the thread count never changes the samples.
        #expect(Array(result.settings.prefix(6)) == [
            .fixed("reads", .int(6)), .fixed("sweeps", .int(250)), .fixed("beta", .range(range.hot, range.cold)),
            .fixed("schedule", .text("linear")), .seed(5), .threads(2),
        ])
        #expect(result.settings.map(\.variation) == [.fixed, .fixed, .fixed, .fixed, .perRun, .incidental, .fixed])
        #expect(result.settings.fixed.map(\.name) == ["reads", "sweeps", "beta", "schedule", "layout"])
        #expect(result.settings.decisive.map(\.name) == ["reads", "sweeps", "beta", "schedule", "seed", "layout"])
        // One point every 250 / 100 = 2 sweeps, plus the last sweep.
        #expect(result.trace.count == 125)
        #expect(result.meanTrace.count == 125)
        #expect(zip(result.trace, result.trace.dropFirst()).allSatisfy { $0 >= $1 })
        #expect(zip(result.trace, result.meanTrace).allSatisfy { $0 <= $1 + 1e-9 })
        #expect(log.all.last?.fraction == 1)
        #expect(log.all.last?.bestEnergy == result.energies.min())
    }

    @Test("an unseeded run reports the seed it drew, which repeats the run")
    func drawnSeedRepeats() throws {
        let problem = TestModels.random(n: 20, seed: 13)
        let first = try SimulatedAnnealing(reads: 3, sweeps: 50, threads: 1).solve(problem, control: .none)
        guard case .seed(let seed)? = first.settings[name: "seed"] else { Issue.record("no seed reported"); return }
        let again = try SimulatedAnnealing(reads: 3, sweeps: 50, seed: seed, threads: 1).solve(problem, control: .none)
        #expect(again.samples == first.samples)
    }

    @Test("rejects nonsensical parameters")
    func rejectsBadParameters() {
        let problem = TestModels.random(n: 5, seed: 1)
        #expect(throws: SolverFailure.self) { try SimulatedAnnealing(reads: 0).solve(problem, control: .none) }
        #expect(throws: SolverFailure.self) {
            try SimulatedAnnealing(betaRange: (0, 1)).solve(problem, control: .none)
        }
    }
}
