import Figures
import Foundation
import IsingSolvers
import JupyterKernel

/// What `precision(m, ...)` returns and every `cim` solve shows before its result: a table of what
/// quantising the model to a machine's precision does (dynamic range, fields and couplings rounded to 0,
/// relative error, whether the best state survives) and a small figure of where the coefficients land on
/// the machine's integer grid. Nothing in it depends on which machine ran or on timing.
struct PrecisionReportValue: LibraryValue {
    let report: PrecisionReport
    /// "cpqc-550" when the precision came from a profile, for the caption.
    let profile: String?

    var typeName: String { "PrecisionReport" }

    var caption: String {
        "Precision report: " + (profile.map { "\($0), " } ?? "") + report.precision.description
    }

    var table: SummaryTable {
        let r = report, b = r.bestStates
        let neededBits = PrecisionReportValue.bits(for: r.dynamicRange)
        var rows: [(String, String)] = [
            ("one machine step", NumberFormat.short(r.scale) + " (in the model's units)"),
            ("dynamic range", "\(NumberFormat.short(r.dynamicRange, digits: 4)) : 1 (needs \(neededBits) bits; the machine holds \(r.precision.maxMagnitude) : 1)"),
            ("fields rounded to 0", Self.share(r.fields)),
            ("couplings rounded to 0", Self.share(r.couplings)),
            ("relative error", "couplings \(Self.percent(r.couplings.relativeError)), fields \(Self.percent(r.fields.relativeError)), all \(Self.percent(r.relativeError))"),
            ("best state kept", b.preserved ? "yes" : "no"),
            ("original's best", "energy \(NumberFormat.short(b.originalEnergyOfOriginalBest)) · quantised \(NumberFormat.short(b.quantisedEnergyOfOriginalBest))"),
            ("quantised's best", "energy \(NumberFormat.short(b.originalEnergyOfQuantisedBest)) · quantised \(NumberFormat.short(b.quantisedEnergyOfQuantisedBest))"),
            ("energy gap", NumberFormat.short(b.gap) + " (original energy of the quantised best − the original best)"),
        ]
        switch b.method {
        case .exact(let count):
            rows.append(("checked by", "exact: every state of both" + (count > 1
                ? "; the quantised problem has \(count) ground states, the worst under the original shown" : "")))
        case .solvers(let original, let quantised):
            rows.append(("checked by", original == quantised ? "\(original) on each (not exhaustive)"
                : "\(original) on the original, \(quantised) on the quantised (not exhaustive)"))
        }
        return SummaryTable(caption: caption, pairs: rows)
    }

    var figure: (any Figure)? {
        try? PrecisionPlot(fieldSteps: report.fieldSteps, couplingSteps: report.couplingSteps,
                           maxMagnitude: report.precision.maxMagnitude,
                           title: "Coefficients in machine steps · \(profile ?? report.precision.shortName)")
    }

    var plainText: String {
        table.plainText + (figure.map { "\n" + $0.description } ?? "")
    }

    var mimeBundle: MimeBundle {
        // One output with both: the table, then the figure as an <img> (an HTML output outranks an SVG one
        // in every front end, and an image inside it survives sanitising in untrusted notebooks).
        let image = figure.map {
            "<img alt=\"\(HTML.escape($0.description))\" src=\"data:image/svg+xml;base64,\(Data($0.svg.utf8).base64EncodedString())\"/>"
        } ?? ""
        return ["text/plain": plainText, "text/html": "<div class=\"qama-precision\">" + table.html + image + "</div>"]
    }

    var memberNames: [String] {
        ["scale", "range", "fields_zeroed", "couplings_zeroed", "coupling_error", "field_error", "error", "kept", "gap", "figure"]
    }

    func member(_ name: String, session: Session) throws -> Value? {
        let r = report
        switch name {
        case "scale": return .number(r.scale)
        case "range": return .number(r.dynamicRange)
        case "fields_zeroed": return .number(r.fields.zeroedFraction)
        case "couplings_zeroed": return .number(r.couplings.zeroedFraction)
        case "coupling_error": return .number(r.couplings.relativeError)
        case "field_error": return .number(r.fields.relativeError)
        case "error": return .number(r.relativeError)
        case "kept": return .bool(r.bestStates.preserved)
        case "gap": return .number(r.bestStates.gap)
        case "figure": return figure.map { .library(FigureValue($0)) }
        default: return nil
        }
    }

    /// "250 of 276 (90.6%)".
    static func share(_ s: PrecisionReport.Share) -> String {
        "\(s.zeroed) of \(s.nonzero)" + (s.nonzero > 0 ? " (\(percent(s.zeroedFraction)))" : "")
    }

    static func percent(_ fraction: Double) -> String { NumberFormat.short(fraction * 100, digits: 3) + "%" }

    /// Bits a sign-magnitude integer needs to hold `range` : 1 with the smallest value at least 1:
    /// ⌈log₂(range + 1)⌉ + 1 (the sign), found by doubling (no libm).
    static func bits(for range: Double) -> Int {
        guard range.isFinite else { return 0 }
        var bits = 1, top = 1.0
        while top < range && bits < 2000 { top = top * 2 + 1; bits += 1 }
        return bits + 1
    }
}
