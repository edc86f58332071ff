import Foundation
import IsingCore
import IsingSolvers
import QAMALang
import Testing
import QAMABatch

/// H = 2 heads, N = 2 tokens, d = 1, α = 1, β = 0.5 (so β·N = 1), γ = 0.8. By hand (DESIGN.md's v2 energy):
/// J₀[0,1] = (1·1 + 3·2)/2 = 3.5, J₁[0,1] = (0·0 + 1·1)/2 = 0.5, −β·N·h = (−0.5, 0, 0, 1), P = 0.4·√(2/π)·2, so
///     E(x) = −7 x₀₀x₀₁ − x₁₀x₁₁ − 0.5 x₀₀ + x₁₁ + 2P (x₀₀x₁₀ + x₀₁x₁₁)     (bits x_tj at t·N + j)
/// with its one ground state (1, 1, 0, 0) at −7.5.
let handQuery = NDArray(shape: [1, 2, 2, 1], storage: [1, 2, 0, 1])
let handKey = NDArray(shape: [1, 2, 2, 1], storage: [3, 1, 1, 0])
let handField = NDArray(shape: [1, 2, 2], storage: [0.5, 0, 0, -1])
let handPenalty = 0.4 * (2 / Double.pi).squareRoot() * 2

func handBatch(copies: Int = 1) throws -> QAMABatch {
    func repeated(_ a: NDArray) -> NDArray {
        NDArray(shape: [copies] + a.shape.dropFirst(), storage: Array([[Double]](repeating: a.storage, count: copies).joined()))
    }
    return try QAMABatch.read(npy(repeated(handQuery), repeated(handKey), repeated(handField)), alpha: 1, beta: 0.5, gamma: 0.8)
}

@Suite("qama solve-qama: v2 QAMA batches in their low-rank form")
struct QAMABatchTests {
    @Test("the decoded problem has the hand-derived energy")
    func energies() throws {
        let batch = try handBatch()
        #expect(batch.heads == 2 && batch.tokens == 2 && batch.features == 1 && batch.problems.count == 1)
        let p = batch.problems[0]
        #expect(p.energy([1, 1, 0, 0] as [Int8]) == -7.5)
        #expect(p.energy([0, 0, 1, 1] as [Int8]) == 0)
        #expect(p.energy([1, 0, 0, 0] as [Int8]) == -0.5)
        #expect(abs(p.energy([1, 1, 1, 1] as [Int8]) - (-7.5 + 4 * handPenalty)) < 1e-12)
        #expect(abs(p.energy([1, 0, 1, 0] as [Int8]) - (-0.5 + 2 * handPenalty)) < 1e-12)
    }

    @Test("exact() and the structured sa() both find the ground state (1, 1, 0, 0) at −7.5",
          arguments: ["exact()", "sa(reads: 4, sweeps: 50)"])
    func groundState(solver: String) throws {
        let best = try handBatch(copies: 3).solve(SolverExpression(solver), seed: 1, threads: 2)
        #expect(best == [BatchSolve.Best](repeating: .init(sample: [1, 1, 0, 0], energy: -7.5), count: 3))
    }

