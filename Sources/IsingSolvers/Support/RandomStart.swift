import IsingCore

/// A chain's random start, shared by every Metropolis solver (SA reads, PT replicas, PA members): one draw
/// per spin (the top bit of a 64-bit output), then the cached local fields and the energy.
struct RandomStart {
    var spins: [Double]
    /// f_i = h_i + Σ_j J_ij s_j.
    var fields: [Double]
    var energy: Double

    init(_ problem: IsingProblem, _ rng: inout SeededRandom) {
        let n = problem.n
        spins = [Double](repeating: 0, count: n)
        for i in 0..<n { spins[i] = rng.next() >> 63 == 0 ? -1 : 1 }
        fields = problem.h
        for i in 0..<n {
            var f = 0.0
            for k in problem.rowStart[i]..<problem.rowStart[i + 1] {
                f += problem.values[k] * spins[Int(problem.columns[k])]
            }
            fields[i] += f
        }
        energy = problem.offset
        for i in 0..<n { energy += 0.5 * spins[i] * (fields[i] + problem.h[i]) }
    }
}
