import IsingCore

/// The SB dynamics of one block of up to 32 agents (Goto et al. 2019, 2021; Kanao & Goto 2022), by
/// symplectic Euler with inelastic walls at |x| = 1:
///
///     y ← y + Δt · (−(a0 − a(t)) x − c0 · J' φ(x))  [+ Δt · γ · y   when heated]
///     x ← x + Δt · a0 · y
///     |x| > 1  ⇒  x ← sign(x), y ← 0
///
/// with φ(x) = x (ballistic) or sign(x) (discrete, heated), and a(t) rising linearly from 0 to a0 = 1.
/// The minus sign is because Goto's machine maximises ½ xᵀJx while our energy is +½ s'ᵀJ's'.
struct BifurcationRun: Sendable {
    let couplings: BifurcationCouplings
    let offset: Double
    let discrete: Bool
    let heat: Float
    let steps: Int
    let dt: Float
    let c0: Float
    let seed: UInt64
    let recordEvery: Int
    /// Early stop: every `samplingPeriod` steps compare each agent's signs with the last sample; an agent
    /// whose signs held for `convergenceThreshold` samples in a row keeps them, and the block stops once
    /// all its agents have.
    let earlyStop: Bool
    static let samplingPeriod = 50
    static let convergenceThreshold = 50
    /// Stored entries × agents between cancellation checks: a few milliseconds of work.
    static let workPerCheck = 1 << 22

    struct Outcome: Sendable {
        /// `agents × m` signs, row-major by agent.
        var spins: [Int8]
        /// Per agent, the energy of sign(x) at each record point.
        var recorded: [[Double]]
        var stepsRun: Int
    }

    /// Runs agents `first ..< first + count` (count ≤ 32); agent a starts from `SeededRandom.stream(seed, a)`.
    func run(first: Int, count: Int, meter: ProgressMeter) throws -> Outcome {
        let m = couplings.m, v = AgentBlockShape.vectors, width = AgentBlockShape.width
        var x = [Lanes](repeating: Lanes(), count: m * v)
        var y = x, force = x, signs = x
        // Initial x, y uniform in [−1, 1] per agent, as the simulated-bifurcation package.
        for lane in 0..<count {
            var rng = SeededRandom.stream(seed: seed, index: first + lane)
            for i in 0..<m {
                x[i * v + lane / 8][lane % 8] = Float(2 * rng.nextUnit() - 1)
                y[i * v + lane / 8][lane % 8] = Float(2 * rng.nextUnit() - 1)
            }
        }
        var recorded = [[Double]](repeating: [], count: count)
        var frozen = [[Int8]?](repeating: nil, count: count)
        var stable = [Int](repeating: 0, count: count)
        var lastSample: [Int8] = []
        let checkEvery = max(1, Self.workPerCheck / max(1, (couplings.dense == nil ? couplings.nonzeros : m * m) * width))
        var stepsRun = 0
        var sinceCheck = 0
        // Each agent's best sign state at the record points (what the progress line's best energy comes from),
        // handed back when an interrupt cuts the run short.
        var best = [BestSoFar](repeating: BestSoFar(), count: count)

        do {
        try x.withUnsafeMutableBufferPointer { xb in
            try y.withUnsafeMutableBufferPointer { yb in
                try force.withUnsafeMutableBufferPointer { fb in
                    try signs.withUnsafeMutableBufferPointer { sb in
                        let x = xb.baseAddress!, y = yb.baseAddress!, f = fb.baseAddress!, s = sb.baseAddress!
                        for step in 0..<steps {
                            if discrete { Self.signs(of: x, into: s, count: m * v) }
                            couplings.multiply(discrete ? UnsafePointer(s) : UnsafePointer(x), into: f)
                            let pump = Float(step + 1) / Float(steps)  // a(t) / a0
                            update(x: x, y: y, force: f, count: m * v, detuning: 1 - pump)
                            stepsRun = step + 1
                            let last = step == steps - 1
                            if stepsRun % recordEvery == 0 || last {
                                let energies = blockEnergies(x: x, signs: s, scratch: f, count: count)
                                for lane in 0..<count { recorded[lane].append(energies[lane]) }
                                if energies.indices.contains(where: { energies[$0] < best[$0].energy }) {
                                    let now = Self.spins(of: x, m: m, count: count)
                                    for lane in 0..<count {
                                        best[lane].consider(energies[lane]) { Array(now[(lane * m)..<((lane + 1) * m)]) }
                                    }
                                }
                            }
                            if earlyStop && stepsRun % Self.samplingPeriod == 0 {
                                let sample = Self.spins(of: x, m: m, count: count)
                                if sample.count == lastSample.count {
                                    for lane in 0..<count where frozen[lane] == nil {
                                        let range = (lane * m)..<((lane + 1) * m)
                                        stable[lane] = sample[range] == lastSample[range] ? stable[lane] + 1 : 0
                                        if stable[lane] >= Self.convergenceThreshold { frozen[lane] = Array(sample[range]) }
                                    }
                                }
                                lastSample = sample
                                if !frozen.contains(where: { $0 == nil }) { break }
                            }
                            sinceCheck += 1
                            if sinceCheck >= checkEvery {
                                try meter.checkpoint(units: sinceCheck * count,
                                                     bestEnergy: recorded.compactMap(\.last).min() ?? .infinity)
                                sinceCheck = 0
                            }
                        }
                    }
                }
            }
        }
        try meter.checkpoint(units: (steps - stepsRun + sinceCheck) * count,
                             bestEnergy: recorded.compactMap(\.last).min() ?? .infinity)
        } catch is SolveCancelled {
            // Before the first record point an agent has no best yet: its state now.
            let now = Self.spins(of: x, m: m, count: count)
            throw CutShort(states: (0..<count).map { lane in
                best[lane].state.isEmpty ? Array(now[(lane * m)..<((lane + 1) * m)]) : best[lane].state
            })
        }
        // Stopped early: the remaining record points hold the final energies, so every agent has as many.
        let points = (steps + recordEvery - 1) / recordEvery
        for lane in 0..<count {
            while recorded[lane].count < points { recorded[lane].append(recorded[lane].last ?? offset) }
        }
        var spins = Self.spins(of: x, m: m, count: count)
        for lane in 0..<count {
            if let kept = frozen[lane] { spins.replaceSubrange((lane * m)..<((lane + 1) * m), with: kept) }
        }
        return Outcome(spins: spins, recorded: recorded, stepsRun: stepsRun)
    }

