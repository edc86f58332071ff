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
    public func resolved(_ params: [String: Double]) throws -> Double {
        switch self {
        case .value(let v): return v
        case .param(let name):
            guard let v = params[name] else { throw QAMAError(.option, "the param '\(name)' has no value") }
            return v
        }
    }

    /// The fixed number, or nil for a param.
    public var number: Double? {
        if case .value(let v) = self { return v }
        return nil
    }

    public var description: String {
        switch self {
        case .value(let v): return "\(v)"
        case .param(let name): return name
        }
    }
}
