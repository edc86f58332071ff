import Dispatch
import Foundation
import IsingCore
import IsingSolvers
import Testing

/// The v2 QAMA Hamiltonian written out from DESIGN.md with plain loops: the independent reference the
/// structured form is checked against.
struct DenseQAMA {
    let heads: Int, tokens: Int
    let coupling: [[[Double]]]  // J[t][j][k], zero diagonal
    let h: [Double]
    let alpha: Double, beta: Double, penalty: Double

    init(_ p: StructuredQAMAProblem) {
        heads = p.heads; tokens = p.tokens
        let d = p.features
        var coupling = [[[Double]]](repeating: [[Double]](repeating: [Double](repeating: 0, count: p.tokens), count: p.tokens),
                                    count: p.heads)
        for t in 0..<p.heads {
            for j in 0..<p.tokens {
                for k in 0..<p.tokens where k != j {
                    var qk = 0.0, kq = 0.0
                    for f in 0..<d {
                        qk += p.query[(t * p.tokens + j) * d + f] * p.key[(t * p.tokens + k) * d + f]
                        kq += p.key[(t * p.tokens + j) * d + f] * p.query[(t * p.tokens + k) * d + f]
                    }
                    coupling[t][j][k] = (qk + kq) / (2 * Double(d).squareRoot())
                }
            }
        }
        self.coupling = coupling
        h = p.valueField
        alpha = p.alpha; beta = p.beta
        penalty = p.heads >= 2 ? p.gamma / 2 * (2 / Double.pi).squareRoot() * Double(p.tokens) / Double(p.heads - 1) : 0
    }

    func energy(_ x: [Int8]) -> Double {
        var qk = 0.0, value = 0.0, overlap = 0.0
        for t in 0..<heads {
            for j in 0..<tokens {
                for k in 0..<tokens where k != j {
                    qk += coupling[t][j][k] * Double(x[t * tokens + j]) * Double(x[t * tokens + k])
                }
                value += h[t * tokens + j] * Double(x[t * tokens + j])
            }
        }
        for j in 0..<tokens {
            for t in 0..<heads {
                for u in 0..<heads where u != t { overlap += Double(x[t * tokens + j]) * Double(x[u * tokens + j]) }
            }
        }
        return -alpha * qk - beta * Double(tokens) * value + penalty * overlap
    }

    /// Σ_{k≠j} J_t[j,k] x[t,k].
    func field(_ x: [Int8], head t: Int, token j: Int) -> Double {
        var f = 0.0
        for k in 0..<tokens where k != j { f += coupling[t][j][k] * Double(x[t * tokens + k]) }
        return f
    }

    /// The lowest energy over all 2^(H·N) states.
    func groundEnergy() -> Double {
        let n = heads * tokens
        var best = Double.infinity
        for code in 0..<(1 << n) {
            best = min(best, energy((0..<n).map { Int8((code >> $0) & 1) }))
        }
        return best
    }
}

enum StructuredModels {
    /// Gaussian Q, K and a uniform value field in [0, 1), as the QAMA inputs of the benchmarks.
    static func random(heads: Int, tokens: Int, features: Int, seed: UInt64,
                       alpha: Double = 1, beta: Double = 0.16, gamma: Double = 0.8) throws -> StructuredQAMAProblem {
        var rng = SeededRandom(seed: seed)
        let count = heads * tokens * features
        let q = (0..<count).map { _ in rng.nextGaussian() }
        let k = (0..<count).map { _ in rng.nextGaussian() }
        let h = (0..<(heads * tokens)).map { _ in rng.nextUnit() }
        return try StructuredQAMAProblem(heads: heads, tokens: tokens, features: features, query: q, key: k,
                                         valueField: h, alpha: alpha, beta: beta, gamma: gamma)
    }

    static func randomBits(_ n: Int, _ rng: inout SeededRandom) -> [Int8] { (0..<n).map { _ in Int8(rng.next() >> 63) } }
}

