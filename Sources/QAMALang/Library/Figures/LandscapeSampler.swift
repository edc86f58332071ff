import IsingCore

/// Energy around a state: for each Hamming distance d = 1…D, flip `trials` random sets of d variables
/// of the state and record the lowest, mean and highest energy found. This is what `landscape(m, r)` draws.
///
/// Each trial flips spins one at a time while keeping every local field current, so a trial costs
/// O(d · degree) instead of a full energy evaluation, then flips them back the same way.
struct LandscapeSampler {
    struct Profile: Equatable {
        var distances: [Int] = []
        var minimum: [Double] = []
        var mean: [Double] = []
        var maximum: [Double] = []
    }

    static let defaultMaxDistance = 32
    static let defaultTrials = 64

    let problem: IsingProblem
    var maxDistance = LandscapeSampler.defaultMaxDistance
    var trials = LandscapeSampler.defaultTrials

    /// `state` is a spin vector (±1) of the problem; the profile's energies are absolute (not deltas).
    func profile(around state: [Int8], seed: UInt64) -> Profile {
        let n = problem.n
        guard n > 0 else { return Profile() }
        var spins = state.map(Double.init)
        var field = problem.h
        for i in 0..<n {
            for k in problem.rowStart[i]..<problem.rowStart[i + 1] {
                field[i] += problem.values[k] * spins[Int(problem.columns[k])]
            }
        }
        let base = problem.energy(state)

        // Flipping spin i changes E by −2 s_i f_i and every neighbour's field by −2 s_i J_ij.
        func flip(_ i: Int) -> Double {
            let delta = -2 * spins[i] * field[i]
            let change = -2 * spins[i]
            for k in problem.rowStart[i]..<problem.rowStart[i + 1] {
                field[Int(problem.columns[k])] += change * problem.values[k]
            }
            spins[i] = -spins[i]
            return delta
        }
        return Self.profile(variables: n, base: base, maxDistance: maxDistance, trials: trials, seed: seed, flip: flip)
    }

    /// The profile of any model whose flips report their ΔE (`flip(i)` flips variable i and returns the change):
    /// the random subsets and the order of flips are the same whatever the model's form.
    static func profile(variables n: Int, base: Double, maxDistance: Int, trials: Int, seed: UInt64,
                        flip: (Int) -> Double) -> Profile {
        var profile = Profile()
        guard n > 0 else { return profile }
        var order = Array(0..<n)
        var random = SeededRandom(seed: seed)
        var flipped = [Int](repeating: 0, count: min(n, maxDistance))
        for d in 1...min(n, maxDistance) {
            var low = Double.infinity, high = -Double.infinity, total = 0.0
            for _ in 0..<trials {
                // Partial Fisher–Yates: the first d entries of `order` become a uniform random d-subset.
                for k in 0..<d {
                    let j = k + Int(random.next() % UInt64(n - k))
                    order.swapAt(k, j)
                    flipped[k] = order[k]
                }
                var energy = base
                for k in 0..<d { energy += flip(flipped[k]) }
                for k in stride(from: d - 1, through: 0, by: -1) { _ = flip(flipped[k]) }
                low = min(low, energy); high = max(high, energy); total += energy
            }
            profile.distances.append(d)
            profile.minimum.append(low)
            profile.mean.append(total / Double(trials))
            profile.maximum.append(high)
        }
        return profile
    }
}
