import Foundation
import IsingCore

/// The spectral gap δ = 1 − λ₂ of the random-scan single-spin-flip Metropolis chain of a small problem
/// (`MetropolisGenerator`), and its relaxation time 1/(n·δ) in sweeps (n attempts each): the quantity the
/// QAMA paper's time-to-solution bound rests on.
///
/// Computed by the Lanczos method on L = I − S (the symmetrised chain), with the null vector √π projected out
/// of every Lanczos vector: the lowest Ritz value of the tridiagonal matrix converges to δ. No full
/// re-orthogonalisation (only four vectors of 2^n numbers are kept, up to 20 spins); lost orthogonality then
/// only repeats converged Ritz values, so the lowest one and its residual bound |β_k y_k| stay valid.
/// Accuracy is absolute, about 1e−14 (the rounding of L's entries, which are O(1)); gaps below `resolution`
/// are reported as unresolved.
public enum SpectralGap {
    public static let maxSpins = 20
    /// Gaps below this are at the limit of double precision.
    public static let resolution = 1e-12

    public struct Estimate: Sendable, Equatable {
        public var beta: Double
        /// δ = 1 − λ₂.
        public var gap: Double
        /// 1 / (n·δ), in sweeps.
        public var relaxationSweeps: Double
        public var iterations: Int
        /// The Lanczos residual bound |β_k · y_k| on the error of `gap`.
        public var residual: Double
        public var converged: Bool
        public var resolved: Bool { gap > SpectralGap.resolution }
    }

    /// Refuses models above `maxSpins` spins or with fewer than one.
    public static func check(_ problem: IsingProblem) throws {
        guard problem.n <= maxSpins else {
            throw SolverFailure("gap() builds the 2^n-state Metropolis chain and is limited to \(maxSpins) spins; this model has \(problem.n)")
        }
        guard problem.n >= 1 else { throw SolverFailure("gap() needs a model with at least one spin") }
    }

    /// The gap at each β (energies of all states computed once), with progress and cancellation through `control`.
    public static func estimates(_ problem: IsingProblem, betas: [Double], threads: Int = ProcessInfo.processInfo.activeProcessorCount,
                                 control: SolveControl) throws -> [Estimate] {
        try check(problem)
        for b in betas where !(b >= 0 && b.isFinite) {
            throw SolverFailure("gap() needs finite, non-negative β, got \(b)")
        }
        let energies = try StateEnergies.all(problem, control: control)
        var out: [Estimate] = []
        for (k, beta) in betas.enumerated() {
            let e = try energies.withUnsafeBufferPointer { buffer in
                try lanczos(MetropolisGenerator(n: problem.n, beta: beta, energies: buffer.baseAddress!,
                                                table: MetropolisGenerator.integerTable(problem, beta: beta)),
                            threads: threads, control: control, progress: { step in
                                // Within one β the end is unknown: count steps against a typical 300.
                                control.report(SolveProgress(fraction: (Double(k) + min(0.99, Double(step) / 300)) / Double(betas.count)))
                            })
            }
            out.append(e)
            control.report(SolveProgress(fraction: Double(k + 1) / Double(betas.count)))
        }
        return out
    }

    static let maxIterations = 3000
    /// Converged when the residual bound is below this fraction of the gap (or below the absolute floor).
    static let relativeTolerance = 1e-10
    static let absoluteTolerance = 1e-15

