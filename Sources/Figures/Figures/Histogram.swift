import NumberText

/// How often each energy occurred over the reads of a solve, with the best (lowest) energy marked.
public struct Histogram: Figure {
    public let svg: String
    public let description: String
    /// Bin edges (count + 1 of them) and counts, as drawn.
    public let binEdges: [Double]
    public let binCounts: [Int]

    /// - Parameters:
    ///   - values: one value per read (or per distinct sample when `counts` gives its occurrences).
    ///   - counts: occurrences of each value (default 1 each).
    ///   - bins: roughly how many bins (default: Sturges' rule); widths are rounded to nice numbers.
    ///   - markBest: draw a line at the lowest value.
    public init(values: [Double], counts: [Int]? = nil, title: String = "Energy histogram", valueLabel: String = "energy",
                countLabel: String = "reads", bins: Int? = nil, markBest: Bool = true, width: Int = 760) throws {
        guard !values.isEmpty else { throw FigureError.empty("histogram \"\(title)\"") }
        try FigureError.requireFinite(values, "histogram values")
        if let counts {
            guard counts.count == values.count else { throw FigureError.lengthMismatch("histogram counts", expected: values.count, got: counts.count) }
            guard counts.allSatisfy({ $0 >= 0 }) else { throw FigureError("histogram counts must not be negative") }
        }
        if let bins, bins < 1 { throw FigureError("histogram: bins must be at least 1, got \(bins)") }

        let stats = Statistics(values, weights: counts)
        let binning = Binning(minimum: stats.minimum, maximum: stats.maximum, sampleCount: stats.count,
                              integral: values.allSatisfy { $0 == $0.rounded() }, requested: bins)
        let binned = binning.counts(values, weights: counts)
        binEdges = (0...binning.count).map { binning.edge($0) }
        binCounts = binned

        let tallest = binned.max() ?? 0
        let text = [
            "Histogram \"\(title)\" of \(valueLabel) over \(stats.count) \(countLabel)",
            "\(binning.count) bins of width \(NumberFormat.significant(binning.width, digits: 6)) from \(NumberFormat.significant(binEdges.first!, digits: 6)) to \(NumberFormat.significant(binEdges.last!, digits: 6)); tallest bin \(tallest) \(countLabel)",
            "min \(NumberFormat.significant(stats.minimum, digits: 6)) (best), mean \(NumberFormat.significant(stats.mean, digits: 6)), max \(NumberFormat.significant(stats.maximum, digits: 6))",
        ].joined(separator: "\n")

        let figureWidth = Double(width)
        var w = SVGWriter()
        let top = TitleBlock.draw(into: &w, title: title, subtitle: "\(stats.count) \(countLabel) · best \(NumberFormat.significant(stats.minimum, digits: 6)) · mean \(NumberFormat.significant(stats.mean, digits: 6))", width: figureWidth)
        var x = Axis.linear(low: binEdges.first!, high: binEdges.last!, target: 6, extend: false)
        var y = Axis.linear(low: 0, high: Double(max(tallest, 1)) * 1.08, target: 5, integer: true)
        let left = PlotFrame.leftMargin(for: y, hasLabel: true) + 8
        let plotHeight = 260.0
        x.place(start: left, end: figureWidth - 24)
        y.place(start: top + 12 + plotHeight, end: top + 12)
        let frame = PlotFrame(x: x, y: y)
        frame.draw(into: &w, xLabel: valueLabel, yLabel: countLabel)

        let barPixels = x.position(binning.edge(1)) - x.position(binning.edge(0))
        let labelCounts = barPixels >= Theme.textWidth(String(tallest), size: Theme.tickSize) + 4
        w.openGroup(cssClass: "qf-bars")
        for (i, count) in binned.enumerated() where count > 0 {
            let x0 = x.position(binning.edge(i)), x1 = x.position(binning.edge(i + 1))
            let yTop = y.position(Double(count))
            w.rect(x: x0 + 0.5, y: yTop, width: x1 - x0 - 1, height: frame.bottom - yTop, fill: Theme.seriesColour(0), opacity: 0.85, cssClass: "qf-bar")
        }
        w.closeGroup()

        if markBest {
            let bx = x.position(stats.minimum)
            w.line(x1: bx, y1: frame.top, x2: bx, y2: frame.bottom, stroke: Theme.bestMarker, width: 1.5, dash: "5 3", cssClass: "qf-best")
            let label = "best \(NumberFormat.significant(stats.minimum, digits: 6))"
            let fitsRight = bx + 6 + Theme.textWidth(label, size: Theme.tickSize) < frame.right
            w.text(label, x: fitsRight ? bx + 5 : bx - 5, y: frame.top + 12, anchor: fitsRight ? .start : .end, fill: Theme.bestMarker, halo: true, cssClass: "qf-best-label")
        }

        if labelCounts {
            // After the best marker, with a halo, so a count is never crossed out by the marker line.
            for (i, count) in binned.enumerated() where count > 0 {
                let x0 = x.position(binning.edge(i)), x1 = x.position(binning.edge(i + 1))
                w.text(String(count), x: (x0 + x1) / 2, y: y.position(Double(count)) - 4, anchor: .middle, size: 10, fill: Theme.mutedText,
                       halo: true, cssClass: "qf-count")
            }
        }

        svg = w.document(width: figureWidth, height: frame.bottom + PlotFrame.bottomMargin + 10, title: title, description: text)
        description = text
    }
}
