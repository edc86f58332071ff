import NumberText

/// The three panels of a `ComparisonPlot`, each drawn into a given rectangle.
struct ComparisonPanels {
    let entries: [ComparisonPlot.Entry]
    let stats: [Statistics]
    let valueLabel: String

    private var energyRange: (Double, Double) { (stats.map(\.minimum).min()!, stats.map(\.maximum).max()!) }

    private func categoryAxis(left: Double, right: Double) -> Axis {
        var x = Axis.linear(low: 0, high: Double(entries.count), target: 1, extend: false)
        x.setTicks(entries.indices.map { Double($0) + 0.5 }, labels: entries.map {
            TitleBlock.wrapped($0.label, size: Theme.tickSize, width: (right - left) / Double(entries.count) - 6)
        })
        x.place(start: left, end: right)
        return x
    }

    /// Per result: whisker from best to worst, a box over the middle half of the reads, the mean as a hollow
    /// circle and the best as a filled dot with its value.
    func drawSpread(into w: inout SVGWriter, left: Double, right: Double, top: Double, height: Double) {
        let (lo, hi) = energyRange
        var y = Axis.linear(low: lo, high: hi, target: 5)
        let plotLeft = left + PlotFrame.leftMargin(for: y, hasLabel: true)
        y.place(start: top + 18 + height, end: top + 18)
        let x = categoryAxis(left: plotLeft, right: right)
        w.text("best · quartiles · mean · worst", x: plotLeft, y: top + 8, size: Theme.tickSize, fill: Theme.mutedText, cssClass: "qf-panel-title")
        PlotFrame(x: x, y: y).draw(into: &w, xLabel: nil, yLabel: valueLabel)
        let column = (right - plotLeft) / Double(entries.count)
        w.openGroup(cssClass: "qf-spread")
        for (i, s) in stats.enumerated() {
            let cx = x.position(Double(i) + 0.5), colour = Theme.seriesColour(i)
            let boxWidth = min(column * 0.4, 36)
            w.line(x1: cx, y1: y.position(s.minimum), x2: cx, y2: y.position(s.maximum), stroke: colour, width: 1.5)
            let q1 = y.position(s.quantile(0.25)), q3 = y.position(s.quantile(0.75))
            w.rect(x: cx - boxWidth / 2, y: min(q1, q3), width: boxWidth, height: max(abs(q1 - q3), 1.5), fill: colour, stroke: colour, opacity: 0.25, cssClass: "qf-box")
            w.circle(cx: cx, cy: y.position(s.mean), r: 4.5, fill: Theme.background, stroke: colour, cssClass: "qf-mean")
            let by = y.position(s.minimum)
            w.circle(cx: cx, cy: by, r: 4.5, fill: colour, cssClass: "qf-best")
            w.text(NumberFormat.significant(s.minimum, digits: 6), x: cx + boxWidth / 2 + 4, y: by + 4, size: 10, fill: colour, halo: true, cssClass: "qf-best-label")
        }
        w.closeGroup()
    }

