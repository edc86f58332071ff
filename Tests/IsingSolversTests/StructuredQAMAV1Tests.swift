import Dispatch
import Foundation
import IsingCore
import IsingSolvers
import Testing

/// The v1 energy written out from DESIGN.md over soft weights, with plain loops: the independent reference.
struct DenseQAMAV1 {
    let heads: Int, tokens: Int, bits: Int
    let coupling: [Double], field: [Double]
    let alpha: Double, beta: Double, gamma: Double

    func weights(_ x: [Int8]) -> [Double] {
        let scale = Double((1 << bits) - 1)
        var w = [Double](repeating: 0, count: heads * tokens)
        for slot in w.indices {
            var level = 0.0
            for k in 0..<bits { level += Double(x[slot * bits + k]) * Double(1 << k) }
            w[slot] = level / scale
        }
        return w
    }

    func energy(_ x: [Int8]) -> Double {
        let w = weights(x), n = tokens
        var e = 0.0
        for t in 0..<heads {
            for i in 0..<n {
                for j in 0..<n { e -= alpha * coupling[(t * n + i) * n + j] * w[t * n + i] * w[t * n + j] }
                e -= beta * field[t * n + i] * w[t * n + i]
            }
        }
        if heads >= 2 {
            let p = gamma / Double(heads * (heads - 1) / 2), slots = n * bits
            for t in 0..<heads { for u in (t + 1)..<heads { for s in 0..<slots { e += p * Double(x[t * slots + s] * x[u * slots + s]) } } }
        }
        return e
    }

    static func random(heads: Int, tokens: Int, bits: Int, seed: UInt64, alpha: Double = 1, beta: Double = 1,
                       gamma: Double = 2) throws -> (StructuredQAMAV1Problem, DenseQAMAV1) {
        var rng = SeededRandom(seed: seed)
        let j = (0..<(heads * tokens * tokens)).map { _ in rng.nextGaussian() }
        let h = (0..<(heads * tokens)).map { _ in rng.nextGaussian() }
        let problem = try StructuredQAMAV1Problem(heads: heads, tokens: tokens, bits: bits, coupling: j, field: h,
                                                  alpha: alpha, beta: beta, gamma: gamma)
        return (problem, DenseQAMAV1(heads: heads, tokens: tokens, bits: bits, coupling: j, field: h,
                                     alpha: alpha, beta: beta, gamma: gamma))
    }
}

@Suite("Structured QAMA (v1)")
struct StructuredQAMAV1Tests {
    @Test("energy, ΔE and the expanded model equal the DESIGN.md energy through a chain of flips",
          arguments: [(2, 5, 3), (3, 4, 2), (1, 6, 4), (4, 3, 1)])
    func energyAndDelta(heads: Int, tokens: Int, bits: Int) throws {
        let (problem, dense) = try DenseQAMAV1.random(heads: heads, tokens: tokens, bits: bits, seed: UInt64(heads + 10 * tokens),
                                                      alpha: 1.2, beta: -0.6, gamma: 1.7)
        let model = try problem.expandedModel()
        #expect(model.variableCount == heads * tokens * bits)
        #expect(model.couplingCount == problem.expandedCouplingCount)
        var rng = SeededRandom(seed: 8)
        var x = StructuredModels.randomBits(problem.variableCount, &rng)
        let state = StructuredQAMAV1State(problem: problem, bits: x)
        for _ in 0..<60 {
            let e = dense.energy(x), scale = abs(e) + 1
            #expect(relativeClose(problem.energy(x), e, scale: scale))
            #expect(relativeClose(state.energy, e, scale: scale))
            #expect(relativeClose(try model.energy(of: x, params: [:]), e, scale: scale))
            let t = Int(rng.next() % UInt64(heads)), i = Int(rng.next() % UInt64(tokens)), k = Int(rng.next() % UInt64(bits))
            let index = (t * tokens + i) * bits + k
            var flipped = x
            flipped[index] = 1 - flipped[index]
            #expect(relativeClose(state.flipDelta(head: t, token: i, bit: k), dense.energy(flipped) - e, scale: scale))
            state.flip(head: t, token: i, bit: k)
            x = flipped
            #expect(state.state == x)
        }
        #expect(problem.energy([Int8](repeating: 0, count: problem.variableCount)) == 0)
    }

