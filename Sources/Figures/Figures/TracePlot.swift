import NumberText

/// The energy of a solve over its steps: the best energy so far and (when recorded) the mean over reads.
public struct TracePlot: Figure {
    public let svg: String
    public let description: String
    /// Points drawn per line (after down-sampling).
    public let renderedPoints: Int

    /// - Parameters:
    ///   - best: best energy at each recorded step.
    ///   - mean: mean energy over reads at the same steps (empty when not recorded).
    ///   - steps: the step number of each entry (default 0, 1, 2, …); must be increasing.
    ///   - maxPoints: longer traces are averaged over contiguous blocks down to this many points.
    public init(best: [Double], mean: [Double] = [], steps: [Double]? = nil, title: String = "Energy trace",
                stepLabel: String = "step", valueLabel: String = "energy", maxPoints: Int = 600, width: Int = 760) throws {
        guard !best.isEmpty else { throw FigureError.empty("trace \"\(title)\"") }
        try FigureError.requireFinite(best, "trace best energies")
        try FigureError.requireFinite(mean, "trace mean energies")
        if !mean.isEmpty && mean.count != best.count { throw FigureError.lengthMismatch("trace mean energies", expected: best.count, got: mean.count) }
        let positions = steps ?? best.indices.map(Double.init)
        guard positions.count == best.count else { throw FigureError.lengthMismatch("trace steps", expected: best.count, got: positions.count) }
        try FigureError.requireFinite(positions, "trace steps")
        if zip(positions, positions.dropFirst()).contains(where: { $0 >= $1 }) { throw FigureError("trace steps must be strictly increasing") }
        guard maxPoints >= 2 else { throw FigureError("trace: maxPoints must be at least 2") }

        let bestLine = BlockAverage.series(best, positions: positions, maxPoints: maxPoints)
        let meanLine = BlockAverage.series(mean, positions: positions, maxPoints: maxPoints)
        renderedPoints = bestLine.values.count

        let all = Statistics(best + mean)
        let finalBest = best.min()!
        var lines = ["Trace \"\(title)\": \(valueLabel) over \(Plural.count(best.count, "step")) (\(stepLabel) \(NumberFormat.significant(positions.first!, digits: 6)) … \(NumberFormat.significant(positions.last!, digits: 6)))"]
        lines.append("best: first \(NumberFormat.significant(best.first!, digits: 6)), final \(NumberFormat.significant(best.last!, digits: 6)), lowest \(NumberFormat.significant(finalBest, digits: 6))")
        if !mean.isEmpty {
            lines.append("mean over reads: first \(NumberFormat.significant(mean.first!, digits: 6)), final \(NumberFormat.significant(mean.last!, digits: 6))")
        }
        if bestLine.blockSize > 1 { lines.append("down-sampled to \(renderedPoints) points, each the mean of a block of up to \(bestLine.blockSize) steps") }
        let text = lines.joined(separator: "\n")

        let figureWidth = Double(width)
        var w = SVGWriter()
        var top = TitleBlock.draw(into: &w, title: title, subtitle: nil, width: figureWidth)
        var legend = Legend(items: [.init(label: "best so far", colour: Theme.seriesColour(0), key: .line)])
        if !mean.isEmpty { legend.items.append(.init(label: "mean over reads", colour: Theme.seriesColour(1), key: .line)) }
        var y = Axis.linear(low: all.minimum, high: all.maximum, target: 5)
        let left = PlotFrame.leftMargin(for: y, hasLabel: true) + 8
        top += legend.draw(into: &w, x: left, y: top - 4, width: figureWidth - left - 24)
        var x = Axis.linear(low: positions.first!, high: positions.last!, target: 6,
                            extend: false)
        x.place(start: left, end: figureWidth - 24)
        y.place(start: top + 12 + 260, end: top + 12)
        let frame = PlotFrame(x: x, y: y)
        frame.draw(into: &w, xLabel: stepLabel, yLabel: valueLabel)

        if !mean.isEmpty {
            TracePlot.drawLine(meanLine.positions, meanLine.values, x: x, y: y, colour: Theme.seriesColour(1), width: 1.5, into: &w, cssClass: "qf-line qf-mean")
        }
        TracePlot.drawLine(bestLine.positions, bestLine.values, x: x, y: y, colour: Theme.seriesColour(0), width: 2.25, into: &w, cssClass: "qf-line qf-best-line")
        let label = "best \(NumberFormat.significant(finalBest, digits: 6))"
        // Below the best line (nothing is plotted under it) unless that would run into the x axis.
        let by = y.position(finalBest)
        w.text(label, x: frame.right - 4, y: by + 15 < frame.bottom - 2 ? by + 15 : by - 6, anchor: .end, fill: Theme.seriesColour(0), halo: true, cssClass: "qf-best-label")

        svg = w.document(width: figureWidth, height: frame.bottom + PlotFrame.bottomMargin + 10, title: title, description: text)
        description = text
    }

    static func drawLine(_ xs: [Double], _ ys: [Double], x: Axis, y: Axis, colour: String, width: Double, into w: inout SVGWriter, cssClass: String) {
        let points = zip(xs, ys).map { (x.position($0), y.position($1)) }
        if points.count == 1 {
            w.circle(cx: points[0].0, cy: points[0].1, r: 3.5, fill: colour, cssClass: cssClass)
        } else {
            w.polyline(points, stroke: colour, width: width, cssClass: cssClass)
        }
    }
}
