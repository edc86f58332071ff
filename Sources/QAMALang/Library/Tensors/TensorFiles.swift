import Foundation
import IsingCore

/// `.npy` for tensors through IsingCore's `NPY` (reads versions 1–3, either endianness, float and
/// integer dtypes; writes little-endian float64).
enum TensorFiles {
    static func readNPY(path: String) throws -> Tensor {
        do {
            return try NPY.read(path: path)
        } catch let e as FormatError {
            throw LanguageError.value(e.message)
        } catch {
            throw LanguageError.value("cannot read \(path): \(error.localizedDescription)")
        }
    }

    static func writeNPY(_ t: Tensor, path: String) throws {
        do {
            try NPY.write(t, path: path)
        } catch let e as FormatError {
            throw LanguageError.value(e.message)
        } catch {
            throw LanguageError.value("cannot write \(path): \(error.localizedDescription)")
        }
    }
}
