import IsingCore
import IsingSolvers
import QAMALang
import Testing

@Suite("SolverExpression: a solver written in the language, for the batch commands")
struct SolverExpressionTests {
    @Test("sa(...) gives the kernel's SimulatedAnnealing with the written arguments, one thread, the seed drawn as seed(n) would")
    func annealer() throws {
        let solver = try SolverExpression("sa(reads: 3, sweeps: 7)").solver(seed: 5)
        let sa = try #require(solver as? SimulatedAnnealing)
        var stream = SeededRandom(seed: 5)
        #expect(sa.reads == 3 && sa.sweeps == 7 && sa.threads == 1 && sa.seed == stream.next())
        #expect(sa.betaRange == nil && sa.schedule == .geometric)
    }

    @Test("defaults are the builtin's own: sa() has SimulatedAnnealing's reads and sweeps")
    func defaults() throws {
        let sa = try #require(try SolverExpression("sa()").solver(seed: 0) as? SimulatedAnnealing)
        let plain = SimulatedAnnealing()
        #expect(sa.reads == plain.reads && sa.sweeps == plain.sweeps)
    }

    @Test("exact() and sb() run on one thread; different seeds give different solver seeds")
    func others() throws {
        let exact = try #require(try SolverExpression("exact()").solver(seed: 1) as? ExactSolver)
        #expect(exact.threads == 1)
        let expression = try SolverExpression("sb(agents: 4)")
        let a = try #require(try expression.solver(seed: 1) as? SimulatedBifurcation)
        let b = try #require(try expression.solver(seed: 2) as? SimulatedBifurcation)
        var one = SeededRandom(seed: 1), two = SeededRandom(seed: 2)
        #expect(a.threads == 1 && a.seed == one.next() && b.seed == two.next())
    }

    @Test("bad expressions are the language's positioned errors", arguments: [
        ("sa(seed: 3)", "solver:1:4: ValueError: leave seed: to the batch (its --seed option), not the solver expression\n    sa(seed: 3)\n       ^"),
        ("sb(threads: 2)", "solver:1:4: ValueError: leave threads: to the batch (its --threads option), not the solver expression\n    sb(threads: 2)\n       ^"),
        ("1 + 2", "solver: TypeError: the solver expression must give a Solver such as sa(), sb() or exact(), not Number"),
    ])
    func refused(source: String, message: String) {
        #expect { try SolverExpression(source) } throws: { "\($0)" == message }
    }
}
