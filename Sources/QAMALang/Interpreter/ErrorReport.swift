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
        let text = String(lines[at.line - 1]).replacingOccurrences(of: "\r", with: "")
        var caret = ""
        for (k, scalar) in text.unicodeScalars.enumerated() where k < at.column - 1 {
            caret.unicodeScalars.append(scalar == "\t" ? "\t" : " ")
        }
        if at.column - 1 > text.unicodeScalars.count {
            caret += String(repeating: " ", count: at.column - 1 - text.unicodeScalars.count)
        }
        return [text, caret + "^"]
    }
}