    @Test("the annealer finds the brute-force ground state; its energies are the samples' energies",
          arguments: [(2, 3, 2, 1), (1, 5, 2, 2), (3, 2, 2, 3), (2, 4, 1, 4)])
    func groundState(heads: Int, tokens: Int, bits: Int, seed: UInt64) throws {
        let (problem, dense) = try DenseQAMAV1.random(heads: heads, tokens: tokens, bits: bits, seed: seed)
        let n = problem.variableCount
        let ground = (0..<(1 << n)).map { code in dense.energy((0..<n).map { Int8((code >> $0) & 1) }) }.min()!
        let result = try StructuredSimulatedAnnealing(reads: 16, sweeps: 400, seed: 9, threads: 2).solve(problem, control: .none)
        #expect(result.vartype == .binary)
        #expect(relativeClose(result.energies.min()!, ground, scale: abs(ground) + 1))
        for r in 0..<result.reads {
            let x = Array(result.sample(r))
            #expect(result.energies[r] == problem.energy(x))
            #expect(relativeClose(result.energies[r], dense.energy(x), scale: abs(ground) + 1))
        }
    }

    @Test("results do not depend on thread count; the trace ends at the best energy")
    func threadCountIndependent() throws {
        let (problem, _) = try DenseQAMAV1.random(heads: 3, tokens: 30, bits: 4, seed: 5)
        let one = try StructuredSimulatedAnnealing(reads: 5, sweeps: 40, seed: 2, threads: 1).solve(problem, control: .none)
        let two = try StructuredSimulatedAnnealing(reads: 5, sweeps: 40, seed: 2, threads: 2).solve(problem, control: .none)
        #expect(one.samples == two.samples)
        #expect(one.energies == two.energies)
        #expect(one.trace == two.trace)
        #expect(one.traceSteps == (1...40).map(Double.init))
        #expect(relativeClose(one.trace.last!, one.energies.min()!, 1e-9))
    }

    @Test("the default beta range equals SA's on the expanded model", arguments: [(2, 6, 3), (3, 5, 1), (1, 8, 4)])
    func betaRange(heads: Int, tokens: Int, bits: Int) throws {
        let (problem, _) = try DenseQAMAV1.random(heads: heads, tokens: tokens, bits: bits, seed: 12, alpha: 0.8, beta: 0.5, gamma: 1.5)
        let structured = try StructuredSimulatedAnnealing.defaultBetaRange(for: problem)
        let generic = SimulatedAnnealing.defaultBetaRange(for: try problem.expandedModel().isingProblem(params: [:]))
        #expect(relativeClose(structured.hot, generic.hot, 1e-9))
        #expect(relativeClose(structured.cold, generic.cold, 1e-9))
    }

    @Test("an interrupted solve hands back the reads that completed, then the one cut short at its best state")
    func cancelKeepsCompletedReads() throws {
        let (problem, _) = try DenseQAMAV1.random(heads: 2, tokens: 20, bits: 2, seed: 3)
        let polls = Counter()
        // Read 0 runs (few polls), then the next poll cancels.
        let control = SolveControl(isCancelledExternally: { polls.increment() > 2 })
        let solver = StructuredSimulatedAnnealing(reads: 3, sweeps: 5, betaRange: (0.1, 1), seed: 1, threads: 1)
        do {
            _ = try solver.solve(problem, control: control)
            Issue.record("expected a cancellation")
        } catch let cancelled as SolveCancelled {
            let partial = try #require(cancelled.partial)
            guard case .interrupted(let done, 3)? = partial.settings[name: "reads"] else {
                Issue.record("reads: \(String(describing: partial.settings[name: "reads"]))")
                return
            }
            #expect(done >= 1 && done < 3)
            #expect(partial.reads == done + 1)
            #expect(partial.settings[name: "cut short"] == .text("read \(done) (the best state reached before the interrupt)"))
            for r in 0..<partial.reads { #expect(partial.energies[r] == problem.energy(Array(partial.sample(r)))) }
        }
    }
}
