import IsingCore

/// The members of a population anneal: spins, cached fields and energy of each, in flat buffers (member j's
/// spins at `j * n ..< (j + 1) * n`), and which initial member each descends from.
///
/// Worker threads sweep disjoint members in place (`sweep(members:…)`), hence the raw buffers and the
/// unchecked Sendable; resampling runs on the calling thread between steps, copying into a second set of
/// buffers that then becomes the population (no allocation per step).
final class Population: @unchecked Sendable {
    let n: Int
    let size: Int
    private var spinBuffer, fieldBuffer, spareSpins, spareFields: UnsafeMutablePointer<Double>
    private var energyBuffer, spareEnergies: UnsafeMutablePointer<Double>
    private(set) var ancestors: [Int]

    /// Member j starts from a random state drawn from `SeededRandom.stream(seed:index: j)`.
    init(problem: IsingProblem, size: Int, seed: UInt64) {
        n = problem.n
        self.size = size
        let cells = max(1, size * n)
        spinBuffer = .allocate(capacity: cells); fieldBuffer = .allocate(capacity: cells)
        spareSpins = .allocate(capacity: cells); spareFields = .allocate(capacity: cells)
        energyBuffer = .allocate(capacity: size); spareEnergies = .allocate(capacity: size)
        ancestors = Array(0..<size)
        for j in 0..<size {
            var rng = SeededRandom.stream(seed: seed, index: j)
            let start = RandomStart(problem, &rng)
            for i in 0..<n { spinBuffer[j * n + i] = start.spins[i]; fieldBuffer[j * n + i] = start.fields[i] }
            energyBuffer[j] = start.energy
        }
    }

    deinit {
        for p in [spinBuffer, fieldBuffer, spareSpins, spareFields, energyBuffer, spareEnergies] { p.deallocate() }
    }

    var energies: [Double] { Array(UnsafeBufferPointer(start: energyBuffer, count: size)) }

    /// The first member of lowest energy.
    var lowest: Int {
        var best = 0
        for j in 1..<max(1, size) where energyBuffer[j] < energyBuffer[best] { best = j }
        return best
    }

    func spins(of j: Int) -> [Double] { Array(UnsafeBufferPointer(start: spinBuffer + j * n, count: n)) }

    /// Distinct initial members with descendants left (Wang, Machta & Katzgraber's family count: a population
    /// that has collapsed onto a few families has not sampled the low-temperature states well).
    var families: Int {
        var count = 0, previous = -1
        for a in ancestors.sorted() where a != previous { count += 1; previous = a }
        return count
    }

    /// Replaces the population by `copies[j]` copies of each member j, in member order.
    func resample(copies: [Int]) {
        precondition(copies.count == size && copies.reduce(0, +) == size)
        var slot = 0
        var newAncestors = [Int](repeating: 0, count: size)
        for j in 0..<size {
            for _ in 0..<copies[j] {
                (spareSpins + slot * n).update(from: spinBuffer + j * n, count: n)
                (spareFields + slot * n).update(from: fieldBuffer + j * n, count: n)
                spareEnergies[slot] = energyBuffer[j]
                newAncestors[slot] = ancestors[j]
                slot += 1
            }
        }
        swap(&spinBuffer, &spareSpins)
        swap(&fieldBuffer, &spareFields)
        swap(&energyBuffer, &spareEnergies)
        ancestors = newAncestors
    }

    /// `sweeps` Metropolis sweeps of each member in `members` under `rule`; member j draws from
    /// `SeededRandom.stream(seed:index: j)`. Polls cancellation and reports progress about every millisecond.
    func sweep<Rows: CouplingRows>(members: Range<Int>, sweeps: Int, rule: MetropolisRule, rows: Rows, seed: UInt64,
                                   meter: ProgressMeter) throws {
        let checkEvery = max(1, MetropolisRun.workPerCheck / (1 + rows.maxRowLength))
        let segment = max(1, min(n, checkEvery))
        var sinceCheck = 0
        for j in members {
            var rng = SeededRandom.stream(seed: seed, index: j)
            var uniforms = MetropolisRun.UniformPairs()
            let s = spinBuffer + j * n, f = fieldBuffer + j * n
            var energy = energyBuffer[j]
            for _ in 0..<sweeps {
                var start = 0
                while start < n {
                    let end = min(n, start + segment)
                    rule.sweep(start..<end, spins: s, fields: f, energy: &energy, rows: rows, uniforms: &uniforms, rng: &rng)
                    sinceCheck += end - start
                    if sinceCheck >= checkEvery {
                        try meter.checkpoint(units: sinceCheck, bestEnergy: energy)
                        sinceCheck = 0
                    }
                    start = end
                }
            }
            energyBuffer[j] = energy
        }
        try meter.checkpoint(units: sinceCheck, bestEnergy: .infinity)
    }
}
