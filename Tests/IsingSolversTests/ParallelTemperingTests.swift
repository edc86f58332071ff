import Foundation
import IsingCore
import IsingSolvers
import Testing

@Suite("Parallel tempering")
struct ParallelTemperingTests {
    @Test("finds the exact ground state of small random models", arguments: [(10, 1), (16, 2), (20, 3)])
    func findsGroundState(n: Int, seed: UInt64) throws {
        let problem = TestModels.random(n: n, seed: seed)
        let ground = try ExactSolver(threads: 1).solve(problem, control: .none).energies.min()!
        let result = try ParallelTempering(reads: 2, replicas: 8, sweeps: 200, seed: 42, threads: 2).solve(problem, control: .none)
        #expect(abs(result.energies.min()! - ground) < 1e-9)
        #expect(result.reads == 2)
        for r in 0..<result.reads { #expect(result.energies[r] == problem.energy(result.sample(r))) }
    }

    @Test("finds both ground states' energy of an integer spin glass and reports its exchange rates")
    func integerGlass() throws {
        let problem = TestModels.integerGlass(n: 18, seed: 5)
        let exact = TestModels.bruteForce(problem)
        let result = try ParallelTempering(reads: 3, replicas: 6, sweeps: 300, seed: 7, threads: 1).solve(problem, control: .none)
        for r in 0..<result.reads {
            #expect(result.energies[r] == exact.energy)
            #expect(exact.states.contains(Array(result.sample(r))))
        }
        guard case .minMean(let least, let mean)? = result.settings[name: "exchange acceptance"] else {
            Issue.record("no exchange acceptance reported"); return
        }
        #expect(0 < least && least <= mean && mean <= 1)
    }

    @Test("a fixed seed gives identical results with 1 and with 2 threads, and another seed differs")
    func threadCountIndependent() throws {
        let problem = TestModels.random(n: 40, density: 0.2, seed: 4)
        let one = try ParallelTempering(reads: 5, replicas: 4, sweeps: 50, seed: 99, threads: 1).solve(problem, control: .none)
        let two = try ParallelTempering(reads: 5, replicas: 4, sweeps: 50, seed: 99, threads: 2).solve(problem, control: .none)
        #expect(one.samples == two.samples)
        #expect(one.energies == two.energies)
        #expect(one.trace == two.trace && one.meanTrace == two.meanTrace)
        #expect(one.trace.count == 50 && one.trace == one.trace.sorted(by: >=), "the best-so-far trace never rises")
        let other = try ParallelTempering(reads: 5, replicas: 4, sweeps: 50, seed: 100, threads: 1).solve(problem, control: .none)
        #expect(other.samples != one.samples)
    }

    @Test("the default β range is SA's")
    func defaultBeta() throws {
        let problem = TestModels.integerGlass(n: 12, seed: 3)
        let r = SimulatedAnnealing.defaultBetaRange(for: problem)
        let result = try ParallelTempering(replicas: 3, sweeps: 5, seed: 1).solve(problem, control: .none)
        #expect(result.settings[name: "beta"] == .range(r.hot, r.cold))
    }

    @Test("bad parameters are refused with a message")
    func refusesBadParameters() {
        let problem = TestModels.random(n: 4, seed: 1)
        #expect(throws: SolverFailure.self) { try ParallelTempering(replicas: 0).solve(problem, control: .none) }
        #expect(throws: SolverFailure.self) { try ParallelTempering(betaRange: (0, 1)).solve(problem, control: .none) }
    }

    @Test("cancellation stops a long run")
    func cancels() {
        let problem = TestModels.random(n: 200, density: 0.1, seed: 2)
        let control = SolveControl()
        control.cancel()
        #expect(throws: SolveCancelled.self) {
            try ParallelTempering(replicas: 8, sweeps: 100_000, seed: 1, threads: 1).solve(problem, control: control)
        }
    }
}