func relativeClose(_ a: Double, _ b: Double, _ tolerance: Double = 1e-9, scale: Double = 1) -> Bool {
    abs(a - b) <= tolerance * max(scale, abs(a), abs(b))
}

@Suite("Structured QAMA (v2)")
struct StructuredQAMATests {
    static let shapes: [(heads: Int, tokens: Int, features: Int)] = [(3, 7, 5), (2, 9, 16), (1, 6, 3), (4, 5, 12)]

    @Test("energy equals the explicit DESIGN.md energy for random states", arguments: 0..<4)
    func energyMatchesDense(shape: Int) throws {
        let s = Self.shapes[shape]
        let problem = try StructuredModels.random(heads: s.heads, tokens: s.tokens, features: s.features,
                                                  seed: UInt64(shape + 1), alpha: 1.3, beta: 0.4, gamma: 0.7)
        let dense = DenseQAMA(problem)
        var rng = SeededRandom(seed: 99)
        for _ in 0..<20 {
            let x = StructuredModels.randomBits(problem.variableCount, &rng)
            let expected = dense.energy(x)
            #expect(relativeClose(problem.energy(x), expected))
            #expect(relativeClose(StructuredQAMAState(problem: problem, bits: x).energy, expected))
        }
        #expect(problem.energy([Int8](repeating: 0, count: problem.variableCount)) == 0)
        #expect(problem.penalty == dense.penalty)
    }

    @Test("local field and ΔE equal the dense computation through a chain of flips", arguments: 0..<4)
    func fieldAndDeltaMatchDense(shape: Int) throws {
        let s = Self.shapes[shape]
        let problem = try StructuredModels.random(heads: s.heads, tokens: s.tokens, features: s.features,
                                                  seed: UInt64(10 + shape), alpha: 0.9, beta: 0.3, gamma: 1.1)
        let dense = DenseQAMA(problem)
        var rng = SeededRandom(seed: 7)
        var x = StructuredModels.randomBits(problem.variableCount, &rng)
        let state = StructuredQAMAState(problem: problem, bits: x)
        for _ in 0..<60 {
            let t = Int(rng.next() % UInt64(s.heads)), j = Int(rng.next() % UInt64(s.tokens))
            let i = t * s.tokens + j
            #expect(relativeClose(state.localField(head: t, token: j), dense.field(x, head: t, token: j)))
            var flipped = x
            flipped[i] = 1 - flipped[i]
            let expected = dense.energy(flipped) - dense.energy(x)
            let energyScale = abs(dense.energy(x)) + 1
            #expect(relativeClose(state.flipDelta(head: t, token: j), expected, scale: energyScale))
            // The annealer's Float dot product: within single precision of the energy scale.
            #expect(relativeClose(state.fastFlipDelta(head: t, token: j), expected, 1e-5, scale: energyScale))
            #expect(state.headCount(token: j) == (0..<s.heads).reduce(0) { $0 + Int(x[$1 * s.tokens + j]) })
            state.flip(head: t, token: j)
            x = flipped
            #expect(state.state == x)
            #expect(relativeClose(state.energy, dense.energy(x), scale: energyScale))
        }
    }

    @Test("the expanded model has the dense energy")
    func expandedModelMatchesDense() throws {
        let problem = try StructuredModels.random(heads: 3, tokens: 6, features: 5, seed: 3, alpha: 1.2, beta: 0.5, gamma: 0.9)
        let dense = DenseQAMA(problem)
        let model = try problem.expandedModel()
        #expect(model.variableCount == 18)
        #expect(model.couplingCount == problem.expandedCouplingCount)
        let ising = try model.isingProblem(params: [:])
        var rng = SeededRandom(seed: 5)
        for _ in 0..<20 {
            let x = StructuredModels.randomBits(18, &rng)
            #expect(relativeClose(try model.energy(of: x, params: [:]), dense.energy(x)))
            #expect(relativeClose(ising.energy(x.map { $0 == 1 ? 1 : -1 }), dense.energy(x)))
        }
    }

