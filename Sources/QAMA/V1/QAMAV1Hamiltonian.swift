import IsingCore

/// The v1 QAMA attention Hamiltonian (the April 2025 draft of arXiv 2504.11083) built from Q, K, V —
/// DESIGN.md, "The QAMA Hamiltonian", v1:
///
///     E(x) = −α Σ_t Σ_{i,j} J[t,i,j] w[t,i] w[t,j] − β Σ_t Σ_i h[t,i] w[t,i]
///            + γ / C(H,2) · Σ_{t<t'} Σ_i Σ_k x[t,i,k] x[t',i,k]        (the last term only when H ≥ 2)
///
/// over binaries x[t, i, k] with soft weights w[t, i] = Σ_k 2^k x[t, i, k] / (2^q − 1). The sum over
/// (i, j) runs over both orders and the diagonal, so in bits it is, per head:
/// - i ≠ j (each unordered pair once): −α (J_ij + J_ji) c_k c_l  on x[i,k] x[j,l];
/// - i = j, k ≠ l (once): −2α J_ii c_k c_l  on x[i,k] x[i,l];
/// - i = j, k = l: −α J_ii c_k²  on x[i,k] (x² = x);
/// with c_k = 2^k/(2^q − 1). A weight that is a param puts its term in that param's block.
public struct QAMAV1Hamiltonian: Sendable {
    public let model: CompiledModel
    public let layout: QAMALayout
    public let options: QAMAV1Options
    /// J, h and raw entropies as they entered the energy.
    public let coefficients: QAMAV1Coefficients

    /// Builds the model. Throws `QAMAError` for shapes that disagree (naming them), non-finite entries,
    /// or bits outside 1…8, and the memory estimate's error when the model would not fit.
    public init(query: NDArray, key: NDArray, value: NDArray, options: QAMAV1Options = QAMAV1Options()) throws {
        // The expanded model's size follows from the shapes: refuse it before computing any coefficient.
        try Self.checkMemory(QAMAV1Structure.validated(query: query, key: key, value: value, options: options).layout, options)
        self = try QAMAV1Structure(query: query, key: key, value: value, options: options).expanded()
    }

    /// The model from coefficients already computed (`QAMAV1Structure.expanded()`): the same model `init(query:…)`
    /// builds from the inputs those coefficients came from.
    init(layout: QAMALayout, options: QAMAV1Options, coefficients: QAMAV1Coefficients) throws {
        try Self.checkMemory(layout, options)
        self.layout = layout
        self.options = options
        self.coefficients = coefficients
        self.model = Self.compile(layout: layout, options: options, coefficients: coefficients)
    }

    private static func checkMemory(_ layout: QAMALayout, _ options: QAMAV1Options) throws {
        let (withinHead, penalty) = couplingCounts(layout)
        try MemoryEstimate.forModel(variables: layout.variableCount, couplings: withinHead + penalty, blocks: 1 + options.params.count)
            .check("this QAMA model (\(layout.variableCount) variables)")
    }

    /// Distinct couplings within heads and across heads (the penalty).
    static func couplingCounts(_ layout: QAMALayout) -> (withinHead: Int, penalty: Int) {
        let perHead = layout.tokens * layout.bits
        let headPairs = layout.heads * (layout.heads - 1) / 2
        return (layout.heads * perHead * (perHead - 1) / 2, headPairs * perHead)
    }

    /// Feeds every coefficient to `ModelBuilder` row by row in increasing column order (so its per-row
    /// sort has nothing to do): within-head couplings first, then the penalty to the same (i, k) in later heads.
    private static func compile(layout: QAMALayout, options: QAMAV1Options, coefficients: QAMAV1Coefficients) -> CompiledModel {
        let (h, n, q) = (layout.heads, layout.tokens, layout.bits)
        var names: [String] = []
        names.reserveCapacity(layout.variableCount)
        for t in 0..<h { for i in 0..<n { for k in 0..<q { names.append(layout.name(head: t, token: i, bit: k)) } } }
        var builder = ModelBuilder(vartype: .binary, names: names)

        let (alpha, alphaBlock) = options.alpha.factorAndBlock
        let (beta, betaBlock) = options.beta.factorAndBlock
        let (gamma, gammaBlock) = options.gamma.factorAndBlock
        let penalty = h >= 2 ? gamma / Double(h * (h - 1) / 2) : 0
        let (withinHead, penaltyPairs) = couplingCounts(layout)
        if alphaBlock == gammaBlock {
            builder.reserveQuadratic(withinHead + penaltyPairs, param: alphaBlock)
        } else {
            builder.reserveQuadratic(withinHead, param: alphaBlock)
            // Reserving would open γ's block; with one head there is no penalty, so γ is no param of the model.
            if penaltyPairs > 0 { builder.reserveQuadratic(penaltyPairs, param: gammaBlock) }
        }
        let c = (0..<q).map(layout.bitWeight)

        coefficients.coupling.withUnsafeBufferPointer { jAll in
            for t in 0..<h {
                let jHead = jAll.baseAddress! + t * n * n
                for i in 0..<n {
                    let jii = jHead[i * n + i], hi = coefficients.field[t * n + i]
                    for k in 0..<q {
                        let row = layout.index(head: t, token: i, bit: k)
                        builder.addLinear(row, -alpha * jii * c[k] * c[k], param: alphaBlock)
                        builder.addLinear(row, -beta * hi * c[k], param: betaBlock)
                        for l in (k + 1)..<q {
                            builder.addQuadratic(row, row + (l - k), -2 * alpha * jii * c[k] * c[l], param: alphaBlock)
                        }
                        for j in (i + 1)..<n {
                            let pair = -alpha * (jHead[i * n + j] + jHead[j * n + i]) * c[k]
                            let first = layout.index(head: t, token: j, bit: 0)
                            for l in 0..<q { builder.addQuadratic(row, first + l, pair * c[l], param: alphaBlock) }
                        }
                        for other in (t + 1)..<h {
                            builder.addQuadratic(row, layout.index(head: other, token: i, bit: k), penalty, param: gammaBlock)
                        }
                    }
                }
            }
        }
        return builder.compile()
    }
}
