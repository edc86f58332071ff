import Figures
import IsingSolvers
import JupyterKernel

/// What `tts(...)` returns: per solver, the runs at target, p with its exact interval and TTS99 in sweeps with
/// its interval, as a table above the time-to-target curves (fraction of runs at target against the sweep
/// budget, with the interval as a band). The display holds no wall-clock number, so a saved notebook
/// reproduces byte for byte; times are members. Members (one value per solver: a number for one solver, a
/// Tensor for several): `t.p`, `t.successes`, `t.runs`, `t.lower`, `t.upper` (p's interval), `t.sweeps`,
/// `t.sweeps_lower`, `t.sweeps_upper` (TTS99 in sweeps), `t.tts`, `t.tts_lower`, `t.tts_upper` (TTS99 in
/// seconds), `t.seconds` (mean seconds of one solve), `t.per_run` (sweeps of one solve); `t.energies` (best
/// energy per run; an Array of Tensors for several solvers), `t.target`, `t.figure`.
struct TimeToTargetValue: LibraryValue {
    struct Entry {
        let solver: SolverValue
        let sweepsPerRun: Double
        let measurement: TimeToTarget.Measurement
    }

    let target: Double
    let confidence: Double
    let entries: [Entry]

    var typeName: String { "TimeToTarget" }

    private func summary(_ e: Entry) -> TimeToTarget.Summary {
        TimeToTarget.summarize(e.measurement.runs, sweepsPerRun: e.sweepsPerRun, confidence: confidence)!
    }

    /// The solver as configured, without the settings that vary from run to run (seed, threads), which do
    /// not change what is measured.
    private static func name(_ s: SolverValue) -> String { s.description.shown(includingVarying: false) }

    private static func sweeps(_ x: Double) -> String { x.isFinite ? NumberFormat.short(x, digits: 4) : "∞" }

    private var percent: String { NumberFormat.format(confidence * 100) + "%" }

    var table: SummaryTable {
        let fastest = entries.indices.min { (summary(entries[$0]).sweeps.value, $0) < (summary(entries[$1]).sweeps.value, $1) }
        let rows = entries.enumerated().map { k, e -> [String] in
            let s = summary(e)
            let runs = "\(s.interval.successes)/\(s.interval.trials)" + (e.measurement.interrupted ? " (of \(e.measurement.requested))" : "")
            return [Self.name(e.solver) + (entries.count > 1 && k == fastest && s.sweeps.value.isFinite ? " ◀ fastest" : ""),
                    runs, NumberFormat.short(s.p, digits: 4),
                    "\(NumberFormat.short(s.interval.lower, digits: 4)) … \(NumberFormat.short(s.interval.upper, digits: 4))",
                    Self.sweeps(e.sweepsPerRun), Self.sweeps(s.sweeps.value),
                    "\(Self.sweeps(s.sweeps.lower)) … \(Self.sweeps(s.sweeps.upper))"]
        }
        return SummaryTable(caption: "Time to target E ≤ \(NumberFormat.format(target)) (\(percent) exact intervals; TTS99 in sweeps of all chains; seconds in t.tts)",
                            header: ["solver", "at target", "p", "p \(percent)", "sweeps/run", "TTS99 sweeps", "TTS99 \(percent)"],
                            rows: rows)
    }

    func figure() throws -> FigureValue? {
        var series: [CurvePlot.Series] = []
        for e in entries {
            let budgets = e.measurement.budgets.filter { $0 > 0 }
            guard !budgets.isEmpty else { continue }
            let curve = TimeToTarget.curve(e.measurement.runs, budgets: budgets, confidence: confidence)
            series.append(.init(name: Self.name(e.solver), xs: budgets, ys: curve.map(\.estimate), lower: curve.map(\.lower),
                                upper: curve.map(\.upper)))
        }
        guard !series.isEmpty else { return nil }
        return FigureValue(try CurvePlot(series: series, title: "Time to target E ≤ \(NumberFormat.format(target))",
                                         xLabel: "sweeps within one run (all chains, log)",
                                         yLabel: "fraction of runs at target", logX: true, yRange: (0, 1)))
    }

    var plainText: String { table.plainText }

    var summary: String { "TimeToTarget of \(entries.count) solver\(entries.count == 1 ? "" : "s") to E ≤ \(NumberFormat.format(target))" }

    var mimeBundle: MimeBundle { table.bundle(plainText: plainText, figure: try? figure(), cssClass: "qama-tts", tableFirst: true) }

    var memberNames: [String] {
        ["p", "successes", "runs", "lower", "upper", "sweeps", "sweeps_lower", "sweeps_upper", "tts", "tts_lower", "tts_upper",
         "seconds", "per_run", "energies", "target", "figure"]
    }

    func member(_ name: String, session: Session) throws -> Value? {
        func each(_ f: (Entry, TimeToTarget.Summary) -> Double) -> Value {
            let values = entries.map { f($0, summary($0)) }
            return entries.count == 1 ? .number(values[0]) : .tensor(Tensor(values))
        }
        switch name {
        case "p": return each { $1.p }
        case "successes": return each { Double($1.interval.successes) }
        case "runs": return each { Double($1.interval.trials) }
        case "lower": return each { $1.interval.lower }
        case "upper": return each { $1.interval.upper }
        case "sweeps": return each { $1.sweeps.value }
        case "sweeps_lower": return each { $1.sweeps.lower }
        case "sweeps_upper": return each { $1.sweeps.upper }
        case "tts": return each { $1.seconds.value }
        case "tts_lower": return each { $1.seconds.lower }
        case "tts_upper": return each { $1.seconds.upper }
        case "seconds": return each { $1.meanSeconds }
        case "per_run": return each { e, _ in e.sweepsPerRun }
        case "energies":
            let tensors = entries.map { Tensor($0.measurement.runs.map(\.bestEnergy)) }
            return entries.count == 1 ? .tensor(tensors[0]) : .array(tensors.map { .tensor($0) })
        case "target": return .number(target)
        case "figure": return try figure().map { .library($0) } ?? .nothing
        default: return nil
        }
    }
}
