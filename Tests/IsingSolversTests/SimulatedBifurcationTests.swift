import IsingCore
import IsingSolvers
import Testing

@Suite("Simulated bifurcation")
struct SimulatedBifurcationTests {
    @Test("finds the exact ground state of small models in every mode",
          arguments: SimulatedBifurcation.Mode.allCases)
    func findsGroundState(mode: SimulatedBifurcation.Mode) throws {
        // Ballistic SB relaxes through continuous amplitudes and can settle 0.02 above the ground state of
        // a model with real-valued fields, so it is held to the integer spin glasses; dSB and HdSB to both.
        var problems = [TestModels.integerGlass(n: 14, seed: 31), TestModels.integerGlass(n: 16, seed: 32)]
        if mode != .ballistic { problems += [TestModels.random(n: 14, seed: 21), TestModels.random(n: 14, seed: 22)] }
        for problem in problems {
            let ground = try ExactSolver(threads: 1).solve(problem, control: .none).energies.min()!
            let result = try SimulatedBifurcation(mode: mode, agents: 64, steps: 500, seed: 1, threads: 2)
                .solve(problem, control: .none)
            #expect(abs(result.energies.min()! - ground) < 1e-9)
            #expect(result.reads == 64)
            for r in 0..<result.reads { #expect(result.energies[r] == problem.energy(result.sample(r))) }
        }
    }

    @Test("fields act through the ancilla: strong fields pin every spin against them")
    func fieldsThroughAncilla() throws {
        let problem = IsingProblem(n: 6, h: [3, 3, 3, -3, -3, -3], edges: [(0, 1, 0.5), (2, 3, 0.5), (4, 5, -0.5)])
        let result = try SimulatedBifurcation(agents: 8, steps: 200, seed: 2, threads: 1).solve(problem, control: .none)
        #expect(Array(result.sample(result.bestIndex)) == [-1, -1, -1, 1, 1, 1])
    }

    @Test("a fixed seed gives identical results with 1 and with 2 threads")
    func threadCountIndependent() throws {
        let problem = TestModels.random(n: 30, density: 0.3, seed: 6)
        for mode in SimulatedBifurcation.Mode.allCases {
            let one = try SimulatedBifurcation(mode: mode, agents: 70, steps: 150, seed: 8, threads: 1)
                .solve(problem, control: .none)
            let two = try SimulatedBifurcation(mode: mode, agents: 70, steps: 150, seed: 8, threads: 2)
                .solve(problem, control: .none)
            #expect(one.samples == two.samples)
            #expect(one.trace == two.trace)
            #expect(one.meanTrace == two.meanTrace)
        }
    }

    @Test("dense and sparse layouts give the same samples")
    func layoutsAgree() throws {
        let problem = TestModels.random(n: 25, density: 0.8, seed: 10)
        let sparse = try SimulatedBifurcation(agents: 40, steps: 120, seed: 4, threads: 1, layout: .sparse)
            .solve(problem, control: .none)
        let dense = try SimulatedBifurcation(agents: 40, steps: 120, seed: 4, threads: 1, layout: .dense)
            .solve(problem, control: .none)
        #expect(sparse.samples == dense.samples)
    }

    @Test("records parameters, traces and progress; early stop ends converged runs")
    func traceParametersProgress() throws {
        let log = ProgressLog()
        let problem = TestModels.random(n: 20, seed: 14)
        let result = try SimulatedBifurcation(mode: .discrete, agents: 32, steps: 300, dt: 0.5, c0: 0.2, seed: 3,
                                              threads: 1)
            .solve(problem, control: SolveControl(progress: log.record))
        // 20 variables, 20% dense at most: below SB's dense threshold (0.75), so sparse; one block of 32 agents.
        #expect(result.settings == [
            .fixed("mode", .text("discrete")), .fixed("agents", .int(32)), .fixed("steps", .int(300)), .fixed("dt", .number(0.5)),
            .fixed("c0", .number(0.2)), .fixed("a0", .int(1)), .seed(3), .threads(1), .fixed("layout", .text("sparse")),
        ])
        #expect(result.trace.count == 100 && result.meanTrace.count == 100)
        #expect(zip(result.trace, result.trace.dropFirst()).allSatisfy { $0 >= $1 })
        #expect(log.all.last?.fraction == 1)

        let stopped = try SimulatedBifurcation(agents: 32, steps: 20_000, seed: 3, earlyStop: true, threads: 1)
            .solve(problem, control: .none)
        guard case .int(let ran)? = stopped.settings[name: "steps run"] else { Issue.record("no steps run reported"); return }
        #expect(ran < 20_000)
    }
}
