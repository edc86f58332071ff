import Foundation
import IsingCore

/// Tensors as CSV: one row per line (LF, CRLF or CR line ends), comma-separated decimal numbers (`nan`,
/// `inf` and `-inf` as numpy writes them). The first line is a header only when none of its fields is a
/// number; every other line must be all numbers, or the read fails naming the line and column — an
/// empty field or `0x10` is an error, never a skipped row or a silent conversion. Reading gives a
/// [rows, columns] matrix (a single column or row stays 2-D). Writing takes rank ≤ 2 (a vector is one row
/// per element).
enum CSVTensor {
    static func read(path: String) throws -> Tensor {
        let text: String
        do { text = try TextFile.read(path) } catch { throw LanguageError.value(error.message) }
        return try parse(text, source: path)
    }

    static func parse(_ text: String, source: String) throws -> Tensor {
        var rows: [[Double]] = []
        var storage: [Double] = []
        var columns: Int? = nil
        // "\r\n" is one Character in Swift, so the three line ends are three separators.
        let lines = text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" || $0 == "\r" })
        for (k, raw) in lines.enumerated() {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.isEmpty { continue }
            let fields = line.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
            let numbers = fields.map(number)
            if rows.isEmpty && columns == nil && numbers.allSatisfy({ $0 == nil }) && fields.contains(where: { !$0.isEmpty }) {
                columns = fields.count  // a header: its width is the table's
                continue
            }
            if let bad = numbers.firstIndex(where: { $0 == nil }) {
                let what = fields[bad].isEmpty ? "an empty field" : "\"\(fields[bad])\" is not a decimal number"
                throw LanguageError.value("\(source) line \(k + 1), column \(bad + 1): \(what)")
            }
            if let width = columns, width != fields.count {
                throw LanguageError.shape("\(source) line \(k + 1) has \(fields.count) columns, earlier lines \(width)")
            }
            columns = fields.count
            let row = numbers.map { $0! }
            rows.append(row)
            storage.append(contentsOf: row)
        }
        return Tensor(shape: [rows.count, rows.isEmpty ? 0 : columns ?? 0], storage: storage)
    }

    /// A decimal number as numpy's `savetxt` writes it: `-1.5`, `2e-3`, `.5`, `nan`, `inf`; nil for
    /// anything else (Swift's `Double("0x10")` would read hexadecimal, `Double("")` nothing).
    static func number(_ field: String) -> Double? {
        switch field.lowercased() {
        case "nan", "+nan", "-nan": return .nan
        case "inf", "+inf", "infinity", "+infinity": return .infinity
        case "-inf", "-infinity": return -.infinity
        default: break
        }
        var digits = 0, seenDot = false, seenExponent = false, exponentDigits = 0
        var previous: Character? = nil
        for c in field {
            switch c {
            case "0"..."9": if seenExponent { exponentDigits += 1 } else { digits += 1 }
            case ".": if seenDot || seenExponent { return nil }; seenDot = true
            case "e", "E": if seenExponent || digits == 0 { return nil }; seenExponent = true
            case "+", "-": if !(previous == nil || previous == "e" || previous == "E") { return nil }
            default: return nil
            }
            previous = c
        }
        guard digits > 0, !seenExponent || exponentDigits > 0 else { return nil }
        return Double(field)
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
        do { try TextFile.write(out, to: path) } catch { throw LanguageError.value(error.message) }
    }
}