    @Test("the seed fixes every problem's result whatever the thread count; another seed differs")
    func threadIndependent() throws {
        var rng = SeededRandom(seed: 3)
        let (b, h, n, d) = (6, 4, 12, 3)
        let uniform = { (count: Int) in (0..<count).map { _ in Double(rng.next() % 2001) / 1000 - 1 } }
        let bytes = npy(NDArray(shape: [b, h, n, d], storage: uniform(b * h * n * d)),
                        NDArray(shape: [b, h, n, d], storage: uniform(b * h * n * d)),
                        NDArray(shape: [b, h, n], storage: uniform(b * h * n)))
        let batch = try QAMABatch.read(bytes, alpha: 1, beta: 0.16, gamma: 0.8)
        let solver = try SolverExpression("sa(reads: 1, sweeps: 3)")  // short, so seeds show
        let one = try batch.solve(solver, seed: 9, threads: 1)
        #expect(try batch.solve(solver, seed: 9, threads: 2) == one)
        #expect(try batch.solve(solver, seed: 9, threads: 5) == one)
        #expect(try batch.solve(solver, seed: 10, threads: 2) != one)
        for (p, best) in one.enumerated() { #expect(abs(batch.problems[p].energy(best.sample) - best.energy) < 1e-9) }
    }

    @Test("short sequences anneal on the expanded couplings, long ones on the structured form")
    func annealingPath() throws {
        func problem(heads: Int, tokens: Int, features: Int) throws -> StructuredQAMAProblem {
            let count = heads * tokens * features
            return try StructuredQAMAProblem(heads: heads, tokens: tokens, features: features,
                                             query: [Double](repeating: 0.5, count: count), key: [Double](repeating: 0.5, count: count),
                                             valueField: [Double](repeating: 0, count: heads * tokens))
        }
        #expect(QAMABatch.expandsForAnnealing(try problem(heads: 8, tokens: 49, features: 8)))  // 48 + 7 ≤ 128
        #expect(QAMABatch.expandsForAnnealing(try problem(heads: 2, tokens: 16, features: 1)))  // 15 + 1 ≤ 16
        #expect(!QAMABatch.expandsForAnnealing(try problem(heads: 2, tokens: 17, features: 1)))  // 16 + 1 > 16
        #expect(!QAMABatch.expandsForAnnealing(try problem(heads: 1, tokens: 512, features: 8)))  // 511 > 128
    }

    @Test("the structured path too: seeds fix the result whatever the thread count, energies are the samples'")
    func structuredThreadIndependent() throws {
        var rng = SeededRandom(seed: 4)
        let (b, h, n, d) = (4, 2, 30, 1)  // 29 + 1 > 16: the structured annealer
        let uniform = { (count: Int) in (0..<count).map { _ in Double(rng.next() % 2001) / 1000 - 1 } }
        let bytes = npy(NDArray(shape: [b, h, n, d], storage: uniform(b * h * n * d)),
                        NDArray(shape: [b, h, n, d], storage: uniform(b * h * n * d)),
                        NDArray(shape: [b, h, n], storage: uniform(b * h * n)))
        let batch = try QAMABatch.read(bytes, alpha: 1, beta: 0.16, gamma: 0.8)
        #expect(!QAMABatch.expandsForAnnealing(batch.problems[0]))
        let solver = try SolverExpression("sa(reads: 2, sweeps: 5)")
        let one = try batch.solve(solver, seed: 9, threads: 1)
        #expect(try batch.solve(solver, seed: 9, threads: 3) == one)
        #expect(try batch.solve(solver, seed: 10, threads: 2) != one)
        for (p, best) in one.enumerated() { #expect(abs(batch.problems[p].energy(best.sample) - best.energy) < 1e-9) }
    }

    @Test("malformed batches are refused with what was expected", arguments: [
        (npy(NDArray(shape: [1, 2, 2], storage: [0, 0, 0, 0]), handKey, handField),
         "query must be [B, H, N, d], got shape [1, 2, 2]"),
        (npy(handQuery, NDArray(shape: [1, 2, 1, 2], storage: [0, 0, 0, 0]), handField),
         "key must have query's shape [1, 2, 2, 1], got [1, 2, 1, 2]"),
        (npy(handQuery, handKey, NDArray(shape: [1, 4], storage: [0, 0, 0, 0])),
         "field must be [B, H, N] = [1, 2, 2], got [1, 4]"),
        (npy(handQuery, handKey), "the input ended before field"),
        (npy(handQuery, handKey, NDArray(shape: [1, 2, 2], storage: [0, .infinity, 0, 0])),
         "a structured QAMA problem needs finite Q, K, h, α, β and γ"),
    ])
    func refused(bytes: [UInt8], message: String) {
        #expect { try QAMABatch.read(bytes, alpha: 1, beta: 0.16, gamma: 0.8) } throws: { "\($0)" == message }
    }
}

@Suite("BatchSolve on generic problems")
struct BatchSolveTests {
    @Test("exact() gives each problem's ground state as 0/1 bits: Q = diag(1, −2, 3, −4) → (0, 1, 0, 1) at −6")
    func groundStates() throws {
        let diagonal: [Double] = [1, 0, 0, 0, 0, -2, 0, 0, 0, 0, 3, 0, 0, 0, 0, -4]
        let batch = try QUBOBatch.read(npy(NDArray(shape: [2, 4, 4], storage: diagonal + diagonal.map { -$0 })), format: .dense)
        let best = try BatchSolve.run(batch.problems, solver: SolverExpression("exact()"), seed: 0, threads: 2)
        #expect(best == [.init(sample: [0, 1, 0, 1], energy: -6), .init(sample: [1, 0, 1, 0], energy: -4)])
    }
}
