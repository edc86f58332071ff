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
}