    @Test("structured SA finds the brute-force ground state of tiny models",
          arguments: [(2, 6, 4, 1), (3, 4, 8, 2), (1, 12, 3, 3), (4, 3, 6, 4), (2, 5, 9, 5)])
    func findsGroundState(heads: Int, tokens: Int, features: Int, seed: UInt64) throws {
        let problem = try StructuredModels.random(heads: heads, tokens: tokens, features: features, seed: seed)
        let dense = DenseQAMA(problem)
        let ground = dense.groundEnergy()
        let result = try StructuredSimulatedAnnealing(reads: 20, sweeps: 300, seed: 42, threads: 2)
            .solve(problem, control: .none)
        #expect(result.vartype == .binary)
        #expect(result.reads == 20)
        #expect(relativeClose(result.energies.min()!, ground, scale: abs(ground) + 1))
        for r in 0..<result.reads {
            let x = Array(result.sample(r))
            #expect(x.allSatisfy { $0 == 0 || $0 == 1 })
            #expect(result.energies[r] == problem.energy(x))
            #expect(relativeClose(result.energies[r], dense.energy(x), scale: abs(ground) + 1))
        }
        #expect(result.settings[name: "layout"] == .text("structured"))
    }

    @Test("results do not depend on thread count")
    func threadCountIndependent() throws {
        let problem = try StructuredModels.random(heads: 3, tokens: 40, features: 16, seed: 8)
        let one = try StructuredSimulatedAnnealing(reads: 5, sweeps: 50, seed: 11, threads: 1).solve(problem, control: .none)
        let two = try StructuredSimulatedAnnealing(reads: 5, sweeps: 50, seed: 11, threads: 2).solve(problem, control: .none)
        #expect(one.samples == two.samples)
        #expect(one.energies == two.energies)
        #expect(one.trace == two.trace)
        #expect(one.meanTrace == two.meanTrace)
        #expect(one.traceSteps == (1...50).map(Double.init))
        // The trace is exact: its last point is the best read's final energy.
        #expect(relativeClose(one.trace.last!, one.energies.min()!, 1e-12))
        let other = try StructuredSimulatedAnnealing(reads: 5, sweeps: 50, seed: 12, threads: 2).solve(problem, control: .none)
        #expect(other.samples != one.samples)
    }

    @Test("the default beta range equals SA's on the expanded model when every partner is visited")
    func betaRangeExact() throws {
        let problem = try StructuredModels.random(heads: 3, tokens: 20, features: 8, seed: 4)
        let structured = try StructuredSimulatedAnnealing.defaultBetaRange(for: problem)
        let generic = SimulatedAnnealing.defaultBetaRange(for: try problem.expandedModel().isingProblem(params: [:]))
        #expect(relativeClose(structured.hot, generic.hot, 1e-9))
        #expect(relativeClose(structured.cold, generic.cold, 1e-9))
    }

    @Test("the sampled default beta range: β_hot near SA's, β_cold near the expected smallest coupling")
    func betaRangeSampled() throws {
        let problem = try StructuredModels.random(heads: 2, tokens: 400, features: 16, seed: 6)
        let structured = try StructuredSimulatedAnnealing.defaultBetaRange(for: problem, threads: 2)
        let generic = SimulatedAnnealing.defaultBetaRange(for: try problem.expandedModel().isingProblem(params: [:]))
        // β_hot from sampled row sums (64 of 399 partners): within 10 % of the exact one.
        #expect(abs(structured.hot / generic.hot - 1) < 0.1)
        // β_cold: for Gaussian Q, K, J_t[j,k] has variance (d + d)/(4d) = 1/2, so the spin coupling α·J/2 has
        // σ = √2/4 and |J_s| the density f(0) = 2/(√(2π)·σ) at 0; the smallest of M = H·N(N−1)/2 of them is
        // 1/(M·f(0)) on average, giving β_cold = ln(2/0.01)·M·f(0)/2. The estimate (from the 16th smallest
        // sample) is within a factor 1.5 of that.
        let sigma = 2.0.squareRoot() / 4, pairs = 2.0 * 400 * 399 / 2
        let expected = log(200) * pairs * (2 / ((2 * Double.pi).squareRoot() * sigma)) / 2
        #expect(abs(log(structured.cold / expected)) < log(1.5))
        // SA's exact β_cold uses this model's realised minimum, exponentially distributed about that mean:
        // the two agree within two decades unless that minimum is below 1 % of its mean (probability 1 %).
        #expect(abs(log10(structured.cold / generic.cold)) < 2)
    }

