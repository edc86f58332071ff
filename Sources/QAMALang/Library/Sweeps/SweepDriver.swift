import Foundation
import IsingCore

/// Solves a list of sweep points — each a set of param values, applied to every model of a batch — with one
/// progress display for the whole sweep and an interrupt that keeps the points already solved.
///
/// Every solve re-weights the model's last Ising problem (never rebuilding) and uses the same solver, seed
/// included, so the points are compared on equal terms. Whether the display appears is decided from the
/// expected work, never the clock, and it ends on a fixed line, so saved notebooks reproduce.
struct SweepDriver {
    let models: [ModelHandle]
    let solver: SolverValue
    let session: Session
    /// "sweep γ · sa · 8 reads".
    let label: String

    /// What a run produced: per point solved (in order), the result for each model; `interrupted` when the
    /// user stopped it before the last point.
    struct Outcome {
        var results: [[SolveResult]]
        var interrupted: Bool
    }

    /// - Parameter describe: the point's label on the live display, e.g. "β = 0.2, γ = 0.8".
    func run(points: [[String: Double]], describe: (Int) -> String, callRange: SourceRange?) throws -> Outcome {
        let base = session.paramValues
        var perPoint = 0.0
        for model in models {
            perPoint += StructuredSolve.estimatedWork(model, solver, params: base)
        }
        let display = perPoint * Double(points.count) > SolverValue.progressThreshold ? ProgressView.nextDisplayID() : nil
        let started = Date()
        var lastUpdate = Date.distantPast
        var results: [[SolveResult]] = []
        var interrupted = false
        sweep: for (k, point) in points.enumerated() {
            if let id = display, Date().timeIntervalSince(lastUpdate) >= 0.25 {
                let best = results.flatMap { $0.map(\.bestEnergy) }.min()
                let progress = SolveProgress(fraction: Double(k) / Double(points.count), bestEnergy: best)
                session.output.display(ProgressView.bundle(label: label + " · \(describe(k)) (\(k + 1)/\(points.count))",
                                                           progress: progress, elapsed: Date().timeIntervalSince(started)),
                                       metadata: [:], displayID: id, update: k > 0)
                lastUpdate = Date()
            }
            var params = base
            for (name, value) in point { params[name] = value }
            var solved: [SolveResult] = []
            for model in models {
                if session.isInterrupted { interrupted = true; break sweep }
                do {
                    solved.append(try SolveService.solve(model, with: solver, params: params, session: session, showProgress: false))
                } catch {
                    let e = LanguageError(error)
                    if e.kind == .interrupted {
                        interrupted = true
                        break sweep
                    }
                    if let id = display {
                        session.output.display(ProgressView.finished(label + " · failed"), metadata: [:], displayID: id, update: true)
                    }
                    throw e.located(callRange)
                }
            }
            results.append(solved)
        }
        if let id = display {
            let line = interrupted ? "\(label) · interrupted after \(results.count) of \(points.count) points"
                                   : "\(label) · \(points.count) points solved"
            session.output.display(ProgressView.finished(line), metadata: [:], displayID: id, update: true)
        }
        if interrupted {
            if results.isEmpty { throw LanguageError.interrupted().located(callRange) }
            session.eprint("sweep interrupted: kept the \(results.count) of \(points.count) points solved before the interrupt")
        }
        return Outcome(results: results, interrupted: interrupted)
    }
}
