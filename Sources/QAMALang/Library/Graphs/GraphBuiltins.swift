import Foundation
import IsingCore

/// `graph(name | path)`, `maxcut(g)`, `cut(g, sample)`.
enum GraphBuiltins {
    static func register(into table: inout BuiltinTable) {
        let file = Param<String>.string(at: "\"G11\" | \"path/to/graph.txt\"")
        table.register(Builtin("graph", [file], doc: """
            Reads a weighted graph in rudy (Gset) format: a first line `n m`, then one `i j w` line per edge with \
            1-based vertices. A bare Gset name such as "G11" is looked up in $QAMA_GSET_DIR, then \
            <repo>/../shared/data/gset, then ./data/gset and ../data/gset; anything else is a path. Shows vertices, \
            edges, weights and, for Gset graphs, the best known cut.
            """
        ) { args, session in
            let name = try args[file]
            let (path, searched) = GraphLocator.locate(name, environment: session.environment)
            guard let path else {
                if GraphLocator.isGsetName(name) {
                    throw LanguageError.value("graph(): no Gset file \(name) in \(searched.joined(separator: ", ")) (set QAMA_GSET_DIR)",
                                              at: args.rangeOf(argument: 0))
                }
                throw LanguageError.value("graph(): no file \(name)", at: args.rangeOf(argument: 0))
            }
            do {
                return .library(GraphValue(graph: try GraphData.read(path: path)))
            } catch {
                throw LanguageError(error).located(args.rangeOf(argument: 0))  // a file error points at the path
            }
        })

        let g = Param<GraphData>.graph(at: "g")
        table.register(Builtin("maxcut", [g], doc: """
            The MaxCut Ising model of a graph: E(s) = Σ w_ij s_i s_j over spins, whose minimum is the maximum \
            cut (cut = (W − E)/2 with W the total weight). Score a sample with `cut(g, r.best)`.
            """
        ) { args, session in
            let g = try args[g]
            let handle = ModelStore.of(session).register(g.graph.maxcut(), origin: .maxcut(g))
            return .library(ModelValue(handle: handle, session: SessionReference(session)))
        })

        let sample = Param<Tensor>.tensor(at: "sample")
        table.register(Builtin(
            "cut", [g, sample],
            doc: "The total weight of the edges of g that a sample cuts (a vector of ±1 spins or 0/1 bits, one per vertex, such as r.best)."
        ) { args, session in
            let g = try args[g], sample = try args[sample]
            guard sample.count == g.vertices else {
                throw LanguageError.shape("cut(): the sample has \(sample.count) entries but \(g.name) has \(g.vertices) vertices",
                                          at: args.rangeOf(argument: 1))
            }
            // ±1 spins or 0/1 bits: the side of a vertex is whether its value is positive.
            return .number(g.graph.cut(sample.storage.map { $0 > 0 ? Int8(1) : -1 }))
        })
    }
}

extension Param where T == GraphData {
    /// A Graph value (from `graph("G11")`).
    static func graph(at name: String) -> Param<GraphData> {
        .library(at: name, GraphValue.self, "a Graph (from graph(\"G11\"))") { $0.graph }
    }
}
