/// The weight of one energy term: a fixed number, or a named param whose value is applied at solve time
/// (the term then lives in that param's block of the compiled model: E = E₀ + Σ_p p·E_p).
public enum Weight: Sendable, Hashable, CustomStringConvertible {
    case value(Double)
    case param(String)

    /// The factor baked into coefficients (the value, or 1 for a param) and the block they go to.
    var factorAndBlock: (factor: Double, param: String?) {
        switch self {
        case .value(let v): return (v, nil)
        case .param(let name): return (1, name)
        }
    }

    /// The weight's number, looking a param up in `params`.
    func resolved(_ params: [String: Double]) throws -> Double {
        switch self {
        case .value(let v): return v
        case .param(let name):
            guard let v = params[name] else { throw QAMAError(.option, "the param '\(name)' has no value") }
            return v
        }
    }

    public var description: String {
        switch self {
        case .value(let v): return "\(v)"
        case .param(let name): return name
        }
    }
}

/// How the coupling J[t, i, j] between query token i and key token j is computed.
public enum QAMACoupling: String, Sendable, Hashable, CaseIterable {
    /// Jensen–Shannon divergence between softmax(Q[t, i, :]) and softmax(K[t, j, :]) (the paper's code).
    case js
    /// Scaled dot product Q[t, i, :]·K[t, j, :] / √d.
    case dot
}

/// The options of `qama(...)`, with the paper's defaults.
public struct QAMAOptions: Sendable, Hashable {
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
