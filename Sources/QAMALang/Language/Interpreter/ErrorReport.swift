/// How an error is shown: in Jupyter a traceback (kind and message, the position, the offending line and a
/// caret under the column); in `qama run` a compiler-style `FILE:LINE:COLUMN: Kind: message` plus the same
/// line and caret.
public enum ErrorReport {
    /// Jupyter traceback lines.
    public static func traceback(_ error: LanguageError, source: String) -> [String] {
        var lines = ["\(error.kind.rawValue): \(error.message)"]
        if let range = error.range {
            lines.append("  at \(range.start.description):")
            lines += excerpt(source, range.start).map { "    " + $0 }
        }
        return lines
    }

    /// `qama run` form.
    public static func compilerStyle(_ error: LanguageError, file: String, source: String) -> String {
        guard let at = error.range?.start else { return "\(file): \(error.kind.rawValue): \(error.message)" }
        return (["\(file):\(at.line):\(at.column): \(error.kind.rawValue): \(error.message)"] + excerpt(source, at).map { "    " + $0 })
            .joined(separator: "\n")
    }

    /// The source line holding `at` and a caret line under its column (tabs kept so the caret aligns).
    static func excerpt(_ source: String, _ at: SourceLocation) -> [String] {
        let lines = source.split(separator: "\n", omittingEmptySubsequences: false)
        guard at.line >= 1 && at.line <= lines.count else { return [] }
        let text = maskingSecrets(String(lines[at.line - 1]).replacingOccurrences(of: "\r", with: ""))
        var caret = ""
        for (k, scalar) in text.unicodeScalars.enumerated() where k < at.column - 1 {
            caret.unicodeScalars.append(scalar == "\t" ? "\t" : " ")
        }
        if at.column - 1 > text.unicodeScalars.count {
            caret += String(repeating: " ", count: at.column - 1 - text.unicodeScalars.count)
        }
        return [text, caret + "^"]
    }

    /// A `token: "…"` literal in an echoed line becomes `token: "****"` (same length, so the caret still
    /// aligns): errors never print the CIM token.
    public static func maskingSecrets(_ line: String) -> String {
        var scalars = Array(line.unicodeScalars)
        let key = Array("token:".unicodeScalars)
        var k = 0
        while k + key.count <= scalars.count {
            guard Array(scalars[k..<(k + key.count)]) == key else { k += 1; continue }
            var j = k + key.count
            while j < scalars.count, scalars[j] == " " { j += 1 }
            guard j < scalars.count, scalars[j] == "\"" else { k = j; continue }
            j += 1
            while j < scalars.count, scalars[j] != "\"" {
                if scalars[j] == "\\" && j + 1 < scalars.count { scalars[j] = "*"; j += 1 }
                scalars[j] = "*"
                j += 1
            }
            k = j
        }
        var out = ""
        out.unicodeScalars.append(contentsOf: scalars)
        return out
    }
}
