/// Breaks prose into lines of at most `width` characters at spaces (a word longer than the width stands on
/// a line of its own), keeping existing line breaks: help pages read the same in a terminal and in
/// front ends that would otherwise break lines mid-word.
enum TextWrap {
    static func wrap(_ text: String, width: Int) -> String {
        text.split(separator: "\n", omittingEmptySubsequences: false).map { paragraph -> String in
            var lines: [String] = []
            var line = ""
            for word in paragraph.split(separator: " ", omittingEmptySubsequences: true) {
                if line.isEmpty { line = String(word) }
                else if line.count + 1 + word.count <= width { line += " " + word }
                else { lines.append(line); line = String(word) }
            }
            lines.append(line)
            return lines.joined(separator: "\n")
        }.joined(separator: "\n")
    }
}
