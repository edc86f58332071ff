import IsingCore

extension MetropolisRule {
    /// One sequential Metropolis pass over `range` of one chain's spins: each attempt draws one uniform and
    /// flips when it is below `probability(ΔE)`, updating the energy and the neighbours' cached fields.
    /// The one single-chain kernel: SA's lone reads, PT's replicas and PA's members all go through it.
    @inline(__always)
    func sweep<Rows: CouplingRows>(_ range: Range<Int>, spins s: UnsafeMutablePointer<Double>,
                                   fields f: UnsafeMutablePointer<Double>, energy: inout Double, rows: Rows,
                                   uniforms: inout MetropolisRun.UniformPairs, rng: inout SeededRandom) {
        for i in range {
            let delta = -2 * s[i] * f[i]
            guard uniforms.next(&rng) < probability(delta) else { continue }
            let flipped = -s[i]
            s[i] = flipped
            energy += delta
            rows.addRow(i, scaledBy: 2 * flipped, into: f)
        }
    }
}
