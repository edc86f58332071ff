import IsingSolvers

extension LandscapeSampler {
    /// `landscape(m, r)` of an unexpanded QAMA model: the same subsets and flips as on the Ising problem, each
    /// flip's ΔE from the structured state (O(d) in v2, O(N) in v1), energies absolute (the binary model's E).
    /// `best` is the 0/1 state.
    static func profile(structured problem: StructuredQAMAModel.StructuredProblem, around best: [Int8], seed: UInt64,
                        maxDistance: Int = LandscapeSampler.defaultMaxDistance,
                        trials: Int = LandscapeSampler.defaultTrials) -> (profile: Profile, base: Double) {
        let base = problem.energy(best)
        switch problem {
        case .v2(let p):
            let state = StructuredQAMAState(problem: p, bits: best)
            let profile = Self.profile(variables: p.variableCount, base: base, maxDistance: maxDistance, trials: trials, seed: seed) { i in
                let t = i / p.tokens, j = i % p.tokens
                let delta = state.flipDelta(head: t, token: j)
                state.flip(head: t, token: j)
                return delta
            }
            return (profile, base)
        case .v1(let p):
            let state = StructuredQAMAV1State(problem: p, bits: best)
            let profile = Self.profile(variables: p.variableCount, base: base, maxDistance: maxDistance, trials: trials, seed: seed) { i in
                let k = i % p.bits, token = (i / p.bits) % p.tokens, t = i / (p.bits * p.tokens)
                let delta = state.flipDelta(head: t, token: token, bit: k)
                state.flip(head: t, token: token, bit: k)
                return delta
            }
            return (profile, base)
        }
    }
}
