/// The figure title (and optional subtitle) at the top-left of the card.
enum TitleBlock {
    /// Draws the title and subtitle; returns the y where content below may start.
    static func draw(into w: inout SVGWriter, title: String, subtitle: String?, width: Double) -> Double {
        w.text(truncated(title, size: Theme.titleSize, width: width - 32), x: 16, y: 26, size: Theme.titleSize, bold: true, cssClass: "qf-title")
        guard let subtitle, !subtitle.isEmpty else { return 40 }
        w.text(truncated(subtitle, size: Theme.tickSize, width: width - 32), x: 16, y: 44, size: Theme.tickSize, fill: Theme.mutedText, cssClass: "qf-subtitle")
        return 56
    }

    /// Cuts `text` with an ellipsis so it fits `width` pixels at `size`.
    static func truncated(_ text: String, size: Double, width: Double) -> String {
        guard Theme.textWidth(text, size: size) > width else { return text }
        let keep = max(1, Int(width / (size * 0.62)) - 1)
        return String(text.prefix(keep)) + "…"
    }

    /// `text` broken at spaces into at most `maxLines` lines (joined by "\n") that each fit `width` pixels;
    /// only what still does not fit is cut with an ellipsis. Category labels such as "sb ballistic · 64
    /// agents" stay readable under a narrow column.
    static func wrapped(_ text: String, size: Double, width: Double, maxLines: Int = 2) -> String {
        var lines: [String] = []
        var line = ""
        for word in text.split(separator: " ") {
            let candidate = line.isEmpty ? String(word) : line + " " + word
            if line.isEmpty || Theme.textWidth(candidate, size: size) <= width { line = candidate; continue }
            lines.append(line)
            line = String(word)
        }
        lines.append(line)
        if lines.count > maxLines { lines = Array(lines.prefix(maxLines - 1)) + [lines[(maxLines - 1)...].joined(separator: " ")] }
        return lines.map { truncated($0, size: size, width: width) }.joined(separator: "\n")
    }
}
