import Figures

/// `patchmap(r, image, title:, label:)`: each head's selected patches over the image a vision model cut into
/// tokens (the QAMA paper's per-head map). The patch side follows from the sizes: N tokens tile a rows ×
/// columns image in p × p patches when p² · N = rows · columns.
enum PatchMapBuiltin {
    static func register(into table: inout BuiltinTable) { table.register(builtin) }

    static var builtin: Builtin {
        let r = Param<Value>.value(at: "r", kind: .any, "a Result of a qama(...) model, or heads × tokens weights")
        let image = Param<Tensor>.tensor(at: "image")
        let title = Param<String?>.string("title", "default: \"\(PatchMap.defaultTitle)\"")
        let label = Param<String?>.string("label", "default: \"\(PatchMap.defaultImageTitle)\"")
        return Builtin("patchmap", [r, image, title, label], doc: """
            Small multiples: the image, then one panel per head with the patches that head selects outlined over it. \
            r is the Result of a qama(...) model (its best sample's weights) or a heads × tokens tensor of weights in \
            [0, 1] (a vector is one head); image a rows × columns tensor. Token j is the patch in row j / (columns / p), \
            column j % (columns / p), with p² · tokens = rows · columns. label: titles the input panel.
            """
        ) { args, session in
            let (weights, heads, tokens) = try selection(try args[r], args)
            let image = try args[image]
            guard image.rank == 2 else {
                throw LanguageError.shape("patchmap() takes a rows × columns image, not shape \(Tensor.describe(shape: image.shape))",
                                          at: args.rangeOf(argument: 1))
            }
            let (rows, columns) = (image.shape[0], image.shape[1])
            let side = Int(Double(rows * columns / max(tokens, 1)).squareRoot().rounded())
            guard side > 0, side * side * tokens == rows * columns, rows % side == 0, columns % side == 0 else {
                throw LanguageError.shape("patchmap(): \(tokens) tokens do not tile a \(rows) × \(columns) image in square patches",
                                          at: args.rangeOf(argument: 1))
            }
            let title = try args[title] ?? PatchMap.defaultTitle, label = try args[label] ?? PatchMap.defaultImageTitle
            return try FigureValue.make {
                try PatchMap(image: image.storage, imageRows: rows, imageColumns: columns, weights: weights, heads: heads,
                             patch: side, title: title, imageTitle: label)
            }
        }
    }

    /// The weights (row-major heads × tokens), from a QAMA result's best sample or a tensor.
    private static func selection(_ v: Value, _ args: CallArguments) throws -> ([Double], Int, Int) {
        if case .library(let r as ResultValue) = v {
            guard let h = r.result.model.qama else {
                throw LanguageError.type("patchmap() needs the result of a qama(...) model; this one solved \(r.result.model.kind)",
                                         at: args.rangeOf(argument: 0))
            }
            return (try h.layout.weights(r.result.best), h.layout.heads, h.layout.tokens)
        }
        let t: Tensor
        do { t = try args.tensor(at: 0) } catch {
            throw LanguageError.type("patchmap() argument 1 must be the Result of a qama(...) model or heads × tokens weights, not \(v.typeName)",
                                     at: args.rangeOf(argument: 0))
        }
        guard let (heads, tokens) = t.rowsAndColumns else {
            throw LanguageError.shape("patchmap() takes heads × tokens weights, not shape \(Tensor.describe(shape: t.shape))",
                                      at: args.rangeOf(argument: 0))
        }
        return (t.storage, heads, tokens)
    }
}
