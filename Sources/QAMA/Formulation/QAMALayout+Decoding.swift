import IsingCore

/// Reading a sample of a QAMA model. A sample is one value per variable in model order, either 0/1
/// (binary) or ±1 (spin, as solvers return): a bit is set when its value is positive (s = +1 ↔ x = 1).
extension QAMALayout {
    /// The soft weights w[t, i] = Σ_k 2^k x[t, i, k] / (2^q − 1), [H, N] row-major, each in [0, 1].
    public func weights<C: RandomAccessCollection>(_ sample: C) throws -> [Double] where C.Element == Int8, C.Index == Int {
        try check(sample)
        let base = sample.startIndex
        var out = [Double](repeating: 0, count: heads * tokens)
        for slot in out.indices {
            var level = 0
            for k in 0..<bits where sample[base + slot * bits + k] > 0 { level |= 1 << k }
            out[slot] = Double(level) / weightScale
        }
        return out
    }

    /// The weights of the lowest-energy read.
    public func weights(_ samples: SampleSet) throws -> [Double] {
        try weights(samples.sample(samples.bestIndex))
    }

    /// w[t, i] > 0: the tokens each head selects, [H, N].
    public func mask<C: RandomAccessCollection>(_ sample: C) throws -> [Bool] where C.Element == Int8, C.Index == Int {
        try weights(sample).map { $0 > 0 }
    }

    public func mask(_ samples: SampleSet) throws -> [Bool] {
        try mask(samples.sample(samples.bestIndex))
    }

    /// How much two heads use the same bits — the quantity the γ term penalises. [H, H] row-major:
    ///
    ///     overlap[t, t'] = Σ_i Σ_k x[t, i, k] x[t', i, k] / (N·q)
    ///
    /// the fraction of (token, bit) slots set in both heads. The diagonal is the fraction of bits a head
    /// sets. Off the diagonal, γ's penalty is γ/C(H,2)·N·q·Σ_{t<t'} overlap[t, t'], so for exact ground
    /// states the mean off-diagonal overlap never grows with γ.
    public func headOverlap<C: RandomAccessCollection>(_ sample: C) throws -> [Double] where C.Element == Int8, C.Index == Int {
        try check(sample)
        let base = sample.startIndex, slots = tokens * bits
        var out = [Double](repeating: 0, count: heads * heads)
        for t in 0..<heads {
            for u in t..<heads {
                var shared = 0
                for s in 0..<slots where sample[base + t * slots + s] > 0 && sample[base + u * slots + s] > 0 { shared += 1 }
                out[t * heads + u] = Double(shared) / Double(slots)
                out[u * heads + t] = out[t * heads + u]
            }
        }
        return out
    }

    public func headOverlap(_ samples: SampleSet) throws -> [Double] {
        try headOverlap(samples.sample(samples.bestIndex))
    }

    private func check<C: Collection>(_ sample: C) throws {
        guard sample.count == variableCount else {
            throw QAMAError(.shape, "the sample has \(sample.count) values but the QAMA model has \(variableCount) variables "
                            + "(H = \(heads), N = \(tokens), q = \(bits))")
        }
    }
}
