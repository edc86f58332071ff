import Foundation

/// Tensors as CSV: one row per line, comma-separated numbers; a header line that is not numeric is
/// skipped. Reading gives a [rows, columns] matrix (a single column or row stays 2-D). Writing takes rank
/// ≤ 2 (a vector is one row per element).
enum CSVTensor {
    static func read(path: String) throws -> Tensor {
        let text: String
        do { text = try String(contentsOfFile: path, encoding: .utf8) } catch {
            throw LanguageError.value("cannot read \(path): \(error.localizedDescription)")
        }
        var rows: [[Double]] = []
        for (k, raw) in text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" }).enumerated() {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.isEmpty { continue }
            let fields = line.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
            let numbers = fields.map(Double.init)
            if numbers.contains(where: { $0 == nil }) {
                if rows.isEmpty && k == 0 { continue }  // header
                throw LanguageError.value("\(path) line \(k + 1): not a number in \"\(line)\"")
            }
            let row = numbers.map { $0! }
            if let first = rows.first, first.count != row.count {
                throw LanguageError.shape("\(path) line \(k + 1) has \(row.count) columns, earlier lines \(first.count)")
            }
            rows.append(row)
        }
        return Tensor(shape: [rows.count, rows.first?.count ?? 0], storage: rows.flatMap { $0 })
    }

    static func write(_ t: Tensor, path: String) throws {
        guard t.rank <= 2 else {
            throw LanguageError.shape("save() writes CSV for tensors of rank ≤ 2, not shape \(Tensor.describe(shape: t.shape)); use .npy")
        }
        let columns = t.rank == 2 ? t.shape[1] : 1
        var out = ""
        for r in 0..<(columns == 0 ? 0 : t.count / columns) {
            out += t.storage[(r * columns)..<((r + 1) * columns)].map { NumberFormat.format($0) }.joined(separator: ",") + "\n"
        }
        do { try out.write(toFile: path, atomically: true, encoding: .utf8) } catch {
            throw LanguageError.value("cannot write \(path): \(error.localizedDescription)")
        }
    }
}
