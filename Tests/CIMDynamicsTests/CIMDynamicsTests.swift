import Foundation
import IsingCore
import IsingSolvers
import Synchronization
import Testing

/// A frustrated random ±1 spin glass on `n` spins with fields, small enough to check exhaustively.
private func spinGlass(n: Int, seed: UInt64) -> IsingProblem {
    var random = SeededRandom(seed: seed)
    var edges: [(Int, Int, Double)] = []
    for i in 0..<n { for j in (i + 1)..<n where random.nextUnit() < 0.6 { edges.append((i, j, random.nextUnit() < 0.5 ? -1 : 1)) } }
    let h = (0..<n).map { _ in Double(Int(random.next() % 3) - 1) }
    return IsingProblem(n: n, h: h, edges: edges)
}

@Suite("CIMDynamics: the simulated machine's amplitude equations")
struct CIMDynamicsTests {
    @Test("optimize mode finds the exact ground state of small frustrated spin glasses")
    func findsGroundStates() throws {
        for seed in 1...4 as ClosedRange<UInt64> {
            let problem = spinGlass(n: 14, seed: seed)
            let result = try CIMDynamics(samples: 8, steps: 600, seed: seed).solve(problem, control: .none)
            #expect(result.energies.min()! == (try ExactSolver().solve(problem, control: .none)).energies.min()!)
        }
    }

    @Test("every returned energy is the energy of the returned spins, and the trace is monotone")
    func energiesMatchSamples() throws {
        let problem = spinGlass(n: 30, seed: 9)
        for mode in CIMDynamics.Mode.allCases {
            let result = try CIMDynamics(samples: 5, steps: 300, mode: mode, seed: 3).solve(problem, control: .none)
            #expect(result.reads == 5 && result.n == 30)
            for r in 0..<result.reads { #expect(result.energies[r] == problem.energy(result.sample(r))) }
            #expect(zip(result.trace, result.trace.dropFirst()).allSatisfy { $0 >= $1 })
            #expect(result.trace.last! <= result.energies.min()! + 1e-9)
        }
    }

    @Test("results depend on the seed only, not on the number of threads")
    func deterministic() throws {
        let problem = spinGlass(n: 40, seed: 2)
        let one = try CIMDynamics(samples: 6, steps: 200, seed: 11, threads: 1).solve(problem, control: .none)
        let many = try CIMDynamics(samples: 6, steps: 200, seed: 11, threads: 4).solve(problem, control: .none)
        let other = try CIMDynamics(samples: 6, steps: 200, seed: 12, threads: 1).solve(problem, control: .none)
        #expect(one.samples == many.samples && one.energies == many.energies && one.trace == many.trace)
        #expect(one.meanTrace != other.meanTrace)  // another seed starts other trajectories
    }

    @Test("the dynamics is scale-free: an integer-scaled problem gives the same spins")
    func scaleFree() throws {
        let problem = spinGlass(n: 20, seed: 5)
        var scaled = problem
        scaled.h = problem.h.map { $0 * 64 }
        scaled.values = problem.values.map { $0 * 64 }
        let a = try CIMDynamics(samples: 3, steps: 200, seed: 1).solve(problem, control: .none)
        let b = try CIMDynamics(samples: 3, steps: 200, seed: 1).solve(scaled, control: .none)
        #expect(a.samples == b.samples)
    }

    @Test("cancellation stops a long run with SolveCancelled")
    func cancellable() throws {
        let problem = spinGlass(n: 20, seed: 1)
        let control = SolveControl()
        Thread {
            Thread.sleep(forTimeInterval: 0.05)
            control.cancel()
        }.start()
        #expect(throws: SolveCancelled.self) {
            _ = try CIMDynamics(samples: 2, steps: 50_000_000, threads: 1).solve(problem, control: control)
        }
    }

    @Test("progress rises to 1 with the best energy at the end")
    func reportsProgress() throws {
        let problem = spinGlass(n: 12, seed: 4)
        let reports = Mutex<[SolveProgress]>([])
        let control = SolveControl(progress: { p in reports.withLock { $0.append(p) } })
        let result = try CIMDynamics(samples: 3, steps: 100, threads: 2).solve(problem, control: control)
        let seen = reports.withLock { $0 }
        #expect(seen.count > 3 && seen.allSatisfy { (0...1).contains($0.fraction) })
        #expect(seen.last?.fraction == 1 && seen.last?.bestEnergy == result.energies.min())
    }

    @Test("bad settings are SolverFailures")
    func rejectsBadSettings() {
        let problem = spinGlass(n: 4, seed: 1)
        #expect(throws: SolverFailure.self) { try CIMDynamics(samples: 0).solve(problem, control: .none) }
        #expect(throws: SolverFailure.self) { try CIMDynamics(steps: 0).solve(problem, control: .none) }
        #expect(throws: SolverFailure.self) { try CIMDynamics(dt: -1).solve(problem, control: .none) }
    }
}
