import Figures

/// `patchmap(r, image, title:, label:)`: each head's selected patches over the image a vision model cut into
/// tokens (the QAMA paper's per-head map). The patch side follows from the sizes: N tokens tile a rows ×
/// columns image in p × p patches when p² · N = rows · columns.
enum PatchMapBuiltin {
    static func register(into table: inout BuiltinTable) {
        table.register(Builtin(
            name: "patchmap", signature: "patchmap(r, image, title:, label:)",
            doc: """
            Small multiples: the image, then one panel per head with the patches that head selects outlined over it. \
            r is the Result of a qama(...) model (its best sample's weights) or a heads × tokens tensor of weights in \
            [0, 1] (a vector is one head); image a rows × columns tensor. Token j is the patch in row j / (columns / p), \
            column j % (columns / p), with p² · tokens = rows · columns. label: titles the input panel.
            """,
            labels: ["title", "label"]
        ) { args, session in
            let (weights, heads, tokens) = try selection(&args)
            let image = try args.tensor(at: 1)
            let title = try args.string(label: "title") ?? PatchMap.defaultTitle
            let label = try args.string(label: "label") ?? PatchMap.defaultImageTitle
            try args.finish()
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
            do {
                return try FigureValue.make {
                    try PatchMap(image: image.storage, imageRows: rows, imageColumns: columns, weights: weights, heads: heads,
                                 patch: side, title: title, imageTitle: label)
                }
            } catch let e as LanguageError { throw e.located(args.callRange) }
        })
    }

    /// The weights (row-major heads × tokens), from a QAMA result's best sample or a tensor.
    private static func selection(_ args: inout CallArguments) throws -> ([Double], Int, Int) {
        let v = try args.value(at: 0, "result or weights")
        if case .library(is ResultValue) = v {
            let (result, h) = try QAMABuiltins.qamaResult(&args, at: 0)  // a TypeError unless a qama(...) model solved it
            do {
                return (try h.layout.weights(result.best), h.layout.heads, h.layout.tokens)
            } catch { throw LibraryErrors.language(error).located(args.callRange) }
        }
        let t: Tensor
        do { t = try args.tensor(at: 0) } catch {
            throw LanguageError.type("patchmap() argument 1 must be the Result of a qama(...) model or heads × tokens weights, not \(v.typeName)",
                                     at: args.rangeOf(argument: 0))
        }
        guard t.rank == 1 || t.rank == 2, t.count > 0 else {
            throw LanguageError.shape("patchmap() takes heads × tokens weights, not shape \(Tensor.describe(shape: t.shape))",
                                      at: args.rangeOf(argument: 0))
        }
        let heads = t.rank == 2 ? t.shape[0] : 1
        return (t.storage, heads, t.count / heads)
    }
}
