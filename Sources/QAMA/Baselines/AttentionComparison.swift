/// How far the QAMA weights agree with softmax importance, per head.
public struct HeadAgreement: Sendable, Equatable {
    public let head: Int
    /// Spearman rank correlation of the two token scores (NaN when either is constant within the head).
    public let spearman: Double
    /// Fraction of the top-k tokens the two scores share.
    public let topKOverlap: Double
}

/// Rank statistics for comparing token scores (QAMA weights against softmax importance).
public enum AttentionComparison {
    /// Spearman's ρ: the Pearson correlation of the ranks, ties getting their average rank (as
    /// scipy.stats.spearmanr). NaN when the lengths differ, there are fewer than 2 values, or either
    /// side is constant — the correlation is undefined then.
    public static func spearman(_ a: [Double], _ b: [Double]) -> Double {
        guard a.count == b.count, a.count >= 2 else { return .nan }
        let ra = ranks(a), rb = ranks(b)
        let mean = Double(a.count + 1) / 2
        var sab = 0.0, saa = 0.0, sbb = 0.0
        for k in a.indices {
            let x = ra[k] - mean, y = rb[k] - mean
            sab += x * y; saa += x * x; sbb += y * y
        }
        guard saa > 0, sbb > 0 else { return .nan }
        return sab / (saa * sbb).squareRoot()
    }

    /// |top_k(a) ∩ top_k(b)| / k, where top_k takes the k largest scores and breaks ties by the lower
    /// index (QAMA weights tie often: many tokens share a level). Throws unless 1 ≤ k ≤ count.
    public static func topKOverlap(_ a: [Double], _ b: [Double], k: Int) throws -> Double {
        guard a.count == b.count else {
            throw QAMAError(.shape, "cannot compare \(a.count) scores with \(b.count)")
        }
        guard (1...max(1, a.count)).contains(k), !a.isEmpty else {
            throw QAMAError(.option, "top-k needs 1 ≤ k ≤ \(a.count), not \(k)")
        }
        let shared = Set(top(a, k)).intersection(top(b, k))
        return Double(shared.count) / Double(k)
    }

    /// Spearman ρ and top-k overlap head by head for two [H, N] score arrays.
    public static func perHead(weights: [Double], importance: [Double], heads: Int, tokens: Int, k: Int) throws -> [HeadAgreement] {
        guard heads > 0, tokens > 0, weights.count == heads * tokens, importance.count == heads * tokens else {
            throw QAMAError(.shape, "weights (\(weights.count) values) and importance (\(importance.count) values) "
                            + "must both have shape [\(heads), \(tokens)]")
        }
        return try (0..<heads).map { t in
            let r = (t * tokens)..<((t + 1) * tokens)
            let w = Array(weights[r]), s = Array(importance[r])
            return HeadAgreement(head: t, spearman: spearman(w, s), topKOverlap: try topKOverlap(w, s, k: k))
        }
    }

    /// 1-based ranks, ascending, ties averaged.
    static func ranks(_ x: [Double]) -> [Double] {
        let order = x.indices.sorted { (x[$0], $0) < (x[$1], $1) }
        var out = [Double](repeating: 0, count: x.count)
        var start = 0
        while start < order.count {
            var end = start
            while end + 1 < order.count && x[order[end + 1]] == x[order[start]] { end += 1 }
            let rank = Double(start + end) / 2 + 1
            for p in start...end { out[order[p]] = rank }
            start = end + 1
        }
        return out
    }

    private static func top(_ x: [Double], _ k: Int) -> [Int] {
        Array(x.indices.sorted { (x[$0], -$0) > (x[$1], -$1) }.prefix(k))
    }
}
