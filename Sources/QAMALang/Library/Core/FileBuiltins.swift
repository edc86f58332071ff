import Foundation
import IsingCore

/// `load("file.npy" | "file.csv")` and `save(value, "file")`. Tensors are saved by extension (.npy, .csv);
/// any other value is saved through the `Savable` protocol (figures as .svg, …), else a TypeError.
enum FileBuiltins {
    static func register(into table: inout BuiltinTable) {
        table.register([load, save])
    }

    private static var load: Builtin {
        let file = Param<String>.string(at: "\"file.npy\" | \"file.csv\" | \"model.json\"")
        return Builtin("load", [file],
                       doc: "Reads a tensor from .npy (format versions 1–3, little or big endian, float32/float64/integer dtypes) or .csv (a matrix of decimal numbers, one row per line, an optional header line of names), or a Model from a .json file that export() wrote (docs/model-format.md): its params stay re-weightable, and a param the session does not have yet is declared with the value saved in the file. Relative paths are relative to the working directory.") { args, session in
            let path = try args[file]
            try checkLoadSize(path)
            switch (path as NSString).pathExtension.lowercased() {
            case "npy": return .tensor(try TensorFiles.readNPY(path: path))
            case "csv": return .tensor(try CSVTensor.read(path: path))
            case "json": return try ModelFiles.load(path: path, session: session)
            default:
                throw LanguageError.value("load() reads .npy, .csv or .json files, not \"\(path)\"", at: args.rangeOf(argument: 0))
            }
        }
    }

    private static var save: Builtin {
        let value = Param<Value>.value(at: "value"), file = Param<String>.string(at: "\"file\"")
        return Builtin("save", [value, file],
                       doc: "Writes a value to a file chosen by extension: a tensor to .npy or .csv, a figure to .svg. Relative paths are relative to the working directory.") { args, session in
            let value = try args[value]
            let path = try args[file]
            if case .library(let d) = value {
                guard let savable = d as? Savable else {
                    throw LanguageError.type("save() cannot write a \(d.typeName)", at: args.rangeOf(argument: 0))
                }
                try savable.save(to: path, session: session)
                return .nothing
            }
            let t: Tensor
            do { t = try TensorConversion.tensor(from: value) } catch {
                throw LanguageError.type("save() writes tensors and figures, not \(Operators.describe(value))", at: args.rangeOf(argument: 0))
            }
            switch (path as NSString).pathExtension.lowercased() {
            case "npy": try TensorFiles.writeNPY(t, path: path)
            case "csv": try CSVTensor.write(t, path: path)
            default:
                throw LanguageError.value("save() writes a tensor to .npy or .csv, not \"\(path)\"", at: args.rangeOf(argument: 1))
            }
            return .nothing
        }
    }

    /// A file is read whole and then converted (a .csv's text becomes 8-byte numbers; an .npy's bytes are
    /// copied once): refuse before reading when about three times its size does not fit the budget.
    static func checkLoadSize(_ path: String) throws {
        guard let size = (try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? NSNumber else { return }
        try Allocation.check(bytes: size.doubleValue * 3, "load(\"\(path)\") of a \(NumberFormat.bytes(size.doubleValue)) file")
    }
}