    @Test("bad shapes are clear errors")
    func badShapes() {
        #expect(throws: SolverFailure.self) {
            try StructuredQAMAProblem(heads: 2, tokens: 3, features: 4, query: [Double](repeating: 0, count: 24),
                                      key: [Double](repeating: 0, count: 23), valueField: [Double](repeating: 0, count: 6))
        }
        #expect(throws: SolverFailure.self) {
            try StructuredQAMAProblem(heads: 2, tokens: 3, features: 4, query: [Double](repeating: 0, count: 24),
                                      key: [Double](repeating: .nan, count: 24), valueField: [Double](repeating: 0, count: 6))
        }
        #expect(throws: SolverFailure.self) {
            try StructuredSimulatedAnnealing(reads: 0, sweeps: 1, seed: 1).solve(
                StructuredModels.random(heads: 1, tokens: 2, features: 1, seed: 1), control: .none)
        }
    }
}

@Suite("Structured QAMA cancellation and progress")
struct StructuredQAMACancellationTests {
    /// 2 × 16,384 bits at d = 64: one sweep is 32,768 attempts, several cancellation checks.
    static let large = try! StructuredModels.random(heads: 2, tokens: 16_384, features: 64, seed: 21)

    @Test("a single sweep polls cancellation several times")
    func pollsWithinASweep() {
        let polls = Counter()
        let control = SolveControl(isCancelledExternally: { polls.increment() >= 3 })
        // An explicit beta range: only the sweep polls.
        let solver = StructuredSimulatedAnnealing(reads: 1, sweeps: 1, betaRange: (0.001, 1), seed: 1, threads: 1)
        #expect(throws: SolveCancelled.self) { try solver.solve(Self.large, control: control) }
        #expect(polls.value == 3)
    }

    @Test("cancel() stops a long solve")
    func cancelDuringSolve() throws {
        let control = SolveControl()
        let finished = DispatchSemaphore(value: 0)
        let outcome = ErrorBox()
        let problem = Self.large
        Thread.detachNewThread {
            do {
                _ = try StructuredSimulatedAnnealing(reads: 2, sweeps: 100_000_000, seed: 1, threads: 2)
                    .solve(problem, control: control)
            } catch { outcome.set(error) }
            finished.signal()
        }
        Thread.sleep(forTimeInterval: 0.05)
        control.cancel()
        // Generous: the wait only keeps a broken solver from hanging the suite.
        try #require(finished.wait(timeout: .now() + 30) == .success)
        #expect(outcome.error is SolveCancelled)
    }

    @Test("progress rises to 1 and carries the best energy")
    func progress() throws {
        let fractions = ProgressLog()
        let control = SolveControl(progress: { fractions.record($0) })
        let problem = try StructuredModels.random(heads: 2, tokens: 50, features: 8, seed: 2)
        let result = try StructuredSimulatedAnnealing(reads: 2, sweeps: 20, seed: 3, threads: 1).solve(problem, control: control)
        let reports = fractions.all
        #expect(reports.last?.fraction == 1)
        #expect(reports.last?.bestEnergy == result.energies.min())
        #expect(zip(reports, reports.dropFirst()).allSatisfy { $0.fraction <= $1.fraction })
    }
}
