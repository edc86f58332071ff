import JupyterKernel

/// The Graph value `graph("G11")` returns. Members: `g.edges` (a k×3 tensor of `[i, j, w]` rows, 0-based),
/// `g.vertices`, `g.name`, `g.best` (best known cut, when the graph is a Gset graph with one on record).
struct GraphValue: LibraryValue {
    let graph: GraphData

    var typeName: String { "Graph" }

    private var weightText: String {
        let weights = Set(graph.edges.map(\.weight))
        if weights.count <= 3 { return weights.sorted().map(NumberFormat.format).joined(separator: ", ") }
        let lo = weights.min()!, hi = weights.max()!
        return "\(NumberFormat.format(lo)) … \(NumberFormat.format(hi))"
    }

    var table: SummaryTable {
        var rows = [("vertices", "\(graph.vertices)"), ("edges", "\(graph.edges.count)"), ("weights", weightText),
                    ("total weight", NumberFormat.format(graph.graph.totalWeight))]
        if let best = graph.bestKnownCut { rows.append(("best known cut", NumberFormat.format(best))) }
        return SummaryTable(caption: "Graph \(graph.name)", pairs: rows)
    }

    var plainText: String { table.plainText }
    var summary: String { "Graph \(graph.name): \(graph.vertices) vertices, \(graph.edges.count) edges" }
    var mimeBundle: MimeBundle { ["text/plain": plainText, "text/html": table.html] }
    var memberNames: [String] { ["edges", "vertices", "name", "best"] }

    func member(_ name: String, session: Session) throws -> Value? {
        switch name {
        case "edges":
            var storage: [Double] = []
            storage.reserveCapacity(graph.edges.count * 3)
            for e in graph.edges { storage += [Double(e.i), Double(e.j), e.weight] }
            return .tensor(Tensor(shape: [graph.edges.count, 3], storage: storage))
        case "vertices": return .number(Double(graph.vertices))
        case "name": return .string(graph.name)
        case "best": return graph.bestKnownCut.map { .number($0) } ?? .nothing
        default: return nil
        }
    }
}
