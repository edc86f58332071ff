/// How the coupling J[t, i, j] between query token i and key token j is computed.
public enum QAMACoupling: String, Sendable, Hashable, CaseIterable {
    /// Jensen–Shannon divergence between softmax(Q[t, i, :]) and softmax(K[t, j, :]) (the paper's code).
    case js
    /// Scaled dot product Q[t, i, :]·K[t, j, :] / √d.
    case dot
}

/// The options of `qama(..., formulation: "v1")` (the April 2025 draft), with its defaults — the one place
/// they are written (the language reads them from here).
public struct QAMAV1Options: Sendable, Hashable {
    /// Bits per token weight, 1…8 (q).
    public var bits: Int
    /// Weight of the attention term −Σ J w w.
    public var alpha: Weight
    /// Weight of the value term −Σ h w.
    public var beta: Weight
    /// Weight of the head-overlap penalty (only with two or more heads).
    public var gamma: Weight
    public var coupling: QAMACoupling
    /// Standardise J (off-diagonal) and h per head.
    public var normalize: Bool

    public init(bits: Int = 4, alpha: Weight = .value(1), beta: Weight = .value(1), gamma: Weight = .value(2),
                coupling: QAMACoupling = .js, normalize: Bool = true) {
        self.bits = bits
        self.alpha = alpha
        self.beta = beta
        self.gamma = gamma
        self.coupling = coupling
        self.normalize = normalize
    }

    /// The params the options name, in α, β, γ order without repeats.
    public var params: [String] {
        var out: [String] = []
        for case .param(let p) in [alpha, beta, gamma] where !out.contains(p) { out.append(p) }
        return out
    }
}
