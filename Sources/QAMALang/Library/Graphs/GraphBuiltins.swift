import Foundation
import IsingCore

/// `graph(name | path)`, `maxcut(g)`, `cut(g, sample)`.
enum GraphBuiltins {
    static func register(into table: inout BuiltinTable) {
        table.register(Builtin(
            name: "graph", signature: "graph(\"G11\" | \"path/to/graph.txt\")",
            doc: """
            Reads a weighted graph in rudy (Gset) format: a first line `n m`, then one `i j w` line per edge with \
            1-based vertices. A bare Gset name such as "G11" is looked up in $QAMA_GSET_DIR, then \
            <repo>/../shared/data/gset, then ./data/gset and ../data/gset; anything else is a path. Shows vertices, \
            edges, weights and, for Gset graphs, the best known cut.
            """
        ) { args, session in
            let name = try args.string(at: 0)
            try args.finish()
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
                throw LibraryErrors.language(error).located(args.rangeOf(argument: 0))
            }
        })

        table.register(Builtin(
            name: "maxcut", signature: "maxcut(g)",
            doc: """
            The MaxCut Ising model of a graph: E(s) = Σ w_ij s_i s_j over spins, whose minimum is the maximum \
            cut (cut = (W − E)/2 with W the total weight). Score a sample with `cut(g, r.best)`.
            """
        ) { args, session in
            let g = try graphArgument(&args, at: 0)
            try args.finish()
            let handle = ModelStore.of(session).register(g.graph.maxcut(), origin: .maxcut(g))
            return .library(ModelValue(handle: handle, session: SessionReference(session)))
        })

        table.register(Builtin(
            name: "cut", signature: "cut(g, sample)",
            doc: "The total weight of the edges of g that a sample cuts (a vector of ±1 spins or 0/1 bits, one per vertex, such as r.best)."
        ) { args, session in
            let g = try graphArgument(&args, at: 0)
            let sample = try args.tensor(at: 1)
            try args.finish()
            guard sample.count == g.vertices else {
                throw LanguageError.shape("cut(): the sample has \(sample.count) entries but \(g.name) has \(g.vertices) vertices",
                                          at: args.rangeOf(argument: 1))
            }
            // ±1 spins or 0/1 bits: the side of a vertex is whether its value is positive.
            return .number(g.graph.cut(sample.storage.map { $0 > 0 ? Int8(1) : -1 }))
        })
    }

    static func graphArgument(_ args: inout CallArguments, at i: Int) throws -> GraphData {
        let v = try args.value(at: i, "graph")
        guard case .library(let d as GraphValue) = v else {
            throw LanguageError.type("\(args.callee)() argument \(i + 1) must be a Graph (from graph(\"G11\")), not \(v.typeName)",
                                     at: args.rangeOf(argument: i))
        }
        return d.graph
    }
}
