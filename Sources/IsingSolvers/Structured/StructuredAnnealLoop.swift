import IsingCore

/// What `StructuredAnnealLoop` needs of one read's state: the variables' addresses in variable order, the
/// annealer's ΔE of a flip, the flip itself and the exact energy. Each structured formulation conforms with a
/// view over its state that holds the storage pointers for the whole read.
protocol StructuredAnnealState {
    /// A variable's address (head, token, ...), stepped in variable order.
    associatedtype Position
    /// The address of variable i.
    func position(of i: Int) -> Position
    /// Steps to the next variable in variable order.
    func advance(_ position: inout Position)
    /// ΔE of flipping the variable at `position`, as the annealer decides it.
    func flipDelta(at position: Position) -> Double
    func flip(at position: Position)
    /// E(x) recomputed from the running sums, exactly: drops the accumulated ΔE's rounding at trace points.
    var energy: Double { get }
    /// The bits now, in variable order (a copy).
    var snapshot: [Int8] { get }
}

/// The anneal of one structured read, shared by every formulation: per sweep one β, every variable in order,
/// each attempt drawing one uniform and deciding by `MetropolisRule`; segments of `checkEvery` attempts
/// between cancellation checks (counted across sweeps); the exact energy recorded every `recordEvery` sweeps
/// and after the last.
struct StructuredAnnealLoop: Sendable {
    let schedule: AnnealingSchedule
    let betaRange: (hot: Double, cold: Double)
    let sweeps: Int
    let recordEvery: Int

    /// A read's random start: one draw per bit, as `MetropolisRun`.
    static func randomStart(variables n: Int, _ rng: inout SeededRandom) -> [Int8] {
        var start = [Int8](repeating: 0, count: n)
        for i in 0..<n { start[i] = rng.next() >> 63 == 0 ? 0 : 1 }
        return start
    }

    /// Anneals `state` (n variables) in place and returns the energies at the record points.
    func run<State: StructuredAnnealState>(_ state: State, variables n: Int, checkEvery: Int,
                                           rng: inout SeededRandom, meter: ProgressMeter) throws -> [Double] {
        var energy = state.energy
        var best = BestSoFar()
        best.consider(energy) { state.snapshot }
        do {
        var recorded: [Double] = []
        recorded.reserveCapacity(sweeps / recordEvery + 1)
        var uniforms = MetropolisRun.UniformPairs()
        var sinceCheck = 0
        for sweep in 0..<sweeps {
            let beta = schedule.beta(sweep: sweep, of: sweeps, hot: betaRange.hot, cold: betaRange.cold)
            let rule = MetropolisRule(beta: beta, threshold: MetropolisRun.hopelessExponent / beta, table: nil)
            var i = 0
            while i < n {
                let end = min(n, i + checkEvery - sinceCheck)
                var position = state.position(of: i)
                for _ in i..<end {
                    let change = state.flipDelta(at: position)
                    if uniforms.next(&rng) < rule.probability(change) {
                        state.flip(at: position)
                        energy += change
                    }
                    state.advance(&position)
                }
                sinceCheck += end - i
                i = end
                if sinceCheck >= checkEvery {
                    best.consider(energy) { state.snapshot }
                    try meter.checkpoint(units: sinceCheck, bestEnergy: energy)
                    sinceCheck = 0
                }
            }
            if (sweep + 1) % recordEvery == 0 || sweep == sweeps - 1 {
                energy = state.energy
                recorded.append(energy)
            }
        }
        best.consider(energy) { state.snapshot }
        try meter.checkpoint(units: sinceCheck, bestEnergy: energy)
        return recorded
        } catch is SolveCancelled {
            throw CutShort(states: [best.state])
        }
    }
}
