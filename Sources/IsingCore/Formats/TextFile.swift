import Foundation

/// Whole-file UTF-8 text I/O (through `FileBytes`), shared by the text formats, CSV tensors and saved figures.
public enum TextFile {
    public static func read(_ path: String) throws(FormatError) -> String {
        guard let text = String(validating: try FileBytes.read(path), as: UTF8.self) else {
            throw FormatError("\(path) is not UTF-8 text")
        }
        return text
    }

    public static func write(_ text: String, to path: String) throws(FormatError) {
        try FileBytes.write(Array(text.utf8), to: path)
    }

    /// Whitespace-separated fields of each line with its 1-based number, skipping blank lines.
    static func lines(_ text: String) -> [(number: Int, fields: [Substring])] {
        var out: [(Int, [Substring])] = []
        var number = 0
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            number += 1
            let fields = line.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\r" })
            if !fields.isEmpty { out.append((number, fields)) }
        }
        return out
    }

    /// Shortest text that reads back to the same Double ("1", "-0.5", "1e-07").
    static func number(_ x: Double) -> String {
        if x == x.rounded() && abs(x) < 1e15 { return String(Int64(x)) }
        return "\(x)"
    }
}
