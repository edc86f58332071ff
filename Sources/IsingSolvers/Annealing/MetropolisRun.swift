import Foundation
import IsingCore

/// One simulated-annealing read: random start, one sequential Metropolis sweep per β, cached local fields.
///
/// The cached field of spin i is f_i = h_i + Σ_j J_ij s_j, so flipping i changes the energy by
/// ΔE_i = −2 s_i f_i; a flip adds 2 s_i(new) J_ij to each neighbour's field (`CouplingRows.addRow`).
/// `runLockstep` (LockstepMetropolis.swift) runs several reads at once with the same decisions.
struct MetropolisRun: Sendable {
    let problem: IsingProblem
    let schedule: AnnealingSchedule
    let betaRange: (hot: Double, cold: Double)
    let sweeps: Int
    /// Record the energy after every `recordEvery` sweeps (and after the last one).
    let recordEvery: Int
    /// Built once per solve when the problem is integer; every run fills its own copy sweep by sweep.
    let table: AcceptanceTable?
    /// The couplings in single precision, exact when `table` exists (integers below 2²⁴), for the
    /// lock-step kernel's Float lanes; nil otherwise.
    let singleValues: [Float]?
    /// Entries touched (attempts and field updates) between two cancellation checks: about a millisecond.
    static let workPerCheck = 1 << 20

    struct Outcome: Sendable {
        var spins: [Int8]
        /// Energy at each record point.
        var recorded: [Double]
    }

    /// ln(2³²): a 32-bit uniform draw is never below exp(−x) for x beyond this, so such moves are refused
    /// without computing the exponential.
    static let hopelessExponent = 32 * M_LN2

    init(problem: IsingProblem, schedule: AnnealingSchedule, betaRange: (hot: Double, cold: Double), sweeps: Int,
         recordEvery: Int) {
        self.problem = problem
        self.schedule = schedule
        self.betaRange = betaRange
        self.sweeps = sweeps
        self.recordEvery = recordEvery
        table = AcceptanceTable(for: problem)
        singleValues = table == nil || problem.values.isEmpty ? nil : problem.values.map { Float($0) }
    }

    /// A read's random start: spins, their fields and the energy.
    func initialState(_ rng: inout SeededRandom) -> (spins: [Double], fields: [Double], energy: Double) {
        let start = RandomStart(problem, &rng)
        return (start.spins, start.fields, start.energy)
    }

    /// The schedule every kernel follows: for each sweep its β, the hopeless threshold and the rule
    /// (tabulated when `table` exists); the spins in segments, `sweepSpins(rule, range)` each, with a
    /// cancellation check and progress report about every millisecond of work (`lanes` reads at a time);
    /// `record()` at each record point.
    @inline(__always)
    func anneal(lanes: Int, maxRowLength: Int, meter: ProgressMeter, bestEnergy: () -> Double, keepBest: () -> Void,
                sweepSpins: (MetropolisRule, Range<Int>) -> Void, record: () -> Void) throws {
        let n = problem.n
        // Attempts between checks, sized for the worst case where every attempt flips a spin.
        let checkEvery = max(1, Self.workPerCheck / (1 + maxRowLength))
        let segment = max(1, min(n, checkEvery))
        var table = self.table
        var sinceCheck = 0
        for sweep in 0..<sweeps {
            let beta = schedule.beta(sweep: sweep, of: sweeps, hot: betaRange.hot, cold: betaRange.cold)
            let threshold = Self.hopelessExponent / beta
            table?.prepare(beta: beta, threshold: threshold)
            try MetropolisRule.with(beta: beta, threshold: threshold, table: table) { rule in
                var start = 0
                while start < n {
                    let end = min(n, start + segment)
                    sweepSpins(rule, start..<end)
                    sinceCheck += (end - start) * lanes
                    if sinceCheck >= checkEvery {
                        keepBest()
                        try meter.checkpoint(units: sinceCheck, bestEnergy: bestEnergy())
                        sinceCheck = 0
                    }
                    start = end
                }
            }
            if (sweep + 1) % recordEvery == 0 || sweep == sweeps - 1 { record() }
        }
        keepBest()
        try meter.checkpoint(units: sinceCheck, bestEnergy: bestEnergy())
    }

    func run<Rows: CouplingRows>(rows: Rows, rng: inout SeededRandom, meter: ProgressMeter) throws -> Outcome {
        var (spins, fields, energy) = initialState(&rng)
        var recorded: [Double] = []
        recorded.reserveCapacity(sweeps / recordEvery + 1)
        var uniforms = UniformPairs()
        var best = BestSoFar()
        best.consider(energy) { spins.map { $0 > 0 ? 1 : -1 } }
        do {
        try spins.withUnsafeMutableBufferPointer { sBuffer in
            try fields.withUnsafeMutableBufferPointer { fBuffer in
                let s = sBuffer.baseAddress, f = fBuffer.baseAddress  // nil only when there are no spins
                try anneal(lanes: 1, maxRowLength: rows.maxRowLength, meter: meter, bestEnergy: { energy },
                           keepBest: { best.consider(energy) { sBuffer.map { $0 > 0 ? 1 : -1 } } },
                           sweepSpins: { rule, range in
                               guard let s, let f else { return }
                               rule.sweep(range, spins: s, fields: f, energy: &energy, rows: rows,
                                          uniforms: &uniforms, rng: &rng)
                           },
                           record: { recorded.append(energy) })
            }
        }
        } catch is SolveCancelled {
            throw CutShort(states: [best.state])
        }
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
}

/// The Metropolis test of one sweep: every attempt draws one uniform u and flips when u < p, with p = 1
/// downhill, exp(−βΔE) uphill and −1 beyond the hopeless threshold. Every SA path decides through this
/// one rule and draws once per attempt, so they consume the same draws and make the same decisions.
/// (Drawing even when the answer is known keeps the decision free of branches, which is what lets four
/// reads decide at once in SIMD lanes.)
struct MetropolisRule {
    let beta: Double
    let threshold: Double
    /// exp(−β·2k) at index k, −1 beyond the threshold (integer problems; see `AcceptanceTable`).
    let table: UnsafePointer<Double>?

    static func with<R>(beta: Double, threshold: Double, table: AcceptanceTable?,
                        _ body: (MetropolisRule) throws -> R) rethrows -> R {
        guard let table else { return try body(MetropolisRule(beta: beta, threshold: threshold, table: nil)) }
        return try table.probabilities.withUnsafeBufferPointer { p in
            try body(MetropolisRule(beta: beta, threshold: threshold, table: p.baseAddress))
        }
    }

    /// The probability of accepting a move that changes the energy by `delta`.
    @inline(__always)
    func probability(_ delta: Double) -> Double {
        if let table { return table[max(0, Int(delta)) >> 1] }  // ΔE = 2|f|, an even integer; entry 0 is 1
        if delta >= threshold { return -1 }
        return delta <= 0 ? 1 : expNegative(beta * delta)
    }
}
