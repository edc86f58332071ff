/// A row-wrapped legend of coloured keys, drawn above a panel so it never covers data.
struct Legend {
    enum Key { case line, dashed, box }

    struct Item {
        var label: String
        var colour: String
        var key: Key
    }

    var items: [Item]

    private static let rowHeight = 18.0
    private static func itemWidth(_ item: Item) -> Double { 26 + Theme.textWidth(item.label, size: Theme.tickSize) + 16 }

    /// Height the legend takes when wrapped into `width`.
    func height(width: Double) -> Double { items.isEmpty ? 0 : Double(rows(width: width).count) * Legend.rowHeight }

    private func rows(width: Double) -> [[Item]] {
        var rows: [[Item]] = [[]]
        var used = 0.0
        for item in items {
            let w = Legend.itemWidth(item)
            if used + w > width && !rows[rows.count - 1].isEmpty {
                rows.append([])
                used = 0
            }
            rows[rows.count - 1].append(item)
            used += w
        }
        return rows
    }

    /// Draws from (x, y) = top-left; returns the height used.
    @discardableResult
    func draw(into w: inout SVGWriter, x: Double, y: Double, width: Double) -> Double {
        guard !items.isEmpty else { return 0 }
        w.openGroup(cssClass: "qf-legend")
        for (r, row) in rows(width: width).enumerated() {
            var cx = x
            let cy = y + Double(r) * Legend.rowHeight + Legend.rowHeight / 2
            for item in row {
                switch item.key {
                case .line: w.line(x1: cx, y1: cy, x2: cx + 20, y2: cy, stroke: item.colour, width: 2.5)
                case .dashed: w.line(x1: cx, y1: cy, x2: cx + 20, y2: cy, stroke: item.colour, width: 2, dash: "5 3")
                case .box: w.rect(x: cx + 4, y: cy - 6, width: 12, height: 12, fill: item.colour, opacity: 0.8)
                }
                w.text(item.label, x: cx + 26, y: cy + 4, fill: Theme.text)
                cx += Legend.itemWidth(item)
            }
        }
        w.closeGroup()
        return height(width: width)
    }
}
