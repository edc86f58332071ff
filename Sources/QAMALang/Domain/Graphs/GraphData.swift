import IsingCore

/// A weighted undirected graph as `graph("G11")` reads it: 0-based vertices, one entry per edge.
struct GraphData: Sendable {
    var name: String
    var vertices: Int
    var edges: [(i: Int, j: Int, w: Double)]
    /// The best cut known in the literature (Gset's best_known.tsv), when there is one.
    var bestKnownCut: Double?

    /// MaxCut as an Ising model: minimising E(s) = Σ w_ij s_i s_j maximises the cut, because
    /// cut(s) = Σ w_ij (1 − s_i s_j) / 2 = (W − E(s)) / 2 with W the total weight.
    func maxcutModel() -> CompiledModel {
        var builder = ModelBuilder(vartype: .spin, names: (0..<vertices).map { "s[\($0)]" })
        builder.reserveQuadratic(edges.count)
        for e in edges where e.i != e.j { builder.addQuadratic(e.i, e.j, e.w) }
        return builder.compile()
    }

    var totalWeight: Double { edges.reduce(0) { $0 + $1.w } }

    /// The weight of the edges a sample cuts; the sample may be spins (±1) or binary (0/1).
    func cut(_ sample: [Double]) -> Double {
        let side = sample.map { $0 > 0 }
        var total = 0.0
        for e in edges where side[e.i] != side[e.j] { total += e.w }
        return total
    }
}
