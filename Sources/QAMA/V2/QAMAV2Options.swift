/// The options of `qama(...)` in the published formulation (v2, the default), with the paper's values —
/// the one place they are written (the language reads its defaults and its signature from here).
public struct QAMAV2Options: Sendable, Hashable {
    /// Weight of the query–key term −α Σ_t Σ_{j≠k} J_t[j,k] x x.
    public var alpha: Weight
    /// Weight of the value term −β·N Σ h x (the paper's 0.16).
    public var beta: Weight
    /// The paper's multi-head penalty λ (0.8): P = (γ/2)·√(2/π)·N/(H−1) on every pair of heads
    /// selecting the same token. Only with two or more heads.
    public var gamma: Weight
    /// The paper's learned E2V vector (length d of V); nil means all ones.
    public var e2v: [Double]?

    public init(alpha: Weight = .value(1), beta: Weight = .value(0.16), gamma: Weight = .value(0.8), e2v: [Double]? = nil) {
        self.alpha = alpha
        self.beta = beta
        self.gamma = gamma
        self.e2v = e2v
    }

    /// The params the options name, in α, β, γ order without repeats.
    public var params: [String] {
        var out: [String] = []
        for case .param(let p) in [alpha, beta, gamma] where !out.contains(p) { out.append(p) }
        return out
    }
}
