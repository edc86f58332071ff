import IsingCore
import IsingSolvers
import Testing

@Suite("CouplingPrecision: what a machine with b bits can hold, and quantising to it")
struct CouplingPrecisionTests {
    @Test("b bits hold the integers within ±(2^(b−1) − 1)")
    func range() throws {
        let eight = try CouplingPrecision(bits: 8)
        #expect(eight.maxMagnitude == 127)
        #expect(eight.admits(127) && eight.admits(-127) && eight.admits(0))
        #expect(!eight.admits(128) && !eight.admits(0.5) && !eight.admits(.nan))
        #expect(throws: SolverFailure.self) { try CouplingPrecision(bits: 1) }
    }

    @Test("the first coefficient out of range is named")
    func violation() throws {
        let p = try CouplingPrecision(bits: 4)
        let ok = IsingProblem(n: 3, h: [7, -7, 0], edges: [(0, 1, 3)])
        let bad = IsingProblem(n: 3, h: [1, 0, 0], edges: [(0, 2, 1), (1, 2, 8)])
        #expect(p.firstViolation(in: ok) == nil)
        #expect(p.firstViolation(in: bad)?.contains("J[1, 2] = 8.0") == true)
    }

    @Test("quantising scales h and J jointly onto the integers and measures what was lost")
    func quantise() throws {
        let p = try CouplingPrecision(bits: 8)
        let problem = IsingProblem(n: 3, h: [0.5, -0.25, 0], edges: [(0, 1, 1.0), (1, 2, -0.75)], offset: 4)
        let q = p.quantise(problem)
        #expect(q.problem.h == [64, -32, 0] && abs(q.scale - 1.0 / 127) < 1e-15)
        #expect(p.firstViolation(in: q.problem) == nil)
        #expect(q.relativeError > 0 && q.relativeError < 0.01)
        // A problem the machine can already hold is sent unscaled and loses nothing.
        let exact = p.quantise(IsingProblem(n: 2, h: [2, 0], edges: [(0, 1, -4)]))
        #expect(exact.relativeError == 0 && exact.scale == 1 && exact.problem.h == [2, 0] && exact.problem.values == [-4, -4])
        // At 3 bits (±3) a tiny coupling beside a large one rounds away: a large loss.
        let coarse = try CouplingPrecision(bits: 3).quantise(IsingProblem(n: 3, h: [0, 0, 0], edges: [(0, 1, 10), (1, 2, 1.2)]))
        #expect(coarse.problem.values.contains(0) && coarse.relativeError > 0.1)
    }
}
