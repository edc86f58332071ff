import Foundation
import IsingCore

/// The published QAMA Hamiltonian (arXiv 2504.11083 v2, as its authors' code builds it) — DESIGN.md,
/// "The QAMA Hamiltonian", v2. One binary x[t, j] per head t and token j (index t·N + j):
///
///     E(x) = − α Σ_t Σ_{j≠k} J_t[j,k] x[t,j] x[t,k]             (query–key)
///            − β·N Σ_t Σ_j h[t,j] x[t,j]                        (value)
///            + P Σ_j Σ_{t≠t'} x[t,j] x[t',j],  P = (γ/2)·√(2/π)·N/(H−1)   (head overlap; H ≥ 2)
///
/// Both double sums run over ordered pairs, so each unordered pair carries twice its entry: −2α J_t[j,k]
/// within a head and 2P = γ·√(2/π)·N/(H−1) across heads. A weight that is a param puts its term in that
/// param's block, so re-weighting never rebuilds.
public struct QAMAV2Hamiltonian: Sendable {
    public let model: CompiledModel
    /// x[t, j] is `layout.index(head: t, token: j, bit: 0)`: the v1 layout with one bit, which is also how
    /// the shared decoding (`weights`, `mask`, `headOverlap`) reads it.
    public let layout: QAMALayout
    public let options: QAMAV2Options
    public let coefficients: QAMAV2Coefficients

    /// Builds the model. Throws `QAMAError` for shapes that disagree (naming them), non-finite entries or an
    /// `e2v` whose length is not V's feature count, and the memory estimate's error when it would not fit.
    public init(query: NDArray, key: NDArray, value: NDArray, options: QAMAV2Options = QAMAV2Options()) throws {
        let shape = try NDArray.queryKeyShape(query, key)
        let valueShape = try value.valueShape(matching: shape, queryShape: query.shape)
        let e2v = try Self.checkedE2V(options.e2v, features: valueShape.features)
        let layout = QAMALayout(heads: shape.heads, tokens: shape.tokens, bits: 1, features: shape.features)
        try Self.memoryEstimate(layout, params: options.params.count).check("this QAMA model (\(layout.variableCount) variables)")

        self.layout = layout
        self.options = options
        self.coefficients = QAMAV2Coefficients(query: query, key: key, value: value, shape: shape,
                                               valueFeatures: valueShape.features, e2v: e2v)
        self.model = Self.compile(layout: layout, options: options, coefficients: coefficients)
    }

    /// The head-overlap factor per unit γ: P/γ = ½·√(2/π)·N/(H−1), and 0 with one head (no penalty).
    public static func penaltyPerGamma(heads h: Int, tokens n: Int) -> Double {
        h >= 2 ? 0.5 * (2 / Double.pi).squareRoot() * Double(n) / Double(h - 1) : 0
    }

    /// The model's memory before it is built: the compiled model (couplings within heads and across heads,
    /// one block per param) plus the [H, N, N] coupling matrix kept for decoding.
    public static func memoryEstimate(_ layout: QAMALayout, params: Int) -> MemoryEstimate {
        let (withinHead, penalty) = couplingCounts(layout)
        let model = MemoryEstimate.forModel(variables: layout.variableCount, couplings: withinHead + penalty, blocks: 1 + params)
        return MemoryEstimate(bytes: model.bytes + Double(layout.heads) * Double(layout.tokens) * Double(layout.tokens) * 8)
    }

    /// Distinct couplings within heads (each unordered token pair) and across heads (each head pair, per token).
    static func couplingCounts(_ layout: QAMALayout) -> (withinHead: Int, penalty: Int) {
        let (h, n) = (layout.heads, layout.tokens)
        return (h * n * (n - 1) / 2, n * h * (h - 1) / 2)
    }

    /// `e2v` as given (its length must be V's d and its entries finite), or all ones.
    static func checkedE2V(_ e2v: [Double]?, features d: Int) throws -> [Double] {
        guard let e2v else { return [Double](repeating: 1, count: d) }
        guard e2v.count == d else {
            throw QAMAError(.shape, "e2v has \(e2v.count) values but V has d = \(d) features; e2v must have length d")
        }
        if let bad = e2v.firstIndex(where: { !$0.isFinite }) {
            throw QAMAError(.nonFinite, "e2v holds \(e2v[bad]) at [\(bad)]; the QAMA operator needs finite inputs")
        }
        return e2v
    }

    /// Feeds every coefficient to `ModelBuilder` row by row in increasing column order (so its per-row sort
    /// has nothing to do): the value field, the later tokens of the same head, then the same token in later heads.
    private static func compile(layout: QAMALayout, options: QAMAV2Options, coefficients: QAMAV2Coefficients) -> CompiledModel {
        let (h, n) = (layout.heads, layout.tokens)
        var names: [String] = []
        names.reserveCapacity(layout.variableCount)
        for t in 0..<h { for j in 0..<n { names.append("x[t=\(t),j=\(j)]") } }
        var builder = ModelBuilder(vartype: .binary, names: names)

        let (alpha, alphaBlock) = options.alpha.factorAndBlock
        let (beta, betaBlock) = options.beta.factorAndBlock
        let (gamma, gammaBlock) = options.gamma.factorAndBlock
        let pairPenalty = 2 * gamma * penaltyPerGamma(heads: h, tokens: n)
        let valueScale = -beta * Double(n)
        let (withinHead, penaltyPairs) = couplingCounts(layout)
        if alphaBlock == gammaBlock {
            builder.reserveQuadratic(withinHead + penaltyPairs, param: alphaBlock)
        } else {
            builder.reserveQuadratic(withinHead, param: alphaBlock)
            // Reserving would open γ's block; with one head there is no penalty, so γ is no param of the model.
            if penaltyPairs > 0 { builder.reserveQuadratic(penaltyPairs, param: gammaBlock) }
        }
        coefficients.coupling.withUnsafeBufferPointer { jAll in
            for t in 0..<h {
                let jHead = jAll.baseAddress! + t * n * n
                for j in 0..<n {
                    let row = t * n + j
                    builder.addLinear(row, valueScale * coefficients.field[row], param: betaBlock)
                    for k in (j + 1)..<n {
                        builder.addQuadratic(row, t * n + k, -2 * alpha * jHead[j * n + k], param: alphaBlock)
                    }
                    for other in (t + 1)..<h {
                        builder.addQuadratic(row, other * n + j, pairPenalty, param: gammaBlock)
                    }
                }
            }
        }
        return builder.compile()
    }
}