    @inline(__always)
    private func update(x: UnsafeMutablePointer<Lanes>, y: UnsafeMutablePointer<Lanes>,
                        force: UnsafePointer<Lanes>, count: Int, detuning: Float) {
        let dtv = Lanes(repeating: dt), coupling = Lanes(repeating: -c0 * dt)
        let restoring = Lanes(repeating: -detuning * dt), heating = Lanes(repeating: 1 + heat * dt)
        let one = Lanes(repeating: 1), minusOne = Lanes(repeating: -1), zero = Lanes()
        for k in 0..<count {
            let xk = x[k]
            let yk = heating * y[k] + restoring * xk + coupling * force[k]
            let moved = xk + dtv * yk
            let above = moved .> one, below = moved .< minusOne
            // Selects, not `clamped(lowerBound:upperBound:)`: that one is an out-of-line call per vector.
            x[k] = moved.replacing(with: one, where: above).replacing(with: minusOne, where: below)
            y[k] = yk.replacing(with: zero, where: above .| below)
        }
    }

    /// sign(x) with sign(0) = +1, lane by lane.
    private static func signs(of x: UnsafePointer<Lanes>, into s: UnsafeMutablePointer<Lanes>, count: Int) {
        let plus = Lanes(repeating: 1), minus = Lanes(repeating: -1)
        for k in 0..<count { s[k] = minus.replacing(with: plus, where: x[k] .>= Lanes()) }
    }

    /// Energy of sign(x) for each of the first `count` agents: offset + ½ Σ_i s_i (J's)_i.
    private func blockEnergies(x: UnsafePointer<Lanes>, signs s: UnsafeMutablePointer<Lanes>,
                               scratch g: UnsafeMutablePointer<Lanes>, count: Int) -> [Double] {
        let v = AgentBlockShape.vectors
        Self.signs(of: x, into: s, count: couplings.m * v)
        couplings.multiply(s, into: g)
        var energies = [Double](repeating: 0, count: count)
        for i in 0..<couplings.m {
            for lane in 0..<count {
                let k = i * v + lane / 8
                energies[lane] += Double(s[k][lane % 8]) * Double(g[k][lane % 8])
            }
        }
        return energies.map { offset + 0.5 * $0 }
    }

    /// Signs of x as `count × m` spins, agent by agent.
    private static func spins(of x: UnsafePointer<Lanes>, m: Int, count: Int) -> [Int8] {
        let v = AgentBlockShape.vectors
        var out = [Int8](repeating: 0, count: count * m)
        for lane in 0..<count {
            for i in 0..<m { out[lane * m + i] = x[i * v + lane / 8][lane % 8] >= 0 ? 1 : -1 }
        }
        return out
    }
}
