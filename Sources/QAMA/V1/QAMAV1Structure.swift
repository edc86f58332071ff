import IsingCore

/// What a v1 model is before its bit couplings are written out: the per-head token coupling J[t] and field
/// h[t] (`QAMAV1Coefficients`), H·N² numbers instead of the expanded model's H·N²·q²/2 couplings. A solver
/// that shares each token's field among its q bits works on this directly; `expanded()` builds the generic
/// model from the same coefficients on demand.
public struct QAMAV1Structure: Sendable {
    public let layout: QAMALayout
    public let options: QAMAV1Options
    public let coefficients: QAMAV1Coefficients

    /// Validates as `QAMAV1Hamiltonian` does and computes J and h (O(H·N²·d) time, checked against the memory
    /// limit first); builds no bit coupling.
    public init(query: NDArray, key: NDArray, value: NDArray, options: QAMAV1Options = QAMAV1Options()) throws {
        let (layout, shape, valueShape) = try Self.validated(query: query, key: key, value: value, options: options)
        // J, h, the raw entropies, and the token-level copy a structured solver keeps (S = J + Jᵀ).
        try MemoryEstimate(bytes: 2 * Double(shape.heads) * Double(shape.tokens) * Double(shape.tokens) * 8)
            .check("this QAMA model's token couplings (\(shape.heads) × \(shape.tokens) × \(shape.tokens))")
        self.layout = layout
        self.options = options
        coefficients = QAMAV1Coefficients(query: query, key: key, value: value, shape: shape, valueFeatures: valueShape.features,
                                          coupling: options.coupling, normalize: options.normalize)
    }

    /// The model's layout from its inputs: QAMAError for bits outside 1…8 or shapes that disagree (naming them).
    static func validated(query: NDArray, key: NDArray, value: NDArray, options: QAMAV1Options) throws
        -> (layout: QAMALayout, shape: HeadShape, valueShape: HeadShape) {
        guard (1...8).contains(options.bits) else {
            throw QAMAError(.option, "bits must be between 1 and 8, not \(options.bits)")
        }
        let shape = try NDArray.queryKeyShape(query, key)
        let valueShape = try value.valueShape(matching: shape, queryShape: query.shape)
        return (QAMALayout(heads: shape.heads, tokens: shape.tokens, bits: options.bits, features: shape.features), shape, valueShape)
    }

    public var expandedCouplingCount: Int {
        let c = QAMAV1Hamiltonian.couplingCounts(layout)
        return c.withinHead + c.penalty
    }

    /// The generic model's params in its block order.
    public var params: [String] { QAMAStructureParams.order(alpha: options.alpha, beta: options.beta, gamma: options.gamma, heads: layout.heads) }

    /// The generic model from these coefficients (memory checked first).
    public func expanded() throws -> QAMAV1Hamiltonian {
        try QAMAV1Hamiltonian(layout: layout, options: options, coefficients: coefficients)
    }
}
