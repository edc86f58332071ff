import Figures
import IsingSolvers
import JupyterKernel

/// What `gap(...)` returns: the spectral gap and relaxation time at one β, or along a list of β with the
/// curve drawn (log gap against β, its minimum marked). Members: `g.gap`, `g.relaxation`, `g.beta` (one value
/// or a Tensor each), and for curves `g.min`, `g.argmin` (the β of the smallest gap) and `g.figure`.
struct GapValue: LibraryValue {
    let n: Int
    let estimates: [SpectralGap.Estimate]
    let isCurve: Bool

    var typeName: String { "Gap" }

    /// The smallest gap (first on ties); when some gaps are below the resolution, the first of those.
    private var minimum: SpectralGap.Estimate? {
        estimates.first { !$0.resolved } ?? estimates.min { ($0.gap, $0.beta) < ($1.gap, $1.beta) }
    }

    private static func gapText(_ e: SpectralGap.Estimate) -> String {
        let value = e.resolved ? NumberFormat.short(e.gap) : "< \(NumberFormat.format(SpectralGap.resolution)) (unresolved)"
        return value + (e.converged ? "" : " (not converged)")
    }

    var table: SummaryTable {
        let rows = estimates.map { e in
            [NumberFormat.format(e.beta), Self.gapText(e), e.resolved ? NumberFormat.short(e.relaxationSweeps) : "—", "\(e.iterations)"]
        }
        return SummaryTable(caption: "Spectral gap of single-spin-flip Metropolis (\(n) spins, \(1 << n) states)",
                            header: ["β", "gap δ", "relaxation 1/(nδ), sweeps", "Lanczos steps"], rows: rows)
    }

    func figure() throws -> FigureValue? {
        guard isCurve else { return nil }
        let shown = estimates.filter(\.resolved)
        guard !shown.isEmpty else { return nil }
        let mark = minimum.flatMap { low in
            low.resolved ? CurvePlot.Mark(x: low.beta, y: low.gap,
                                          label: "min δ = \(NumberFormat.short(low.gap, digits: 4)) at β = \(NumberFormat.format(low.beta))") : nil
        }
        return FigureValue(try CurvePlot(series: [.init(name: "gap δ", xs: shown.map(\.beta), ys: shown.map(\.gap))],
                                         title: "Spectral gap along β (\(n) spins)", xLabel: "β", yLabel: "gap δ (log)",
                                         logY: true, mark: mark))
    }

    var plainText: String {
        var lines: [String] = []
        if isCurve, let low = minimum {
            lines.append("minimum gap \(Self.gapText(low)) at β = \(NumberFormat.format(low.beta))")
        }
        return (lines + [table.plainText]).joined(separator: "\n")
    }

    var summary: String {
        guard let first = estimates.first else { return "Gap" }
        return isCurve ? "Gap curve over \(estimates.count) β" : "Gap \(Self.gapText(first)) at β = \(NumberFormat.format(first.beta))"
    }

    var mimeBundle: MimeBundle { table.bundle(plainText: plainText, figure: try? figure(), cssClass: "qama-gap") }

    var memberNames: [String] { ["gap", "relaxation", "beta", "min", "argmin", "figure"] }

    func member(_ name: String, session: Session) throws -> Value? {
        func values(_ f: (SpectralGap.Estimate) -> Double) -> Value {
            isCurve ? .tensor(Tensor(estimates.map(f))) : .number(f(estimates[0]))
        }
        switch name {
        case "gap": return values(\.gap)
        case "relaxation": return values(\.relaxationSweeps)
        case "beta": return values(\.beta)
        case "min": return minimum.map { .number($0.gap) } ?? .nothing
        case "argmin": return minimum.map { .number($0.beta) } ?? .nothing
        case "figure": return try figure().map { .library($0) } ?? .nothing
        default: return nil
        }
    }
}
