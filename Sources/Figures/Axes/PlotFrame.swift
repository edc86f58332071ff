/// The rectangle a panel plots into, with the drawing of its grid, axes, ticks and axis labels.
struct PlotFrame {
    var x: Axis
    var y: Axis
    /// Extra room left and right of the x axis's span, so markers at the ends sit inside the frame.
    var padding = 0.0

    var left: Double { min(x.start, x.end) - padding }
    var right: Double { max(x.start, x.end) + padding }
    var top: Double { min(y.start, y.end) }
    var bottom: Double { max(y.start, y.end) }

    /// Left margin a vertical axis needs for its tick labels and rotated axis label.
    static func leftMargin(for y: Axis, hasLabel: Bool) -> Double {
        y.widestLabel + 12 + (hasLabel ? 22 : 0) + 8
    }

    /// Horizontal grid lines at the y ticks, the two axis lines, tick marks and labels, and axis labels.
    func draw(into w: inout SVGWriter, xLabel: String?, yLabel: String?, xLabelsShown: Bool = true) {
        w.openGroup(cssClass: "qf-grid")
        for v in y.ticks {
            let py = y.position(v)
            w.line(x1: left, y1: py, x2: right, y2: py, stroke: Theme.grid)
        }
        w.closeGroup()

        w.openGroup(cssClass: "qf-axis qf-axis-y")
        w.line(x1: left, y1: top, x2: left, y2: bottom, stroke: Theme.axis)
        for (v, label) in zip(y.ticks, y.labels) {
            let py = y.position(v)
            w.line(x1: left - 4, y1: py, x2: left, y2: py, stroke: Theme.axis, cssClass: "qf-tick")
            w.text(label, x: left - 7, y: py + 4, anchor: .end, fill: Theme.mutedText, cssClass: "qf-tick-label")
        }
        w.closeGroup()

        w.openGroup(cssClass: "qf-axis qf-axis-x")
        w.line(x1: left, y1: bottom, x2: right, y2: bottom, stroke: Theme.axis)
        let shown = Set(x.visibleHorizontalLabels())
        for (i, v) in x.ticks.enumerated() {
            let px = x.position(v)
            w.line(x1: px, y1: bottom, x2: px, y2: bottom + 4, stroke: Theme.axis, cssClass: "qf-tick")
            if xLabelsShown && shown.contains(i) {
                // A wrapped category label ("\n" between lines) stacks its lines under the tick.
                for (k, line) in x.labels[i].split(separator: "\n").enumerated() {
                    w.text(String(line), x: px, y: bottom + 17 + 13 * Double(k), anchor: .middle, fill: Theme.mutedText, cssClass: "qf-tick-label")
                }
            }
        }
        w.closeGroup()

        if let xLabel {
            w.text(xLabel, x: (left + right) / 2, y: bottom + 36, anchor: .middle, size: Theme.labelSize, cssClass: "qf-axis-label")
        }
        if let yLabel {
            let lx = left - y.widestLabel - 20
            w.text(yLabel, x: lx, y: (top + bottom) / 2, anchor: .middle, size: Theme.labelSize, rotate: -90, cssClass: "qf-axis-label")
        }
    }

    /// Space below the plot rectangle that tick labels and the x-axis label take.
    static let bottomMargin = 46.0
}
