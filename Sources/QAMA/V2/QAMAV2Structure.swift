import IsingCore

/// What a v2 model is before any coupling is written out: Q, K, V as given (validated), the value field
/// h[t, j] and e2v, in O(H·N·d) memory — the structured form a solver can use directly (J_t = (Q Kᵀ + K Qᵀ)/(2√d)
/// is never formed) and from which `expanded()` builds the generic model on demand.
public struct QAMAV2Structure: Sendable {
    public let layout: QAMALayout
    public let options: QAMAV2Options
    public let query: NDArray
    public let key: NDArray
    public let value: NDArray
    /// h[t, j] = mean over d of V[t, j, :] ⊙ e2v, [H, N] — the same numbers the generic model's coefficients hold.
    public let field: [Double]
    public let e2v: [Double]

    /// Validates as `QAMAV2Hamiltonian` does (shapes, finite entries, e2v's length); builds no coupling.
    public init(query: NDArray, key: NDArray, value: NDArray, options: QAMAV2Options = QAMAV2Options()) throws {
        let shape = try NDArray.queryKeyShape(query, key)
        let valueShape = try value.valueShape(matching: shape, queryShape: query.shape)
        let e2v = try QAMAV2Hamiltonian.checkedE2V(options.e2v, features: valueShape.features)
        layout = QAMALayout(heads: shape.heads, tokens: shape.tokens, bits: 1, features: shape.features)
        self.options = options
        self.query = query
        self.key = key
        self.value = value
        self.e2v = e2v
        field = QAMAV2Coefficients.valueField(value.storage, rows: shape.heads * shape.tokens, features: valueShape.features, e2v: e2v)
    }

    /// Distinct couplings of the generic model when every weight is nonzero: within heads and across heads.
    public var expandedCouplingCount: Int {
        let c = QAMAV2Hamiltonian.couplingCounts(layout)
        return c.withinHead + c.penalty
    }

    /// The params of the generic model in its block order (α's block is opened first, then γ's when there is a
    /// penalty, then β's), so a summary lists them as the expanded model would.
    public var params: [String] { QAMAStructureParams.order(alpha: options.alpha, beta: options.beta, gamma: options.gamma, heads: layout.heads) }

    /// The generic model (every coupling written out; memory checked first).
    public func expanded() throws -> QAMAV2Hamiltonian {
        try QAMAV2Hamiltonian(query: query, key: key, value: value, options: options)
    }
}

enum QAMAStructureParams {
    static func order(alpha: Weight, beta: Weight, gamma: Weight, heads: Int) -> [String] {
        var out: [String] = []
        for w in heads >= 2 ? [alpha, gamma, beta] : [alpha, beta] {
            if case .param(let p) = w, !out.contains(p) { out.append(p) }
        }
        return out
    }
}
