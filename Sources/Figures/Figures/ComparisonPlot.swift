import NumberText

/// Several solves side by side: a summary line each, the spread of their energies (best, quartiles, mean,
/// worst), their energy distributions overlaid on shared bins, and (when given) their best samples'
/// energy split by term as grouped bars.
public struct ComparisonPlot: Figure {
    /// One solve to compare.
    public struct Entry: Sendable, Equatable {
        public var label: String
        /// Energy of every read.
        public var energies: [Double]
        /// Solver wall time, shown in the summary when known.
        public var seconds: Double?
        /// The best sample's energy split by term (e.g. "objective", "γ penalty").
        public var terms: [NamedValue]

        public init(label: String, energies: [Double], seconds: Double? = nil, terms: [NamedValue] = []) {
            self.label = label
            self.energies = energies
            self.seconds = seconds
            self.terms = terms
        }
    }

    public let svg: String
    public let description: String

    public init(_ entries: [Entry], title: String = "Comparison", valueLabel: String = "energy", width: Int = 760) throws {
        guard !entries.isEmpty else { throw FigureError.empty("comparison \"\(title)\"") }
        for e in entries {
            guard !e.energies.isEmpty else { throw FigureError.empty("comparison entry \"\(e.label)\"") }
            try FigureError.requireFinite(e.energies, "comparison \"\(e.label)\" energies")
            try FigureError.requireFinite(e.terms.map(\.value), "comparison \"\(e.label)\" terms")
            if let s = e.seconds { try FigureError.requireFinite(s, "comparison \"\(e.label)\" seconds") }
        }
        guard entries.count <= 12 else { throw FigureError("comparison: at most 12 results side by side, got \(entries.count)") }

        let stats = entries.map { Statistics($0.energies) }
        let lowest = stats.map(\.minimum).min()!
        let text = (["Comparison \"\(title)\" of \(Plural.count(entries.count, "result")) (\(valueLabel))"]
            + zip(entries, stats).map { e, s in "\(e.label): \(ComparisonPlot.summary(e, s, lowest: lowest, withTerms: true))" })
            .joined(separator: "\n")
        // Terms have their own panel; the figure's summary lines keep to what fits on one line.
        let summaries = zip(entries, stats).map { e, s in ComparisonPlot.summary(e, s, lowest: lowest, withTerms: false) }

        let figureWidth = Double(width)
        var w = SVGWriter()
        var top = TitleBlock.draw(into: &w, title: title, subtitle: nil, width: figureWidth)
        top = ComparisonPlot.drawSummary(entries, summaries, into: &w, top: top, width: figureWidth)

        let panels = ComparisonPanels(entries: entries, stats: stats, valueLabel: valueLabel)
        let split = (figureWidth * 0.42).rounded()
        panels.drawSpread(into: &w, left: 16, right: split, top: top + 10, height: 230)
        var bottom = panels.drawDistributions(into: &w, left: split + 16, right: figureWidth - 20, top: top + 10, height: 230)
        if entries.contains(where: { !$0.terms.isEmpty }) {
            bottom = panels.drawTerms(into: &w, left: 16, right: figureWidth - 20, top: bottom + 14, height: 200)
        }
        svg = w.document(width: figureWidth, height: bottom + 8, title: title, description: text)
        description = text
    }

    private static func summary(_ e: Entry, _ s: Statistics, lowest: Double, withTerms: Bool) -> String {
        var parts = ["best \(NumberFormat.significant(s.minimum, digits: 6))"]
        if s.minimum > lowest { parts[0] += " (+\(NumberFormat.significant(s.minimum - lowest, digits: 4)) from lowest)" }
        parts.append("mean \(NumberFormat.significant(s.mean, digits: 6))")
        parts.append("worst \(NumberFormat.significant(s.maximum, digits: 6))")
        parts.append(Plural.count(s.count, "read"))
        if let seconds = e.seconds { parts.append("\(NumberFormat.significant(seconds, digits: 3)) s") }
        if withTerms && !e.terms.isEmpty { parts.append(e.terms.map { "\($0.name) \(NumberFormat.significant($0.value, digits: 6))" }.joined(separator: ", ")) }
        return parts.joined(separator: " · ")
    }

    /// One line per result: colour key, label in bold, then the numbers a reader compares first.
    private static func drawSummary(_ entries: [Entry], _ summaries: [String], into w: inout SVGWriter, top: Double, width: Double) -> Double {
        w.openGroup(cssClass: "qf-summary")
        var y = top + 4
        let labelWidth = min(entries.map { Theme.textWidth($0.label, size: Theme.labelSize) }.max()! + 12, 180)
        for (i, (e, s)) in zip(entries, summaries).enumerated() {
            w.rect(x: 16, y: y, width: 12, height: 12, fill: Theme.seriesColour(i), opacity: 0.85)
            w.text(TitleBlock.truncated(e.label, size: Theme.labelSize, width: labelWidth - 12), x: 34, y: y + 10.5, size: Theme.labelSize, bold: true)
            w.text(TitleBlock.truncated(s, size: Theme.tickSize, width: width - 50 - labelWidth), x: 34 + labelWidth, y: y + 10.5, fill: Theme.mutedText)
            y += 18
        }
        w.closeGroup()
        return y
    }
}
