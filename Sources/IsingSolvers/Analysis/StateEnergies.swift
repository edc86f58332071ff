import IsingCore

/// The energy of every one of the 2^n states of a small problem, indexed by state code (bit i set ↔ s_i = +1),
/// by Gray code: each step flips one spin, ΔE = −2 s_b f_b, and updates its neighbours' cached fields.
enum StateEnergies {
    static func all(_ problem: IsingProblem, control: SolveControl) throws -> [Double] {
        let n = problem.n
        let count = 1 << n
        var energies = [Double](repeating: 0, count: count)
        var spins = [Double](repeating: -1, count: n)
        var fields = problem.h
        for i in 0..<n {
            for k in problem.rowStart[i]..<problem.rowStart[i + 1] { fields[i] -= problem.values[k] }
        }
        var energy = problem.energy([Int8](repeating: -1, count: n))
        energies[0] = energy
        for t in 1..<max(1, count) {
            let b = t.trailingZeroBitCount
            energy -= 2 * spins[b] * fields[b]
            let flipped = -spins[b]
            spins[b] = flipped
            for k in problem.rowStart[b]..<problem.rowStart[b + 1] {
                fields[Int(problem.columns[k])] += 2 * flipped * problem.values[k]
            }
            energies[t ^ (t >> 1)] = energy
            if t & 0xFFFF == 0 { try control.checkCancelled() }
        }
        return energies
    }
}
