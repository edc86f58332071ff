import Foundation
import IsingCore

/// One simulated-annealing read: random start, one sequential Metropolis sweep per β, cached local fields.
///
/// The cached field of spin i is f_i = h_i + Σ_j J_ij s_j, so flipping i changes the energy by
/// ΔE_i = −2 s_i f_i; a flip adds 2 s_i(new) J_ij to each neighbour's field (`CouplingRows.addRow`).
struct MetropolisRun {
    let problem: IsingProblem
    let schedule: AnnealingSchedule
    let betaRange: (hot: Double, cold: Double)
    let sweeps: Int
    /// Record the energy after every `recordEvery` sweeps (and after the last one).
    let recordEvery: Int
    /// Entries touched (attempts and field updates) between two cancellation checks: about a millisecond.
    static let workPerCheck = 1 << 20

    struct Outcome: Sendable {
        var spins: [Int8]
        /// Energy at each record point.
        var recorded: [Double]
    }

    /// ln(2³²): a 32-bit uniform draw is never below exp(−x) for x beyond this, so skip the draw.
    private static let hopelessExponent = 32 * M_LN2

    func run<Rows: CouplingRows>(rows: Rows, rng: inout SeededRandom, meter: ProgressMeter) throws -> Outcome {
        let n = problem.n
        var spins = [Double](repeating: 0, count: n)
        for i in 0..<n { spins[i] = rng.next() >> 63 == 0 ? -1 : 1 }
        var fields = problem.h
        for i in 0..<n {
            var f = 0.0
            for k in problem.rowStart[i]..<problem.rowStart[i + 1] {
                f += problem.values[k] * spins[Int(problem.columns[k])]
            }
            fields[i] += f
        }
        var energy = problem.offset
        for i in 0..<n { energy += 0.5 * spins[i] * (fields[i] + problem.h[i]) }

        var recorded: [Double] = []
        recorded.reserveCapacity(sweeps / recordEvery + 1)
        // Attempts between checks, sized for the worst case where every attempt flips a spin.
        let checkEvery = max(1, Self.workPerCheck / (1 + rows.maxRowLength))
        var sinceCheck = 0
        let segment = max(1, min(n, checkEvery))
        var uniforms = UniformPairs()
        var table = AcceptanceTable(for: problem)
        try spins.withUnsafeMutableBufferPointer { sBuffer in
            try fields.withUnsafeMutableBufferPointer { fBuffer in
                guard let s = sBuffer.baseAddress, let f = fBuffer.baseAddress else { return }
                for sweep in 0..<sweeps {
                    let beta = schedule.beta(sweep: sweep, of: sweeps, hot: betaRange.hot, cold: betaRange.cold)
                    let threshold = Self.hopelessExponent / beta
                    table?.prepare(beta: beta, threshold: threshold)
                    var start = 0
                    while start < n {
                        let end = min(n, start + segment)
                        if let probabilities = table?.probabilities {
                            probabilities.withUnsafeBufferPointer { p in
                                Self.sweep(rows: rows, spins: s, fields: f, range: start..<end, table: p.baseAddress!,
                                           threshold: threshold, rng: &rng, uniforms: &uniforms, energy: &energy)
                            }
                        } else {
                            Self.sweep(rows: rows, spins: s, fields: f, range: start..<end, beta: beta,
                                       threshold: threshold, rng: &rng, uniforms: &uniforms, energy: &energy)
                        }
                        sinceCheck += end - start
                        if sinceCheck >= checkEvery {
                            try meter.checkpoint(units: sinceCheck, bestEnergy: energy)
                            sinceCheck = 0
                        }
                        start = end
                    }
                    if (sweep + 1) % recordEvery == 0 || sweep == sweeps - 1 { recorded.append(energy) }
                }
            }
        }
        try meter.checkpoint(units: sinceCheck, bestEnergy: energy)
        return Outcome(spins: spins.map { $0 > 0 ? 1 : -1 }, recorded: recorded)
    }

    /// Uniform draws in [0, 1) with 32 bits each, two per 64-bit output (halves the generator calls).
    struct UniformPairs {
        private var pending: UInt64 = 0
        private var hasPending = false

        @inline(__always)
        mutating func next(_ rng: inout SeededRandom) -> Double {
            if hasPending {
                hasPending = false
                return Double(pending >> 32) * 0x1.0p-32
            }
            pending = rng.next()
            hasPending = true
            return Double(pending & 0xFFFF_FFFF) * 0x1.0p-32
        }
    }

    /// Metropolis over spins `range` in order: accept if ΔE ≤ 0, else with probability exp(−βΔE).
    @inline(__always)
    private static func sweep<Rows: CouplingRows>(rows: Rows, spins s: UnsafeMutablePointer<Double>,
                                                  fields f: UnsafeMutablePointer<Double>, range: Range<Int>,
                                                  beta: Double, threshold: Double,
                                                  rng: inout SeededRandom, uniforms: inout UniformPairs,
                                                  energy: inout Double) {
        for i in range {
            let delta = -2 * s[i] * f[i]
            if delta >= threshold { continue }
            if delta > 0 && !(uniforms.next(&rng) < expNegative(beta * delta)) { continue }
            let flipped = -s[i]
            s[i] = flipped
            energy += delta
            rows.addRow(i, scaledBy: 2 * flipped, into: f)
        }
    }

    /// The same sweep with exp(−βΔE) looked up: ΔE = 2|f_i| is an even integer, `table[|f_i|]` its
    /// acceptance probability or −1 when the draw is skipped (see `AcceptanceTable`).
    @inline(__always)
    private static func sweep<Rows: CouplingRows>(rows: Rows, spins s: UnsafeMutablePointer<Double>,
                                                  fields f: UnsafeMutablePointer<Double>, range: Range<Int>,
                                                  table: UnsafePointer<Double>, threshold: Double,
                                                  rng: inout SeededRandom, uniforms: inout UniformPairs,
                                                  energy: inout Double) {
        for i in range {
            let delta = -2 * s[i] * f[i]
            if delta > 0 {
                let p = table[Int(delta) >> 1]
                if p < 0 || !(uniforms.next(&rng) < p) { continue }
            } else if delta >= threshold {
                continue
            }
            let flipped = -s[i]
            s[i] = flipped
            energy += delta
            rows.addRow(i, scaledBy: 2 * flipped, into: f)
        }
    }
}
