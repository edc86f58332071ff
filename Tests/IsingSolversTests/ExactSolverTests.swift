import IsingCore
import IsingSolvers
import Testing

@Suite("Exact solver")
struct ExactSolverTests {
    @Test("ground energy and ground states agree with brute force", arguments: [(6, 1), (11, 2), (14, 3), (15, 4)])
    func agreesWithBruteForce(n: Int, seed: UInt64) throws {
        let problem = TestModels.random(n: n, seed: seed)
        let reference = TestModels.bruteForce(problem)
        let result = try ExactSolver(threads: 2).solve(problem, control: .none)
        #expect(abs(result.energies.min()! - reference.energy) < 1e-9)
        #expect(Set(result.rows) == reference.states)
        for r in 0..<result.reads { #expect(result.energies[r] == problem.energy(result.sample(r))) }
    }

    @Test("reports every tied ground state and their count")
    func reportsTies() throws {
        let problem = TestModels.integerGlass(n: 16, seed: 7)
        let reference = TestModels.bruteForce(problem)
        let result = try ExactSolver(threads: 2).solve(problem, control: .none)
        #expect(reference.states.count >= 2)  // at least a state and its flip
        #expect(Set(result.rows) == reference.states)
        #expect(result.settings[name: "ground states"] == .int(reference.states.count))
    }

    @Test("caps the reported ground states but still counts them all")
    func capsReportedStates() throws {
        // No couplings, no fields: all 2^10 states are ground states.
        let problem = IsingProblem(n: 10, h: [Double](repeating: 0, count: 10), edges: [])
        let result = try ExactSolver(maxGroundStates: 5, threads: 1).solve(problem, control: .none)
        #expect(result.reads == 5)
        #expect(result.settings[name: "ground states"] == .int(1024))
        #expect(result.settings[name: "states"] == .power(base: 2, exponent: 10))
    }

    @Test("results do not depend on the thread count")
    func threadCountIndependent() throws {
        let problem = TestModels.integerGlass(n: 18, seed: 11)
        let one = try ExactSolver(threads: 1).solve(problem, control: .none)
        let two = try ExactSolver(threads: 2).solve(problem, control: .none)
        #expect(one.samples == two.samples)
        #expect(one.energies == two.energies)
    }

    @Test("dense and sparse layouts agree")
    func layoutsAgree() throws {
        let problem = TestModels.random(n: 13, density: 0.9, seed: 5)
        let sparse = try ExactSolver(threads: 1, layout: .sparse).solve(problem, control: .none)
        let dense = try ExactSolver(threads: 1, layout: .dense).solve(problem, control: .none)
        #expect(sparse.samples == dense.samples)
    }

    @Test("refuses more than 30 variables with a message that says why")
    func refuses31Variables() {
        let problem = IsingProblem(n: 31, h: [Double](repeating: 0, count: 31), edges: [(0, 1, 1)])
        #expect {
            try ExactSolver().solve(problem, control: .none)
        } throws: { error in
            (error as? SolverFailure)?.message
                == "exact() enumerates every state and refuses more than 30 variables; this model has 31"
        }
    }

    @Test("reports progress up to completion with the best energy")
    func reportsProgress() throws {
        let log = ProgressLog()
        let problem = TestModels.random(n: 14, seed: 9)
        let result = try ExactSolver(threads: 2).solve(problem, control: SolveControl(progress: log.record))
        #expect(log.all.last?.fraction == 1)
        #expect(log.all.last?.bestEnergy == result.energies.min())
    }
}
