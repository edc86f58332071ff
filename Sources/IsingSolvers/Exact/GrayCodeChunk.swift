import IsingCore

/// Enumerates the 2^m states of spins 0 ..< m by Gray code with spins m ..< n fixed (one chunk of the
/// exact solver), keeping the lowest energy, the states that reach it (up to a cap) and how many do.
///
/// Bit b of a state code is spin b (1 ↔ +1, 0 ↔ −1). Step t flips spin ctz(t): ΔE = −2 s_b f_b, then the
/// cached fields f_j = h_j + Σ_k J_jk s_k of b's neighbours move by 2 s_b J_bj — O(degree) per state.
struct GrayCodeChunk {
    let problem: IsingProblem
    /// Enumerated (low) spins; the rest are fixed by the chunk index.
    let m: Int
    let cap: Int
    /// Energies within this of the best count as ties (incremental sums drift by rounding).
    let tolerance: Double
    static let statesPerCheck = 1 << 16

    struct Outcome: Sendable {
        var best: Double
        /// Codes of the low spins of the tied ground states, in enumeration order (at most `cap`).
        var codes: [UInt32]
        var count: Int
    }

    func run<Rows: CouplingRows>(chunk: Int, rows: Rows, meter: ProgressMeter) throws -> Outcome {
        let n = problem.n
        var spins = [Double](repeating: -1, count: n)
        for j in 0..<(n - m) { spins[m + j] = (chunk >> j) & 1 == 1 ? 1 : -1 }
        var fields = problem.h
        for i in 0..<n {
            for k in problem.rowStart[i]..<problem.rowStart[i + 1] {
                fields[i] += problem.values[k] * spins[Int(problem.columns[k])]
            }
        }
        var energy = problem.offset
        for i in 0..<n { energy += 0.5 * spins[i] * (fields[i] + problem.h[i]) }

        var outcome = Outcome(best: energy, codes: [0], count: 1)
        let total = 1 << m
        try spins.withUnsafeMutableBufferPointer { sb in
            try fields.withUnsafeMutableBufferPointer { fb in
                let s = sb.baseAddress!, f = fb.baseAddress!
                var start = 1
                while start < total {
                    let end = min(total, start + Self.statesPerCheck)
                    for t in start..<end {
                        let b = t.trailingZeroBitCount
                        energy -= 2 * s[b] * f[b]
                        let flipped = -s[b]
                        s[b] = flipped
                        rows.addRow(b, scaledBy: 2 * flipped, into: f)
                        if energy <= outcome.best + tolerance { record(energy, code: t ^ (t >> 1), in: &outcome) }
                    }
                    try meter.checkpoint(units: end - start, bestEnergy: outcome.best)
                    start = end
                }
            }
        }
        return outcome
    }

    @inline(never)
    private func record(_ energy: Double, code: Int, in outcome: inout Outcome) {
        if energy < outcome.best - tolerance {
            outcome = Outcome(best: energy, codes: [UInt32(code)], count: 1)
        } else {
            outcome.best = min(outcome.best, energy)
            outcome.count += 1
            if outcome.codes.count < cap { outcome.codes.append(UInt32(code)) }
        }
    }
}
