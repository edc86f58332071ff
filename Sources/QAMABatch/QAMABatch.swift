import IsingCore
import IsingSolvers
import QAMALang

/// A batch of v2 QAMA Hamiltonians (DESIGN.md, v2) in their low-rank form, as read by `qama solve-qama`: what
/// the PyTorch module has after projection, 23× smaller on the wire than the QUBO matrices (6.8 MB against 157 MB
/// for 128 problems of 392 bits); solved on the expanded couplings or in the structured form
/// (`StructuredQAMAProblem`, O(d) per Metropolis attempt), whichever is faster (`expandsForAnnealing`).
///
/// Wire form: three little-endian float64 `.npy` arrays, `query` [B, H, N, d], `key` [B, H, N, d] and the
/// value field `field` [B, H, N] (already mean(V ⊙ e2v) over d); α, β, γ are the batch's.
public struct QAMABatch {
    public var heads: Int, tokens: Int, features: Int
    public var problems: [StructuredQAMAProblem]

    public static func read(_ bytes: [UInt8], alpha: Double, beta: Double, gamma: Double) throws -> QAMABatch {
        var arrays = NPYStream(bytes: bytes)
        let query = try arrays.next("query"), key = try arrays.next("key"), field = try arrays.next("field")
        try arrays.finish()
        guard query.shape.count == 4 else { throw FormatError("query must be [B, H, N, d], got shape \(query.shape)") }
        guard key.shape == query.shape else { throw FormatError("key must have query's shape \(query.shape), got \(key.shape)") }
        let (b, h, n, d) = (query.shape[0], query.shape[1], query.shape[2], query.shape[3])
        guard field.shape == [b, h, n] else { throw FormatError("field must be [B, H, N] = \([b, h, n]), got \(field.shape)") }
        guard b >= 1, h >= 1, n >= 1, d >= 1 else { throw FormatError("an empty QAMA batch (shape \(query.shape))") }
        let block = h * n * d
        let problems = try (0..<b).map { p in
            try StructuredQAMAProblem(heads: h, tokens: n, features: d,
                                      query: Array(query.storage[(p * block)..<((p + 1) * block)]),
                                      key: Array(key.storage[(p * block)..<((p + 1) * block)]),
                                      valueField: Array(field.storage[(p * h * n)..<((p + 1) * h * n)]),
                                      alpha: alpha, beta: beta, gamma: gamma)
        }
        return QAMABatch(heads: h, tokens: n, features: d, problems: problems)
    }

    /// Every problem solved as `BatchSolve` does (problem p's solver seeded from `seed` and p). `sa(...)` on a
    /// long sequence runs as `StructuredSimulatedAnnealing` with the same reads, sweeps, β range, schedule and
    /// seed; on a short one (`expandsForAnnealing`), and for any other solver, the solver gets the expanded model
    /// (every coupling written out).
    public func solve(_ expression: SolverExpression, seed: UInt64, threads: Int) throws -> [BatchSolve.Best] {
        let problems = self.problems
        return try BatchSolve.run(count: problems.count, solver: expression, seed: seed, threads: threads) { solver, p in
            try Self.solve(problems[p], with: solver)
        }
    }

    /// Whether the generic annealer on the expanded couplings beats the structured one: a flip there updates
    /// the N − 1 + H − 1 neighbours' cached fields, while every structured attempt costs a 2·d dot product
    /// and more bookkeeping. Measured on 128 problems of H = 8, N = 49, d = 8 (55 neighbours): the expanded
    /// model anneals 1.7× faster (CPU 1.0 s against 1.7 s for sa(reads: 8, sweeps: 150)), and builds in O(H·N²·d), negligible beside the anneal; the structured
    /// annealer wins on long sequences, where the expanded rows (and memory) grow with N.
    public static func expandsForAnnealing(_ problem: StructuredQAMAProblem) -> Bool {
        problem.tokens - 1 + problem.heads - 1 <= 16 * problem.features
    }

    static func solve(_ problem: StructuredQAMAProblem, with solver: any Solver) throws -> SampleSet {
        if let sa = solver as? SimulatedAnnealing, !expandsForAnnealing(problem) {
            let structured = StructuredSimulatedAnnealing(reads: sa.reads, sweeps: sa.sweeps, betaRange: sa.betaRange,
                                                          schedule: sa.schedule, seed: sa.seed, threads: 1)
            return try structured.solve(problem, control: .none)
        }
        return try solver.solve(problem.expandedModel().isingProblem(params: [:]), control: .none)
    }
}