    /// Energy histograms on shared bins as outlined steps; counts when every result has the same number of
    /// reads, fractions of reads otherwise (so unequal read counts still compare).
    func drawDistributions(into w: inout SVGWriter, left: Double, right: Double, top: Double, height: Double) -> Double {
        let (lo, hi) = energyRange
        let all = entries.flatMap(\.energies)
        let binning = Binning(minimum: lo, maximum: hi, sampleCount: stats.map(\.count).max()!,
                              integral: all.allSatisfy { $0 == $0.rounded() },
                              requested: 2 * Binning.sturges(stats.map(\.count).max()!))
        let sameReads = Set(stats.map(\.count)).count == 1
        let heights: [[Double]] = zip(entries, stats).map { e, s in
            binning.counts(e.energies).map { sameReads ? Double($0) : Double($0) / Double(s.count) }
        }
        let tallest = heights.flatMap { $0 }.max()!
        var y = Axis.linear(low: 0, high: tallest * 1.08, target: 4, integer: sameReads)
        let plotLeft = left + PlotFrame.leftMargin(for: y, hasLabel: true)
        y.place(start: top + 18 + height, end: top + 18)
        var x = Axis.linear(low: binning.edge(0), high: binning.edge(binning.count), target: 5, extend: false)
        x.place(start: plotLeft, end: right)
        w.text("distribution over reads", x: plotLeft, y: top + 8, size: Theme.tickSize, fill: Theme.mutedText, cssClass: "qf-panel-title")
        let frame = PlotFrame(x: x, y: y)
        frame.draw(into: &w, xLabel: valueLabel, yLabel: sameReads ? "reads" : "fraction of reads")
        w.openGroup(cssClass: "qf-distributions")
        for (i, h) in heights.enumerated() {
            var d = "M\(NumberFormat.coordinate(x.position(binning.edge(0)))),\(NumberFormat.coordinate(frame.bottom))"
            for (b, v) in h.enumerated() {
                let py = NumberFormat.coordinate(y.position(v))
                d += "V\(py)H\(NumberFormat.coordinate(x.position(binning.edge(b + 1))))"
            }
            d += "V\(NumberFormat.coordinate(frame.bottom))Z"
            w.path(d, fill: Theme.seriesColour(i), fillOpacity: 0.15, stroke: Theme.seriesColour(i), width: 1.75, cssClass: "qf-histogram")
        }
        w.closeGroup()
        return frame.bottom + PlotFrame.bottomMargin
    }

    /// Grouped bars: one group per term (in order of first appearance), one bar per result.
    func drawTerms(into w: inout SVGWriter, left: Double, right: Double, top: Double, height: Double) -> Double {
        var names: [String] = []
        for e in entries { for t in e.terms where !names.contains(t.name) { names.append(t.name) } }
        let values = entries.flatMap { $0.terms.map(\.value) }
        var y = Axis.linear(low: min(0, values.min()!), high: max(0, values.max()!), target: 5)
        let plotLeft = left + PlotFrame.leftMargin(for: y, hasLabel: true)
        y.place(start: top + 18 + height, end: top + 18)
        var x = Axis.linear(low: 0, high: Double(names.count), target: 1, extend: false)
        x.setTicks(names.indices.map { Double($0) + 0.5 }, labels: names.map {
            TitleBlock.wrapped($0, size: Theme.tickSize, width: (right - plotLeft) / Double(names.count) - 6)
        })
        x.place(start: plotLeft, end: right)
        w.text("best sample's energy by term", x: plotLeft, y: top + 8, size: Theme.tickSize, fill: Theme.mutedText, cssClass: "qf-panel-title")
        let frame = PlotFrame(x: x, y: y)
        frame.draw(into: &w, xLabel: nil, yLabel: valueLabel)
        let zero = y.position(0)
        w.line(x1: frame.left, y1: zero, x2: frame.right, y2: zero, stroke: Theme.axis)
        let group = (right - plotLeft) / Double(names.count)
        let bar = min(group * 0.8 / Double(entries.count), 40)
        w.openGroup(cssClass: "qf-bars")
        for (g, name) in names.enumerated() {
            let start = plotLeft + Double(g) * group + (group - bar * Double(entries.count)) / 2
            for (i, e) in entries.enumerated() {
                guard let t = e.terms.first(where: { $0.name == name }) else { continue }
                let py = y.position(t.value)
                w.rect(x: start + Double(i) * bar + 1, y: min(py, zero), width: bar - 2, height: max(abs(zero - py), 1),
                       fill: Theme.seriesColour(i), opacity: 0.85, cssClass: "qf-bar")
                let label = NumberFormat.significant(t.value, digits: 4)
                if Theme.textWidth(label, size: 10) <= bar + 4 {
                    // The value sits just beyond the bar's end: above a positive bar, below a negative one.
                    w.text(label, x: start + (Double(i) + 0.5) * bar, y: t.value >= 0 ? py - 4 : py + 12, anchor: .middle, size: 10,
                           fill: Theme.mutedText, cssClass: "qf-value")
                }
            }
        }
        w.closeGroup()
        return frame.bottom + 26
    }
}
