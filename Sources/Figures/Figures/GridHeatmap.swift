import NumberText

/// A quantity over a two-parameter grid (a sweep over (β, γ), say) as coloured cells, with the parameters'
/// values on the axes — the first parameter upward, the second to the right — a colour bar, and marked
/// points (e.g. a paper's chosen coefficients) drawn at their place between the grid's values.
///
/// Cells without a finite value (grid points not solved after an interrupt, a ratio over 0) are drawn
/// hatched grey and left out of the colour range.
public struct GridHeatmap: Figure {
    /// A point to mark: its coordinates in the two parameters and a label.
    public struct Mark: Sendable, Equatable {
        public var row: Double
        public var column: Double
        public var label: String

        public init(row: Double, column: Double, label: String) {
            self.row = row
            self.column = column
            self.label = label
        }
    }

    public let svg: String
    public let description: String

    /// - Parameters:
    ///   - values: row-major, `rowValues.count × columnValues.count`; NaN or ±∞ marks a point without a
    ///     value (not solved, or a ratio whose denominator is 0).
    ///   - rowValues, columnValues: the parameters' values, each strictly increasing (so marks can be placed).
    ///   - range: the value range the colours span (default: the finite values' range).
    public init(values: [Double], rowValues: [Double], columnValues: [Double], rowLabel: String, columnLabel: String,
                title: String, valueLabel: String = "value", marks: [Mark] = [], range: ClosedRange<Double>? = nil,
                palette: Palette = .sequential, width: Int = 640) throws {
        let rows = rowValues.count, columns = columnValues.count
        guard rows > 0, columns > 0 else { throw FigureError.empty("grid heatmap \"\(title)\"") }
        guard values.count == rows * columns else {
            throw FigureError.lengthMismatch("grid heatmap \(rows) × \(columns)", expected: rows * columns, got: values.count)
        }
        try FigureError.requireFinite(rowValues, "grid values of \(rowLabel)")
        try FigureError.requireFinite(columnValues, "grid values of \(columnLabel)")
        for (name, axis) in [(rowLabel, rowValues), (columnLabel, columnValues)] where zip(axis, axis.dropFirst()).contains(where: { $0 >= $1 }) {
            throw FigureError("grid heatmap: the values of \(name) must be strictly increasing")
        }
        let finite = values.filter { $0.isFinite }
        guard !finite.isEmpty else { throw FigureError.empty("grid heatmap \"\(title)\"") }
        let positions = try marks.map { m -> (Double, Double) in
            guard let r = Self.fractionalIndex(m.row, in: rowValues), let c = Self.fractionalIndex(m.column, in: columnValues) else {
                throw FigureError("grid heatmap: the mark \"\(m.label)\" at (\(NumberFormat.significant(m.row, digits: 6)), "
                                  + "\(NumberFormat.significant(m.column, digits: 6))) lies outside the grid")
            }
            return (r, c)
        }

        let stats = Statistics(finite)
        let scale = ColourScale(palette: palette, low: range?.lowerBound ?? stats.minimum, high: range?.upperBound ?? stats.maximum)
        // Drawn top to bottom, so the first parameter's largest value is the top row.
        let names = { (axis: [Double]) in axis.map { NumberFormat.significant($0, digits: 4) } }
        let layout = HeatmapLayout(rows: rows, columns: columns, originalRows: rows, originalColumns: columns,
                                   rowNames: names(rowValues.reversed()), columnNames: names(columnValues),
                                   rowLabel: rowLabel, columnLabel: columnLabel, scale: scale, width: Double(width))

        var lines = ["Grid heatmap \"\(title)\": \(valueLabel) over \(rowLabel) (\(rows) values, "
                     + "\(NumberFormat.significant(rowValues.first!, digits: 6)) … \(NumberFormat.significant(rowValues.last!, digits: 6))) × "
                     + "\(columnLabel) (\(columns) values, \(NumberFormat.significant(columnValues.first!, digits: 6)) … "
                     + "\(NumberFormat.significant(columnValues.last!, digits: 6)))"]
        lines.append("values \(NumberFormat.significant(stats.minimum, digits: 6)) … \(NumberFormat.significant(stats.maximum, digits: 6)), "
                     + "mean \(NumberFormat.significant(stats.mean, digits: 6))")
        if finite.count < values.count { lines.append("\(values.count - finite.count) of \(values.count) points have no finite value (hatched)") }
        lines.append("\(scale.name) colour scale over \(NumberFormat.significant(scale.low, digits: 6)) … \(NumberFormat.significant(scale.high, digits: 6))")
        for m in marks {
            lines.append("marked: \(m.label) at \(rowLabel) = \(NumberFormat.significant(m.row, digits: 6)), "
                         + "\(columnLabel) = \(NumberFormat.significant(m.column, digits: 6))")
        }
        let text = lines.joined(separator: "\n")

        var w = SVGWriter()
        _ = TitleBlock.draw(into: &w, title: title, subtitle: nil, width: layout.width)
        w.openGroup(cssClass: "qf-cells", attributes: "shape-rendering=\"crispEdges\"")
        for r in 0..<rows {
            for c in 0..<columns {
                let v = values[(rows - 1 - r) * columns + c]
                let x = layout.gridLeft + Double(c) * layout.cellWidth, y = layout.gridTop + Double(r) * layout.cellHeight
                if v.isFinite {
                    w.rect(x: x, y: y, width: layout.cellWidth, height: layout.cellHeight, fill: scale.colour(v), cssClass: "qf-cell")
                } else {
                    w.rect(x: x, y: y, width: layout.cellWidth, height: layout.cellHeight, fill: Theme.grid, cssClass: "qf-cell qf-missing")
                    w.line(x1: x, y1: y + layout.cellHeight, x2: x + layout.cellWidth, y2: y, stroke: Theme.axis, width: 0.5)
                }
            }
        }
        w.closeGroup()
        w.rect(x: layout.gridLeft, y: layout.gridTop, width: layout.cellWidth * Double(columns),
               height: layout.cellHeight * Double(rows), fill: "none", stroke: Theme.axis, cssClass: "qf-frame")
        layout.drawAxes(into: &w)
        layout.drawColourBar(into: &w, valueLabel: valueLabel)
        w.openGroup(cssClass: "qf-marks")
        for (m, (r, c)) in zip(marks, positions) {
            let x = layout.gridLeft + (c + 0.5) * layout.cellWidth
            let y = layout.gridTop + (Double(rows - 1) - r + 0.5) * layout.cellHeight
            w.circle(cx: x, cy: y, r: 5, fill: "none", stroke: Theme.background, strokeWidth: 3.5)
            w.circle(cx: x, cy: y, r: 5, fill: "none", stroke: Theme.text, strokeWidth: 1.5, cssClass: "qf-mark")
            w.text(m.label, x: x + 9, y: y - 7, bold: true, halo: true, cssClass: "qf-mark-label")
        }
        w.closeGroup()

        svg = w.document(width: layout.width, height: layout.height, title: title, description: text)
        description = text
    }

    /// Where `x` falls between the axis values, as a fractional index (linear between neighbours); up to half
    /// a step beyond either end still lies in the edge cell. nil outside.
    public static func fractionalIndex(_ x: Double, in axis: [Double]) -> Double? {
        guard x.isFinite else { return nil }
        if axis.count == 1 { return x == axis[0] ? 0 : nil }
        let last = axis.count - 1
        if x < axis[0] {
            let f = (x - axis[0]) / (axis[1] - axis[0])
            return f >= -0.5 ? f : nil
        }
        if x > axis[last] {
            let f = Double(last) + (x - axis[last]) / (axis[last] - axis[last - 1])
            return f <= Double(last) + 0.5 ? f : nil
        }
        var k = 0
        while k < last - 1 && x > axis[k + 1] { k += 1 }
        return Double(k) + (x - axis[k]) / (axis[k + 1] - axis[k])
    }
}
