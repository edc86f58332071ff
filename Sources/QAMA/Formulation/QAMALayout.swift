/// Where the variables of a QAMA model sit: x[t, i, k] (head t, token i, bit k) is variable
/// t·N·q + i·q + k. Decoding a sample needs nothing else.
public struct QAMALayout: Sendable, Hashable {
    /// H
    public let heads: Int
    /// N
    public let tokens: Int
    /// q
    public let bits: Int
    /// d of Q and K
    public let features: Int

    public init(heads: Int, tokens: Int, bits: Int, features: Int) {
        self.heads = heads
        self.tokens = tokens
        self.bits = bits
        self.features = features
    }

    public var variableCount: Int { heads * tokens * bits }

    /// The model index of x[t, i, k].
    @inline(__always)
    public func index(head t: Int, token i: Int, bit k: Int) -> Int { (t * tokens + i) * bits + k }

    /// The display name of x[t, i, k], e.g. `x[t=1,i=4,k=2]`.
    public func name(head t: Int, token i: Int, bit k: Int) -> String { "x[t=\(t),i=\(i),k=\(k)]" }

    /// 2^q − 1: the largest integer q bits hold, which maps to weight 1.
    public var weightScale: Double { Double((1 << bits) - 1) }

    /// The factor 2^k / (2^q − 1) of bit k in a soft weight.
    @inline(__always)
    func bitWeight(_ k: Int) -> Double { Double(1 << k) / weightScale }
}