    static func lanczos(_ op: MetropolisGenerator, threads: Int, control: SolveControl,
                        progress: (Int) -> Void = { _ in }) throws -> Estimate {
        let count = 1 << op.n
        let root = op.stationaryRoot()
        func deflate(_ v: inout [Double]) {
            for _ in 0..<2 {  // twice: classical Gram–Schmidt loses what one pass leaves at rounding level
                let c = MetropolisGenerator.dot(v, root)
                for s in 0..<count { v[s] -= c * root[s] }
            }
        }
        var rng = SeededRandom(seed: 0x6A9_5EED)
        var v = (0..<count).map { _ in rng.nextUnit() - 0.5 }
        deflate(&v)
        var norm = MetropolisGenerator.dot(v, v).squareRoot()
        guard norm > 0 else { return finish(op, gap: 0, iterations: 0, residual: 0, converged: true) }
        for s in 0..<count { v[s] /= norm }
        var previous = [Double](repeating: 0, count: count)
        var w = [Double](repeating: 0, count: count)
        var alphas: [Double] = [], betas: [Double] = []
        let limit = min(maxIterations, count - 1)
        var last = (value: 0.0, lastComponent: 1.0)
        for j in 0..<limit {
            if j % 10 == 9 { progress(j + 1) }
            try multiply(op, v, into: &w, threads: threads, control: control)
            let alpha = MetropolisGenerator.dot(w, v)
            let beta = betas.last ?? 0
            for s in 0..<count { w[s] -= alpha * v[s] + beta * previous[s] }
            // Local re-orthogonalisation against the current vector, then the deflation.
            let again = MetropolisGenerator.dot(w, v)
            for s in 0..<count { w[s] -= again * v[s] }
            deflate(&w)
            alphas.append(alpha + again)
            norm = MetropolisGenerator.dot(w, w).squareRoot()
            betas.append(norm)
            let scale = alphas.map(abs).max()! + (betas.map(abs).max() ?? 0)
            let breakdown = norm <= 1e-13 * max(scale, 1e-300)
            if breakdown || j % 5 == 4 || j == limit - 1 {
                last = TridiagonalBottom.lowest(alphas, Array(betas.dropLast()))
                let residual = breakdown ? 0 : abs(norm * last.lastComponent)
                if breakdown || residual <= max(relativeTolerance * abs(last.value), absoluteTolerance) {
                    return finish(op, gap: last.value, iterations: j + 1, residual: residual, converged: true)
                }
            }
            swap(&previous, &v)
            for s in 0..<count { v[s] = w[s] / norm }
        }
        let residual = abs((betas.last ?? 0) * last.lastComponent)
        return finish(op, gap: last.value, iterations: limit, residual: residual, converged: limit == count - 1)
    }

    private static func finish(_ op: MetropolisGenerator, gap: Double, iterations: Int, residual: Double,
                               converged: Bool) -> Estimate {
        let g = max(gap, 0)
        return Estimate(beta: op.beta, gap: g, relaxationSweeps: 1 / (Double(op.n) * g), iterations: iterations,
                        residual: residual, converged: converged)
    }

    /// w = L v, states split into fixed chunks over the threads (each entry is computed alone, so the result
    /// is the same for any thread count).
    /// Polls cancellation before each chunk (a chunk is 2^13 states × n entries: a few milliseconds at most).
    private static func multiply(_ op: MetropolisGenerator, _ v: [Double], into w: inout [Double], threads: Int,
                                 control: SolveControl) throws {
        let count = v.count
        let chunks = (count + MetropolisGenerator.chunk - 1) / MetropolisGenerator.chunk
        try v.withUnsafeBufferPointer { x in
            try w.withUnsafeMutableBufferPointer { y in
                let target = UnsafeOutput(base: y.baseAddress!), source = UnsafeInput(base: x.baseAddress!)
                _ = try ParallelTasks.map(count: chunks, threads: threads) { c in
                    try control.checkCancelled()
                    op.apply(source.base, into: target.base,
                             range: c * MetropolisGenerator.chunk..<min(count, (c + 1) * MetropolisGenerator.chunk))
                }
            }
        }
    }
}

/// Raw buffers handed to worker threads that touch disjoint parts (or only read).
struct UnsafeOutput: @unchecked Sendable { let base: UnsafeMutablePointer<Double> }
struct UnsafeInput: @unchecked Sendable { let base: UnsafePointer<Double> }
